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


def top_place(page):
    """Return the id of the first paragraph or permalink section in view."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                   'article.para[id], .permalink > [id]')]
                 .find(p => p.getBoundingClientRect().bottom > 48).id"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_switching_script_on_a_permalink_keeps_the_readers_place(page, site, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site + DOC + "i/1/")
    expect(page.locator(".para-zh")).to_have_attribute("lang", "zh-Hans")
    page.evaluate("document.getElementById('annotations').scrollIntoView()")
    place = top_place(page)
    page.locator(".script-switch a[lang=zh-Hant]").click()
    expect(page).to_have_url(site + DOC + f"i/1/?lang=zh-Hant#{place}")
    # I.1 as hk01 printed it, in traditional characters.
    expect(page.locator(".para-zh")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator(".para-zh")).to_contain_text("開闢")
    page.wait_for_timeout(300)
    assert top_place(page) == place
    page.locator(".script-switch a[lang=zh-Hans]").click()
    expect(page).to_have_url(site + DOC + f"i/1/?lang=zh#{place}")
    expect(page.locator(".para-zh")).to_contain_text("开辟")


@pytest.mark.parametrize("width", [1280, 390])
def test_switching_script_beside_the_english_keeps_the_readers_place(page, site, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site + DOC)
    page.evaluate("document.getElementById('iii-5').scrollIntoView()")
    place = top_paragraph(page)
    page.locator(".script-switch a[lang=zh-Hant]").first.click()
    expect(page).to_have_url(site + DOC + f"?script=zh-Hant#{place}")
    page.wait_for_timeout(300)
    assert top_paragraph(page) == place
    # Both columns still: the English beside the traditional characters.
    expect(page.locator("#i-1 .para-en")).to_be_visible()
    expect(page.locator("#i-1 .para-zh")).to_have_attribute("lang", "zh-Hant")
    # IV.4's source printed simplified characters: said, not silently swapped.
    iv4 = page.locator("#iv-4 .para-zh")
    expect(iv4).to_contain_text("Not available in traditional characters")
    expect(iv4).to_contain_text("simplified characters, as printed")
    page.locator(".script-switch a[lang=zh-Hans]").first.click()
    expect(page).to_have_url(site + DOC + f"#{place}")
    expect(page.locator("#i-1 .para-zh")).to_have_attribute("lang", "zh-Hans")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_in_the_permalink_and_side_by_side_script_states(
    page, site, axe_violations, width
):
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for path in [
        DOC + "?script=zh-Hant",
        DOC + "i/1/?lang=zh-Hant",
        DOC + "iv/4/?lang=zh-Hant",
        DOC + "i/?script=zh-Hant",
    ]:
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_switch_covers_no_text_on_a_wide_screen(page, site):
    # Fixed to a corner, it has a margin of its own. Checked at the top, in
    # the middle and at the end of a page in traditional characters.
    page.set_viewport_size({"width": 1280, "height": 844})
    page.goto(site + DOC + "?lang=both&script=zh-Hant")
    texts = ".para-text, .text-source, .site-footer p, .filters input, .para-label"
    for scroll in ["0", "document.body.scrollHeight / 2", "document.body.scrollHeight"]:
        page.evaluate(f"window.scrollTo(0, {scroll})")
        switch = page.locator(".script-switch").first.bounding_box()
        covered = [
            box
            for box in page.evaluate(
                """selector => [...document.querySelectorAll(selector)].map(e => {
                    const r = e.getBoundingClientRect();
                    return {x: r.x, y: r.y, width: r.width, height: r.height};
                })""",
                texts,
            )
            if box["width"] and overlaps(box, switch)
        ]
        assert covered == [], (scroll, covered[:3])
