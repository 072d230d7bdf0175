"""The reading list in a real browser: pins, the shared URL, the header count."""

import re

import pytest
from playwright.sync_api import expect

SHARED = "/reading-list/?p=ii-14,iv-4"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_shared_list_reads_without_pins_and_pins_on_request(browser, site):
    context = browser.new_context()  # a fresh browser: no pins
    page = context.new_page()
    page.goto(site + SHARED)
    expect(page.locator(".shared-list article.para")).to_have_count(2)
    expect(page.locator("#ii-14 .para-en")).to_contain_text(
        "prevent the spread of radical ideologies"
    )
    expect(page.locator("#iv-4 .para-zh")).to_contain_text("人工智能")
    expect(page.locator("#ii-14 .zh-missing")).to_contain_text(
        "Chinese original not available"
    )
    # On the configured public origin (settings.SITE_URL), whatever serves it.
    expect(page.get_by_label("Share this list")).to_have_value(
        re.compile(r"^https?://[^/]+/reading-list/\?d=tianjin-2025&p=ii-14,iv-4$")
    )
    expect(page.locator(".reading-list-link .pin-count")).to_be_hidden()

    page.get_by_role("button", name="Pin these").click()
    expect(page.get_by_role("status")).to_contain_text("2 paragraphs pinned")
    expect(page.locator("#iv-4 .pin-button")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="Reading list 2 pinned")).to_be_visible()

    page.get_by_role("navigation", name="Site").get_by_role(
        "link", name="Reading list"
    ).click()
    items = page.locator(".pinned li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("prevent the spread of radical ideologies")
    expect(items.nth(1).locator("[lang=zh-Hans]")).to_contain_text("人工智能")
    # II.14 has no Chinese original loaded: none is shown.
    expect(items.nth(0).locator("[lang=zh-Hans]")).to_have_count(0)
    context.close()


def test_pin_buttons_say_whether_they_are_pressed(page, site):
    page.goto(site + "/declarations/tianjin-2025/iv/")
    expect(page.get_by_role("button", name="Pin tianjin-2025, IV.4")).to_have_count(1)
    button = page.locator("#iv-4 .pin-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Pinned tianjin-2025, IV.4")).to_have_count(
        1
    )
    expect(page.locator(".reading-list-link .pin-count")).to_contain_text("1")
    page.goto(site + "/themes/")
    expect(page.locator(".reading-list-link .pin-count")).to_contain_text("1")


def test_unpin_all_asks_first(page, site):
    page.goto(site + SHARED)
    page.get_by_role("button", name="Pin these").click()
    page.goto(site + "/reading-list/")
    expect(page.locator(".pinned li")).to_have_count(2)
    questions = []

    def answer(accept):
        def handler(dialog):
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handler

    page.once("dialog", answer(False))
    page.get_by_role("button", name="Unpin all").click()
    expect(page.locator(".pinned li")).to_have_count(2)
    page.once("dialog", answer(True))
    page.get_by_role("button", name="Unpin all").click()
    expect(page.locator(".pinned li")).to_have_count(0)
    expect(page.get_by_text("No paragraph pinned yet.")).to_be_visible()
    assert questions == ["Unpin all 2 paragraphs? This cannot be undone."] * 2


@pytest.mark.screenshots
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screenshots(browser, site, artifacts, viewport):
    """Screenshots to look at, in test-results/ (git-ignored)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    width = viewport["width"]
    page.goto(site + SHARED)
    page.get_by_role("button", name="Pin these").click()
    page.screenshot(path=artifacts / f"reading-list-shared-{width}.png", full_page=True)
    page.goto(site + "/reading-list/")
    expect(page.locator(".pinned li [lang=en]")).to_have_count(2)
    page.screenshot(path=artifacts / f"reading-list-own-{width}.png", full_page=True)
    context.close()
