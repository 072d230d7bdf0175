"""axe-core finds no violations on the reading pages."""

import pytest
import reversion
from django.contrib.auth.models import User
from reversion.models import Version

from declarations.models import Annotation, Paragraph
from tests.browser.test_admin import (
    ask_to_add_sport_to_three_paragraphs,
    log_in_as_curator,
)


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
    "/declarations/tianjin-2025/ii/999/",
    "/declarations/tianjin-2025/vii/",
    "/declarations/tianjin-2025/ii/14/?quote=racial+and+ethnic+discrimination",
    "/entities/india/",
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


def test_every_disclosure_opened_fits_a_390_px_phone(page, site):
    # Long source addresses (the Chinese title's, the English file's) wrap
    # inside "Where the texts come from" instead of widening the page.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/declarations/tianjin-2025/", "/declarations/tianjin-2025/iv/4/"]:
        page.goto(site + path)
        page.evaluate(
            "document.querySelectorAll('details').forEach(d => d.open = true)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


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


# Markup of Django's admin that these pages do not override, each excused
# for one rule on one element by narrowing the rule's selector (axe-core
# 4.x's own selector, less that element):
DJANGO_MARKUP = [
    # admin/edit_inline/tabular.html heads the column of each row's name
    # with an empty cell; filling it would mean copying the whole template.
    {
        "id": "empty-table-header",
        "selector": 'th:not([role]):not(.original), [role="rowheader"], '
        '[role="columnheader"]',
    },
    # select2 (vendored by Django for autocomplete fields) puts its "remove
    # all" <span> inside its list of chosen items, and draws that list again
    # at every change.
    {"id": "list", "selector": "ul:not(.select2-selection__rendered), ol"},
]


def curators_admin_pages(page, site):
    """Yield (name, URL) of the admin pages a curator uses, with an
    annotation that has a history; the bulk-theme confirmation is a POST,
    reached through the list as a curator does."""
    log_in_as_curator(page, site)
    paragraph = Paragraph.objects.get(label="II.14")
    curator = User.objects.get(username="curator")
    for body in ["A first wording.", "A *second* wording."]:
        with reversion.create_revision():
            reversion.set_user(curator)
            annotation, _ = Annotation.objects.update_or_create(
                paragraph=paragraph, kind="context", defaults={"body": body}
            )
    version = Version.objects.get_for_object(annotation).last()
    admin = site + "/admin/declarations/"
    return {
        "paragraphs": admin + "paragraph/",
        "paragraphs filtered": admin + "paragraph/?section__key=ii&has_chinese=yes",
        "paragraph": admin + f"paragraph/{paragraph.pk}/change/",
        "paragraph history": admin + f"paragraph/{paragraph.pk}/history/",
        "annotations": admin + "annotation/",
        "new annotation": admin + "annotation/add/",
        "annotation": admin + f"annotation/{annotation.pk}/change/",
        "annotation history": admin + f"annotation/{annotation.pk}/history/",
        "annotation version": admin
        + f"annotation/{annotation.pk}/history/{version.pk}/",
        "deleted annotations": admin + "annotation/recover/",
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_on_the_curators_admin_pages(
    page, site, axe_violations, width
):
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for name, url in curators_admin_pages(page, site).items():
        page.goto(url)
        found[name] = axe_violations(page, DJANGO_MARKUP)
    ask_to_add_sport_to_three_paragraphs(page, site)
    found["bulk theme confirmation"] = axe_violations(page, DJANGO_MARKUP)
    assert {name: v for name, v in found.items() if v} == {}
