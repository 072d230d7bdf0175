"""A researcher's journey through the reader in a real browser."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def test_from_home_to_a_permalink_and_back(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Section II").first.click()
    expect(page).to_have_url(site + "/declarations/tianjin-2025/ii/")
    expect(page.locator("article.para")).to_have_count(44)
    page.locator("#ii-14").get_by_role("link", name="II.14").click()
    expect(page).to_have_url(site + "/declarations/tianjin-2025/ii/14/")
    expect(page).to_have_title(re.compile(r"^Tianjin Declaration \(2025\), II\.14"))
    expect(page.locator("#ii-14 .para-en")).to_contain_text("radical ideologies")
    expect(page.locator("#ii-14 .zh-missing")).to_contain_text(
        "Chinese original not available"
    )
    page.get_by_role("link", name="II.15 →").click()
    expect(page).to_have_url(site + "/declarations/tianjin-2025/ii/15/")


def test_language_switch_is_kept_in_links(page, site):
    page.goto(site + "/declarations/tianjin-2025/i/")
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(site + "/declarations/tianjin-2025/i/?lang=en")
    expect(page.locator(".para-zh")).to_have_count(0)
    page.get_by_role("link", name="Section II →").click()
    expect(page).to_have_url(site + "/declarations/tianjin-2025/ii/?lang=en")
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="中文"
    ).click()
    expect(page.locator(".para-en")).to_have_count(0)
    expect(page.locator('.para-zh[lang="zh-Hans"]')).to_have_count(4)


def test_filter_by_two_themes_without_javascript_help(page, site):
    page.goto(site + "/declarations/tianjin-2025/")
    page.get_by_text(
        "Themes, section, instrument, entities and Chinese original"
    ).click()
    page.get_by_label("Energy").check()
    page.get_by_label("Environment, climate and sustainable development").check()
    page.get_by_label("Paragraphs with").select_option("all")
    page.get_by_role("button", name="Apply filters").last.click()
    expect(page).to_have_url(re.compile(r"theme=energy&theme=environment-climate"))
    expect(page.locator(".results-summary")).to_contain_text(
        "2 of 134 paragraphs match"
    )
    expect(page.locator("article.para")).to_have_count(2)
    page.get_by_role("link", name=re.compile("Theme: Energy")).click()
    expect(page).not_to_have_url(re.compile("theme=energy"))
    expect(page.locator(".active-filters li")).to_have_count(1)


def test_search_in_chinese_highlights_matches(page, site):
    page.goto(site + "/declarations/tianjin-2025/")
    page.get_by_label("Search the text").fill("人工智能")
    page.get_by_label("Search the text").press("Enter")
    expect(page.locator("#iv-4 .para-zh mark").first).to_have_text("人工智能")
    # The termbase also searched the English for the same term.
    expect(page.locator("#iv-4 .para-en mark").first).to_have_text(
        "artificial intelligence"
    )
    expect(page.locator("#iv-4")).to_be_visible()


def test_copy_link_puts_the_permalink_on_the_clipboard(page, site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/declarations/tianjin-2025/ii/14/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == (
        site + "/declarations/tianjin-2025/ii/14/"
    )


def test_j_and_k_move_between_paragraphs(page, site):
    page.goto(site + "/declarations/tianjin-2025/")
    page.locator("body").press("j")
    expect(page).to_have_url(re.compile("#preamble-1$"))
    page.locator("body").press("j")
    page.locator("body").press("j")
    expect(page).to_have_url(re.compile("#i-2$"))
    expect(page.locator("#i-2")).to_be_focused()
    page.locator("body").press("k")
    expect(page).to_have_url(re.compile("#i-1$"))


def test_a_permalink_opens_on_its_paragraph_fragment(page, site):
    page.goto(site + "/declarations/tianjin-2025/#iii-30")
    box = page.locator("#iii-30").bounding_box()
    assert 0 <= box["y"] < 100


@pytest.mark.parametrize("width", [1280, 390])
def test_document_page_screenshots(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/declarations/tianjin-2025/")
    page.screenshot(path=str(artifacts / f"document-{width}.png"))
    page.goto(site + "/declarations/tianjin-2025/#i-1")
    page.screenshot(path=str(artifacts / f"document-{width}-text.png"))
    # On narrow screens the columns stack: Chinese sits below the English.
    english = page.locator("#i-1 .para-en").bounding_box()
    chinese = page.locator("#i-1 .para-zh").bounding_box()
    if width == 390:
        assert chinese["y"] > english["y"] + english["height"] - 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    else:
        assert abs(chinese["y"] - english["y"]) < 2
        assert chinese["x"] > english["x"] + english["width"]
