"""The 简/繁 switch: it keeps the reader's place, and axe finds nothing in
the pages it leads to, at a desktop and a phone width."""

import pytest
from playwright.sync_api import expect

DOC = "/declarations/tianjin-2025/"


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which our strict CSP would block.
    return {**browser_context_args, "bypass_csp": True}


def top_paragraph(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('article.para[id]')]
                 .find(p => p.getBoundingClientRect().bottom > 48).id"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_switching_script_keeps_the_readers_place(page, site, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site + DOC + "?lang=zh")
    page.evaluate("document.getElementById('iii-5').scrollIntoView()")
    place = top_paragraph(page)
    page.locator(".script-switch a[lang=zh-Hant]").first.click()
    expect(page).to_have_url(site + DOC + f"?lang=zh-Hant#{place}")
    page.wait_for_timeout(300)
    assert top_paragraph(page) == place
    page.locator(".script-switch a[lang=zh-Hans]").first.click()
    expect(page).to_have_url(site + DOC + f"?lang=zh#{place}")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_in_the_script_states(page, site, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for path in [DOC + "?lang=zh-Hant", DOC + "?lang=zh-Hans", DOC + "i/?lang=zh-Hant"]:
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
