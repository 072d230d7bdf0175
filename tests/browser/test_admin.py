"""The curators' admin works under the strict Content-Security-Policy."""

import importlib
import re

from django.apps import apps
from playwright.sync_api import expect

from declarations.models import Theme
from tests.factories import make_user

curators_migration = importlib.import_module(
    "declarations.migrations.0002_curators_group"
)


def test_curator_logs_in_and_previews_an_annotation(page, site):
    # Transactional tests flush the group the data migration made: make it again.
    curators_migration.create_curators(apps, None)
    make_user("curator", curator=True)
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Annotations")).to_be_visible()

    page.goto(site + "/admin/declarations/annotation/add/")
    page.get_by_label("Body").fill("A **bold** claim <script>alert(1)</script>")
    preview = page.locator(".annotation-preview")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)

    page.goto(site + "/admin/declarations/paragraph/?has_chinese=no")
    # The paragraph list has actions now: "Select all 118 paragraphs" too.
    expect(page.locator(".paginator")).to_contain_text("118 paragraphs")
    assert [e for e in errors if "Content Security Policy" in e] == []


curators_may_delete = importlib.import_module(
    "declarations.migrations.0015_curators_delete_own_drafts"
)


def log_in_as_curator(page, site):
    curators_migration.create_curators(apps, None)
    curators_may_delete.grant(apps, None)
    make_user("curator", curator=True)
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()


def test_curator_bulk_adds_a_theme_and_the_filter_follows(page, site, browser):
    log_in_as_curator(page, site)
    reader = browser.new_page()  # anonymous, served from the page cache
    filtered = site + "/declarations/tianjin-2025/?theme=sport"
    reader.goto(filtered)
    for anchor in ["#iii-1", "#iii-2", "#iii-3"]:
        expect(reader.locator(anchor)).to_have_count(0)
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    ask_to_add_sport_to_three_paragraphs(page, site)
    expect(page.get_by_text("will gain the theme “Sport”")).to_be_visible()
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_text("Added theme “Sport”")).to_be_visible()
    sport = Theme.objects.get(slug="sport")
    page.goto(site + f"/admin/declarations/paragraph/?themes__id__exact={sport.pk}")
    for label in ["III.1", "III.2", "III.3"]:
        expect(page.get_by_role("link", name=label, exact=True)).to_be_visible()
    # The public theme filter follows at once.
    reader.goto(filtered)
    for anchor in ["#iii-1", "#iii-2", "#iii-3"]:
        expect(reader.locator(anchor)).to_have_count(1)
    assert [e for e in errors if "Content Security Policy" in e] == []


def ask_to_add_sport_to_three_paragraphs(page, site):
    """Select III.1–3 in the paragraph list and ask to add "Sport": the
    confirmation page is shown."""
    page.goto(site + "/admin/declarations/paragraph/?section__key=iii")
    for label in ["III.1", "III.2", "III.3"]:
        page.get_by_role("row").filter(
            has=page.get_by_role("link", name=label, exact=True)
        ).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Add a theme…")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Theme").select_option(label="Sport")
    page.get_by_role("button", name="Show what will change").click()


