"""Research tools in a real browser: inline links, the Cite panel, pins."""

import csv
import io

import bibtexparser
import pytest
from playwright.sync_api import expect

from declarations.open_data import CSV_COLUMNS


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True}


def test_follow_an_inline_instrument_link(page, site):
    page.goto(site + "/declarations/tianjin-2025/ii/14/")
    link = page.locator("#ii-14 .para-en a.xref").first
    expect(link).to_have_attribute(
        "aria-describedby", "note-sco-convention-countering-extremism"
    )
    link.focus()
    expect(page.locator(".xref-tip")).to_contain_text(
        "SCO Convention on Countering Extremism (Astana"
    )
    page.keyboard.press("Escape")
    expect(page.locator(".xref-tip")).to_have_count(0)
    link.hover()
    expect(page.locator(".xref-tip")).to_have_count(1)
    link.click()
    expect(page).to_have_url(site + "/instruments/sco-convention-countering-extremism/")
    expect(page.locator("#ii-14")).to_be_visible()


def test_cite_panel_copies_bibtex(page, site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/declarations/tianjin-2025/ii/14/")
    page.get_by_text("BibTeX, RIS and CSL-JSON").click()
    page.get_by_role("button", name="Copy BibTeX").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    (entry,) = bibtexparser.parse_string(copied).entries
    assert entry.fields_dict["url"].value == site + "/declarations/tianjin-2025/ii/14/"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download .ris").click()
    assert download.value.suggested_filename == "tianjin-2025-ii-14.ris"


def test_a_second_press_unpins(page, site):
    page.goto(site + "/declarations/tianjin-2025/ii/")
    button = page.locator("#ii-5 .pin-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(button).to_have_attribute("aria-pressed", "false")
    page.get_by_role("link", name="Reading list").click()
    expect(page.locator(".pinned li")).to_have_count(0)


def test_pin_two_paragraphs_and_export_them(page, site):
    page.goto(site + "/declarations/tianjin-2025/ii/")
    page.locator("#ii-14 .pin-button").click()
    page.locator("#ii-3 .pin-button").click()
    expect(page.locator("#ii-14 .pin-button")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("#ii-3 .pin-button")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Reading list").click()
    expect(page.locator(".pinned li")).to_have_count(2)
    expect(page.locator(".pinned")).to_contain_text("tianjin-2025, II.14")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    # In reading order, the columns of every paragraph CSV (issue 26).
    assert [row["label"] for row in rows] == ["II.3", "II.14"]
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[1]["instrument_titles"].startswith("Program of Cooperation")
    assert rows[0]["instruments"] == (
        "agreement-comprehensive-security-center agreement-sco-anti-drug-center"
    )

    page.get_by_label("Export as").select_option("bibtex")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    library = bibtexparser.parse_string(open(download.value.path()).read())
    assert len(library.entries) == 2

    page.get_by_role("button", name="Unpin tianjin-2025, II.3").click()
    expect(page.locator(".pinned li")).to_have_count(1)
