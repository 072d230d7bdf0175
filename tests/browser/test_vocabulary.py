"""/vocabulary/ in a real browser: no axe violation, no sideways scrolling
on a phone (long addresses wrap), and a search naming a concept the text
never prints points to the concept's page."""

import pytest


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which our strict CSP would block.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_vocabulary_page_is_accessible_and_fits(page, site, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 844})
    for path in ["/vocabulary/", "/vocabulary/?kind=term"]:
        page.goto(site + path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_a_name_absent_from_the_text_leads_to_its_entity(page, site):
    page.goto(site + "/declarations/tianjin-2025/?q=India")
    notice = page.locator(".not-in-text")
    assert "itself is not in the text" in notice.inner_text()
    notice.get_by_role("link", name="India").click()
    page.wait_for_url("**/entities/india/")
    assert page.locator("h1").inner_text().startswith("India")
