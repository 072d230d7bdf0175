"""Reading position, results first and the bilingual layout, in Chromium at
a desktop and a phone width. Each checks what a researcher saw go wrong."""

import re

import pytest
from playwright.sync_api import expect

DOC = "/declarations/tianjin-2025/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def top_of(page, selector):
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


def in_view(page, selector):
    return page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
                 return r.bottom > 0 && r.top < window.innerHeight; }""",
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_back_from_an_inline_link_returns_to_the_paragraph(page, site, viewport):
    page.set_viewport_size(viewport)
    page.goto(site + DOC)
    link = page.locator("#ii-14 a.xref").first
    link.scroll_into_view_if_needed()
    link.click()
    expect(page).to_have_url(re.compile("/instruments/"))
    page.go_back()
    expect(page).to_have_url(site + DOC)
    page.wait_for_timeout(300)
    assert in_view(page, "#ii-14")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_an_anchor_opens_at_its_paragraph(page, site, viewport):
    page.set_viewport_size(viewport)
    page.goto(site + DOC + "#iv-5")
    page.wait_for_timeout(300)
    assert abs(top_of(page, "#iv-5")) <= 100


def test_the_scrollbar_tells_the_truth(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + DOC)
    first = page.evaluate("document.documentElement.scrollHeight")
    heights = []
    for step in range(0, first, 2000):
        page.evaluate(f"window.scrollTo(0, {step})")
        page.wait_for_timeout(30)
        heights.append(page.evaluate("document.documentElement.scrollHeight"))
    assert max(abs(h - first) for h in heights) <= 0.02 * first


def test_the_contents_mark_the_section_being_read(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + DOC + "#iii-10")
    current = page.locator('.toc li[data-section="iii"] a')
    expect(current).to_have_attribute("aria-current", "location")
    page.goto(site + DOC + "#v-2")
    expect(page.locator('.toc li[data-section="v"] a')).to_have_attribute(
        "aria-current", "location"
    )


def test_on_a_phone_the_first_result_shows_without_scrolling(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + DOC)
    page.fill("#id_q", "energy")
    page.locator("form.filters button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"\?q=energy$"))
    summary = page.locator(".results-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("of 134 paragraphs match")
    first = page.locator("article.para").first
    assert first.bounding_box()["y"] < PHONE["height"]
    assert page.evaluate("window.scrollY") == 0


def test_missing_chinese_leaves_the_english_the_full_width(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + DOC)
    without = page.locator("#ii-14 .para-en").bounding_box()["width"]
    with_chinese = page.locator("#ii-3 .para-en").bounding_box()["width"]
    assert without > 1.5 * with_chinese
    expect(page.locator("#ii-14 .zh-missing")).to_contain_text("not available")
    expect(page.locator("#ii-3 .para-zh")).to_be_visible()


def test_chinese_mode_keeps_the_thread_with_folded_english(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + DOC + "?lang=zh")
    folded = page.locator("#ii-14 details.para-fallback")
    expect(folded).to_contain_text("Chinese original not available")
    expect(folded.locator("div[lang=en]")).to_be_hidden()
    folded.locator("summary").click()
    expect(folded.locator("div[lang=en]")).to_contain_text("radical ideologies")
    expect(page.locator("#ii-3 .para-zh")).to_be_visible()


def test_search_highlights_whole_words_only(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + DOC + "?q=UN&expand=0")
    marks = page.locator("mark").all_inner_texts()
    assert marks
    assert {m.lower() for m in marks} == {"un"}
    expect(page.locator("#preamble-1")).to_have_count(0)  # "Shanghai" only


def test_the_skip_link_lands_on_the_text(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + DOC)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#text")).to_be_focused()


@pytest.mark.screenshots
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screens_for_a_person_to_look_at(page, site, artifacts, viewport):
    page.set_viewport_size(viewport)
    width = viewport["width"]
    for name, url in [
        ("document", DOC),
        ("search", DOC + "?q=artificial+intelligence"),
        ("chinese", DOC + "?lang=zh"),
    ]:
        page.goto(site + url)
        page.screenshot(path=str(artifacts / f"reader-{name}-{width}.png"))
