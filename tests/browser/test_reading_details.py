"""The reading pages' details a new researcher trips over first (issue 26):
print, the matrix, the missing-paragraph notice, filter pickers, phone
contents, the reading list, citations, quote links and the curator's history,
seen in a real browser at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from declarations.models import Annotation
from tests.browser.test_admin import log_in_as_curator

DOC = "/declarations/tianjin-2025/"
WIDTHS = [1280, 390]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def screenshot(page, artifacts, name):
    page.screenshot(path=str(artifacts / f"newcomer-{name}.png"), full_page=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_printed_paragraph_carries_its_permalink_citation_status_and_date(
    page, site, artifacts, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + DOC + "iv/4/")
    page.emulate_media(media="print")
    printed = page.locator(".print-citation")
    expect(printed).to_be_visible()
    expect(printed).to_contain_text(f"Permanent link: {site}{DOC}iv/4/")
    expect(printed).to_contain_text("Cite as: Council of Heads of State")
    expect(printed).to_contain_text("Unofficial English translation")
    today = page.evaluate(
        "new Date().toLocaleDateString('en-GB',"
        " {day: 'numeric', month: 'long', year: 'numeric'})"
    )
    expect(printed).to_contain_text(f"Printed on {today}")
    page.screenshot(path=str(artifacts / f"newcomer-print-{width}.png"), full_page=True)
    page.emulate_media(media="screen")
    expect(printed).to_be_hidden()


def test_the_matrix_says_china_proposes_iii_1_and_india_links_its_absence(page, site):
    page.goto(site + DOC + "overview/")
    china = page.locator('g[aria-label^="China, III.1"]')
    expect(china).to_have_attribute(
        "aria-label", "China, III.1: named as the proposer, not among the subjects"
    )
    expect(china).to_contain_text("proposes")
    expect(page.locator('g[aria-label^="India, III.1"]')).to_contain_text("absent")
    expect(page.locator("#matrix-caption")).to_contain_text(
        "“proposes”: the paragraph names the state as the proposer"
    )
    page.goto(site + "/entities/india/")
    absences = page.get_by_role("region", name="Absent from")
    absences.get_by_role("link", name="Tianjin Declaration (2025), III.1").click()
    expect(page).to_have_url(site + DOC + "iii/1/")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_missing_paragraph_says_what_the_section_has(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site + DOC + "ii/999/")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text(
        "Section II of the Tianjin Declaration (2025) has no paragraph II.999. "
        "It has 44 paragraphs"
    )
    expect(
        page.get_by_role("list", name="The paragraphs of Section II").get_by_role(
            "link"
        )
    ).to_have_count(44)
    page.goto(site + DOC + "#ii-999")
    notice = page.locator(".hash-missing")
    expect(notice).to_contain_text(
        "There is no paragraph II.999: Section II has 44 paragraphs (II.1–II.44)"
    )
    expect(notice).to_be_in_viewport()
    screenshot(page, artifacts, f"hash-missing-{width}")
    page.goto(site + DOC + "?section=i#ii-14")
    notice.get_by_role("link", name="read II.14 on its own page").click()
    expect(page).to_have_url(site + DOC + "ii/14/")


def test_removing_the_last_filter_gives_the_clean_page_url(page, site):
    page.goto(site + DOC + "?q=energy")
    page.get_by_role("link", name=re.compile("Search: “energy”")).click()
    expect(page).to_have_url(site + DOC)
    page.goto(site + DOC + "?q=energy&expand=0")
    page.get_by_role("link", name="Also search related terms").click()
    expect(page).to_have_url(site + DOC + "?q=energy")


def test_the_favicon_is_served(page, site):
    response = page.goto(site + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")


def page_scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_entities_are_chosen_with_checkboxes_grouped_and_sorted_without_side_scroll(
    page, site, artifacts, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + DOC)
    page.get_by_text(
        "Themes, section, instrument, entities and Chinese original"
    ).click()
    picker = page.get_by_role("group", name=re.compile("Names any of the entities"))
    expect(picker).to_be_visible()
    assert page_scrolls_sideways(page) == 0
    groups = page.evaluate(
        """[...document.querySelectorAll('#id_entity > div')].map(group => [
            group.querySelector(':scope > label').textContent,
            [...group.querySelectorAll('input')]
                .map(i => i.parentElement.textContent.trim()),
        ])"""
    )
    assert [kind for kind, _ in groups][:3] == [
        "SCO member state",
        "Observer or partner state",
        "Other state or territory",
    ]
    for _, names in groups:
        assert names == sorted(names, key=str.casefold)
    picker.get_by_label("Show names containing").fill("indi")
    expect(picker.get_by_role("checkbox", name="India", exact=True)).to_be_visible()
    expect(picker.get_by_role("checkbox", name="Belarus")).to_be_hidden()
    picker.get_by_role("checkbox", name="India", exact=True).check()
    picker.get_by_label("Show names containing").fill("bela")
    picker.get_by_role("checkbox", name="Belarus").check()
    expect(picker.get_by_role("checkbox", name="India", exact=True)).to_be_visible()
    screenshot(page, artifacts, f"picker-{width}")
    assert page_scrolls_sideways(page) == 0
    page.get_by_role("button", name="Apply filters").last.click()
    expect(page).to_have_url(site + DOC + "?entity=belarus&entity=india")
    expect(page.locator(".results-summary")).to_contain_text("Names: Belarus")


@pytest.mark.parametrize("path", [DOC, DOC + "v/"])
def test_the_phone_contents_show_every_section_on_the_screen(
    page, site, artifacts, path
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + path)
    assert page_scrolls_sideways(page) == 0
    items = page.locator(".toc li[data-section]")
    expect(items).to_have_count(6)
    for box in [item.bounding_box() for item in items.all()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["y"] + box["height"] <= 844, box
    if path.endswith("v/"):
        expect(page.locator('.toc [aria-current="page"]')).to_be_in_viewport()
    screenshot(page, artifacts, "contents-" + path.strip("/").replace("/", "-"))


def test_your_reading_list_is_in_reading_order_or_as_pinned(page, site):
    page.goto(site + DOC + "ii/")
    page.locator("#ii-14 .pin-button").click()
    page.locator("#ii-3 .pin-button").click()
    page.goto(site + "/reading-list/")
    heads = page.locator(".pinned .pinned-head a")
    expect(page.locator(".pinned .para-en")).to_have_count(2)
    expect(heads).to_have_text(["tianjin-2025, II.3", "tianjin-2025, II.14"])
    page.get_by_label("As pinned").check()
    expect(page.locator(".pinned .para-en")).to_have_count(2)
    expect(heads).to_have_text(["tianjin-2025, II.14", "tianjin-2025, II.3"])
    page.get_by_label("In reading order").check()
    expect(heads).to_have_text(["tianjin-2025, II.3", "tianjin-2025, II.14"])


@pytest.mark.parametrize("width", WIDTHS)
def test_each_citation_style_shows_in_the_cite_panel_ready_to_copy(
    page, site, artifacts, width
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + DOC + "iv/4/")
    panel = page.get_by_role("region", name="Cite")
    shown = panel.get_by_label("Citation, APA (7th edition)")
    panel.get_by_role("link", name="APA (7th edition)").click()
    expect(shown).to_be_visible()
    expect(page).to_have_url(site + DOC + "iv/4/")
    expect(shown).to_have_value(
        re.compile(
            r"\[Unofficial English translation\]\. Retrieved \w+ \d+, \d{4}, from "
        )
    )
    panel.get_by_role("link", name="Chicago (notes and bibliography)").click()
    chicago = panel.get_by_label("Citation, Chicago (notes and bibliography)")
    expect(chicago).to_have_value(
        re.compile(rf"para\. IV\.4, accessed \w+ \d+, \d{{4}}, {re.escape(site)}")
    )
    screenshot(page, artifacts, f"cite-{width}")
    panel.locator(".cite-style-output").get_by_role(
        "button", name="Copy citation"
    ).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Council of Heads of State") and "accessed" in copied


@pytest.mark.parametrize("width", WIDTHS)
def test_a_quote_link_is_offered_in_words_and_made_with_the_keyboard(
    page, site, artifacts, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + DOC + "ii/14/")
    hint = page.get_by_text("Quote a passage: select words in the text")
    expect(hint).to_be_visible()
    hint.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Words of II.14 to quote").focus()
    page.keyboard.type("racial and ethnic discrimination")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        site + DOC + "ii/14/?quote=racial+and+ethnic+discrimination"
    )
    expect(page.locator("mark#quote")).to_have_text("racial and ethnic discrimination")
    expect(page.get_by_label("Link to this quote")).to_have_value(
        re.compile(r"/ii/14/\?quote=racial%20and%20ethnic%20discrimination$")
    )
    screenshot(page, artifacts, f"quote-{width}")


def test_the_curators_history_says_what_happened(page, site, artifacts):
    log_in_as_curator(page, site)
    page.goto(site + "/admin/declarations/annotation/add/")
    orphaned = page.locator(".field-orphan_state")
    expect(orphaned).to_contain_text("Checked when the note is saved.")
    expect(orphaned.locator("img")).to_have_count(0)
    note = Annotation.objects.filter(kind=Annotation.Kind.EDITORIAL_NOTE).first()
    page.goto(site + f"/admin/declarations/annotation/{note.pk}/change/")
    expect(page.locator(".field-last_change")).to_contain_text(
        "loaded with the corpus at"
    )
    page.get_by_label("Body").fill(note.body + " Checked again.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(site + f"/admin/declarations/annotation/{note.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    expect(rows.first).to_contain_text("As loaded with the corpus")
    expect(rows.first.locator("th")).to_have_text(
        re.compile(r"^\d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d$")
    )
    screenshot(page, artifacts, "history")


@pytest.fixture
def axe_context(browser):
    # axe is injected as an inline script, which the strict CSP would block.
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_in_the_states_scripts_make(
    axe_context, site, axe_violations, width
):
    page = axe_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    page.goto(site + DOC + "#ii-999")
    expect(page.locator(".hash-missing")).to_be_visible()
    found["#ii-999"] = axe_violations(page)
    page.goto(site + DOC)
    page.get_by_text(
        "Themes, section, instrument, entities and Chinese original"
    ).click()
    page.get_by_label("Show names containing").fill("ind")
    found["picker"] = axe_violations(page)
    page.goto(site + DOC + "iv/4/")
    page.get_by_role("link", name="APA (7th edition)").click()
    expect(page.locator(".cite-style-output")).to_be_visible()
    found["cite"] = axe_violations(page)
    page.goto(site + DOC + "ii/")
    page.locator("#ii-14 .pin-button").click()
    page.locator("#ii-3 .pin-button").click()
    page.goto(site + "/reading-list/")
    expect(page.locator(".pinned .para-en")).to_have_count(2)
    found["reading list"] = axe_violations(page)
    assert {state: v for state, v in found.items() if v} == {}


def test_the_contents_mark_the_last_section_at_the_end_of_the_page(page, site):
    # Seen red: with Section V on screen at the page's end, the contents
    # still marked Section IV (V never reached the top of the window).
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.goto(site + DOC + "?theme=united-nations")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator('.toc li[data-section="v"]')).to_have_class(
        re.compile(r"\bcurrent\b")
    )
    expect(page.locator('.toc li[data-section="iv"]')).not_to_have_class(
        re.compile(r"\bcurrent\b")
    )