def test_curator_enters_chinese_only_with_its_provenance(page, site):
    log_in_as_curator(page, site)
    page.goto(site + "/admin/declarations/paragraph/?q=III.1")
    page.get_by_role("link", name="III.1", exact=True).click()
    simplified = page.get_by_role("textbox", name="Chinese text, simplified characters")
    simplified.fill("成员国测试文本（浏览器）。")
    page.get_by_role("button", name="Save", exact=True).click()
    for label in ["Source URLs", "Kind of source", "Confidence", "Note"]:
        expect(
            page.get_by_text(f"{label} is required with the Chinese")
        ).to_be_visible()
    page.get_by_label("Source URLs").fill("https://example.org/zh/iii-1")
    page.get_by_label("Kind of source").select_option(label="Official site")
    page.get_by_label("Confidence").select_option(label="High")
    page.get_by_label("Note").fill("Checked against the site.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    page.goto(site + "/declarations/tianjin-2025/iii/1/")
    expect(page.locator(".para-zh").first).to_contain_text("成员国测试文本（浏览器）。")
    expect(
        page.locator("#provenance a[href='https://example.org/zh/iii-1']")
    ).to_have_count(1)


def choose_paragraph(page, term, option):
    """Choose a paragraph in the annotation form's autocomplete."""
    page.locator(".field-paragraph .select2-selection").click()
    page.locator(".select2-search__field").fill(term)
    page.get_by_role("option", name=option).click()


def test_curator_writes_a_note_through_its_whole_life(page, site, browser):
    """From the public page to the admin and back: write beside the
    paragraph, publish, edit, revert, delete, recover, edit on the
    paragraph's page; anonymous readers see each step at once."""
    log_in_as_curator(page, site)
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(site + "/declarations/tianjin-2025/ii/14/")
    page.locator("#ii-14").get_by_role("link", name="Edit II.14 in the admin").click()
    expect(page.get_by_role("heading", name="Change paragraph")).to_be_visible()

    # Write beside the paragraph: the panel follows the paragraph chosen.
    page.goto(site + "/admin/declarations/annotation/add/")
    panel = page.locator(".paragraph-panel")
    expect(panel).to_contain_text("Choose a paragraph to see its text here.")
    choose_paragraph(page, "I.1", re.compile(r"^I\.1 — The global political"))
    expect(panel.locator("[lang=zh-Hans]")).to_contain_text("世界政治、经济形势")
    choose_paragraph(
        page, "II.14", "II.14 — Member states will continue to work together to…"
    )
    expect(panel).to_contain_text("to prevent the spread of radical ideologies")
    expect(panel).to_contain_text("Chinese original not available for II.14.")
    expect(panel).to_contain_text("Human rights")
    expect(panel.locator("[lang=zh-Hans]")).to_have_count(0)
    page.get_by_label("Body").fill("First wording, in the browser.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    expect(panel).to_contain_text("Chinese original not available for II.14.")

    reader = browser.new_page()  # anonymous: no Edit link, no drafts
    reader.goto(site + "/declarations/tianjin-2025/ii/14/")
    expect(reader.get_by_role("link", name="Edit II.14 in the admin")).to_have_count(0)
    expect(reader.get_by_text("First wording, in the browser.")).to_have_count(0)

    # Publish from the list.
    page.goto(site + "/admin/declarations/annotation/?q=First+wording")
    page.get_by_role("row").filter(has_text="First wording").get_by_role(
        "checkbox"
    ).check()
    page.locator("select[name=action]").select_option(
        label="Publish the selected annotations"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 annotation(s) set to published.")).to_be_visible()
    reader.reload()
    expect(reader.get_by_text("First wording, in the browser.")).to_be_visible()

    # Edit.
    page.get_by_role("link", name="First wording, in the browser.").click()
    page.get_by_label("Body").fill("Second wording, in the browser.")
    page.get_by_role("button", name="Save and continue editing").click()
    reader.reload()
    expect(reader.get_by_text("Second wording, in the browser.")).to_be_visible()
    expect(reader.get_by_text("First wording, in the browser.")).to_have_count(0)

    # Revert to the first version (the draft): the history shows each change.
    page.get_by_role("link", name="History").click()
    body = page.locator(".version-diff dd").filter(has_text="wording, in the")
    expect(body.locator("del")).to_have_text("First")
    expect(body.locator("ins")).to_have_text("Second")
    expect(page.get_by_text("Draft → Published")).to_be_visible()
    page.get_by_role("row").filter(has_text="Added").get_by_role("link").click()
    expect(page.get_by_label("Body")).to_have_value("First wording, in the browser.")
    expect(page.get_by_label("Status")).to_have_value("draft")
    expect(panel).to_contain_text("to prevent the spread of radical ideologies")
    page.get_by_role("button", name="Save", exact=True).click()
    reader.reload()
    expect(reader.get_by_text("wording, in the browser.")).to_have_count(0)

    # A curator deletes their own draft, and recovers it.
    page.goto(site + "/admin/declarations/annotation/?q=First+wording")
    page.get_by_role("link", name="First wording, in the browser.").click()
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.get_by_text("was deleted successfully")).to_be_visible()
    page.get_by_role("link", name="Recover deleted annotations").click()
    page.get_by_role("row").filter(has_text="II.14").get_by_role("link").first.click()
    expect(page.get_by_label("Body")).to_have_value("First wording, in the browser.")
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).click()
    reader.reload()
    expect(reader.get_by_text("First wording, in the browser.")).to_be_visible()

    # On the paragraph's page, each note previews as it is written.
    page.goto(site + "/declarations/tianjin-2025/ii/14/")
    page.locator("#ii-14").get_by_role("link", name="Edit II.14 in the admin").click()
    note = page.locator("#annotations-group .inline-related").filter(
        has=page.locator("textarea", has_text="First wording")
    )
    note.locator("textarea[name$=-body]").fill("Third, *inline* wording.")
    expect(note.locator(".annotation-preview em")).to_have_text("inline")
    saved = page.locator("#annotations-group .inline-related.has_original").count()
    page.get_by_role("button", name="Add another Annotation").click()
    added = page.locator(f"#annotations-{saved}")
    added.locator("textarea[name$=-body]").fill("A **new** inline note.")
    expect(added.locator(".annotation-preview strong")).to_have_text("new")
    expect(note.locator(".annotation-preview em")).to_have_text("inline")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    reader.reload()
    expect(reader.locator("#annotations em")).to_have_text("inline")
    assert [e for e in errors if "Content Security Policy" in e] == []
