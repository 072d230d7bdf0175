"""axe-core finds no violations on the reading pages."""

import pytest


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which our strict CSP would block.
    return {**browser_context_args, "bypass_csp": True}


PAGES = [
    "/",
    "/declarations/tianjin-2025/",
    "/declarations/tianjin-2025/?theme=energy&theme=finance&q=cooperation",
    "/declarations/tianjin-2025/?q=nothing-matches-this",
    "/declarations/tianjin-2025/?lang=zh",
    "/declarations/tianjin-2025/?zh=available&q=人工智能",
    "/declarations/tianjin-2025/ii/",
    "/declarations/tianjin-2025/ii/14/",
    "/declarations/tianjin-2025/preamble/1/",
    "/themes/",
    "/themes/artificial-intelligence/",
    "/instruments/",
    "/instruments/sco-charter/",
    "/declarations/tianjin-2025/overview/",
    "/entities/",
    "/entities/belarus/",
    "/entities/sco/",
    "/declarations/tianjin-2025/iii/1/",
    "/declarations/tianjin-2025/?entity=india&entity=belarus",
    "/reading-list/",
    "/reading-list/?p=ii-14,iv-4",
    "/declarations/nope/",
]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations(page, site, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for path in PAGES:
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_subject_matrix_is_legible_on_a_390_px_phone(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/declarations/tianjin-2025/overview/")
    matrix = page.locator("svg.matrix")
    box = matrix.bounding_box()
    view_width = float(matrix.get_attribute("viewBox").split()[2])
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Drawn at 13 px, the labels stay at 12 px or more once scaled to fit.
    assert 13 * box["width"] / view_width >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_no_content_security_policy_violations(browser, site):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    for path in PAGES:
        page.goto(site + path)
    context.close()
    assert [e for e in errors if "Content Security Policy" in e] == []


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_on_the_reading_list_and_overview(
    page, site, axe_violations, width
):
    """At a desktop's width and a phone's: the shared list, the reader's own
    list drawn from its pins, and the overview (a table on the phone)."""
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    page.goto(site + "/reading-list/?p=ii-14,iv-4")
    page.get_by_role("button", name="Pin these").click()
    found["shared"] = axe_violations(page)
    page.goto(site + "/reading-list/")
    page.locator(".pinned li [lang=en]").nth(1).wait_for()
    found["own"] = axe_violations(page)
    page.goto(site + "/declarations/tianjin-2025/overview/")
    found["overview"] = axe_violations(page)
    assert found == {"shared": [], "own": [], "overview": []}


ADMIN_PAGES = [
    "/admin/declarations/paragraph/",
    "/admin/declarations/paragraph/?section__key=ii&has_chinese=yes",
    "/admin/declarations/annotation/",
    "/admin/declarations/annotation/add/",
]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_on_the_curators_admin_pages(
    page, site, axe_violations, width
):
    from tests.browser.test_admin import log_in_as_curator

    page.set_viewport_size({"width": width, "height": 844})
    log_in_as_curator(page, site)
    found = {}
    for path in ADMIN_PAGES:
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
