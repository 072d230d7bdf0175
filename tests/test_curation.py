"""Curation: roles, annotations, safe rendering, and no lost work."""

import json
import re
from io import StringIO

from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from django.utils.html import escape
from hypothesis import given, strategies as st
from reversion.models import Version

from declarations.admin.changes import json_change, key_label
from declarations.admin.history import AS_LOADED
from declarations.admin.paragraphs import LinesField
from declarations.models import (
    Annotation,
    Entity,
    Instrument,
    Mention,
    Paragraph,
    Theme,
)
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

ADMIN = "/admin/declarations/"
CHINESE_PROVENANCE = {
    "zh_sources": "https://example.org/zh/tianjin",
    "zh_source_kind": "official-site",
    "zh_confidence": "high",
    "zh_notes": "Checked against the site.",
}


def admin_form_data(response, **changes):
    """Return the POST data of an admin change form as the page shows it,
    inline formsets included, with some fields changed."""
    data = {}

    def add_form(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = value if value is not True else "on"

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add_form(formset.management_form)
        for form in formset.initial_forms:
            add_form(form)
    data.update(changes)
    return data


class CuratorRoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.superuser = make_user("admin", superuser=True)
        cls.reader = make_user("reader")
        cls.paragraph = Paragraph.objects.get(label="II.14")

    def setUp(self):
        self.client.force_login(self.curator)

    def paragraph_url(self, paragraph=None):
        return f"{ADMIN}paragraph/{(paragraph or self.paragraph).pk}/change/"

    def test_a_curator_sees_what_each_text_is_and_cannot_change_it(self):
        document = self.paragraph.document
        response = self.client.get(f"{ADMIN}document/{document.pk}/change/")
        self.assertEqual(response.status_code, 200)
        # Each expression read-only: the corpus states what a text is.
        self.assertContains(response, "Character conversion of another expression")
        self.assertContains(response, "Quoted by the press, as printed")
        self.assertNotContains(response, 'name="expressions-0-status"')

    def test_anonymous_users_are_sent_to_the_login_page(self):
        self.client.logout()
        for url in [ADMIN + "paragraph/", ADMIN + "annotation/add/", "/admin/"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/admin/login/", response["Location"])

    def test_a_reader_without_staff_status_cannot_enter(self):
        self.client.force_login(self.reader)
        response = self.client.get(ADMIN + "paragraph/")
        self.assertIn("/admin/login/", response["Location"])

    def test_curator_adds_and_publishes_an_annotation(self):
        response = self.client.post(
            ADMIN + "annotation/add/",
            {
                "paragraph": self.paragraph.pk,
                "kind": "context",
                "status": "draft",
                "body": "Context with a [source](https://example.org/x).",
                "source_url": "https://example.org/x",
                "source_citation": "",
                "author": self.curator.pk,
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        annotation = Annotation.objects.get(body__startswith="Context with")
        self.assertEqual(annotation.last_changed_by, self.curator)
        self.assertNotContains(
            self.client_as_reader().get(self.paragraph.get_absolute_url()),
            "Context with",
        )
        self.client.post(
            ADMIN + "annotation/",
            {"action": "publish", "_selected_action": [annotation.pk]},
        )
        annotation.refresh_from_db()
        self.assertEqual(annotation.status, "published")
        page = self.client_as_reader().get(self.paragraph.get_absolute_url())
        self.assertContains(
            page, '<a href="https://example.org/x" rel="noopener nofollow">source</a>'
        )
        self.assertTrue(
            LogEntry.objects.filter(object_id=str(annotation.pk), user=self.curator)
            .filter(change_message__contains="published")
            .exists()
        )

    def client_as_reader(self):
        return self.client_class()

    def test_curator_changes_an_annotation_and_the_change_is_audited(self):
        annotation = make_annotation(self.paragraph, author=self.superuser)
        url = f"{ADMIN}annotation/{annotation.pk}/change/"
        data = admin_form_data(self.client.get(url), body="Corrected note.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        annotation.refresh_from_db()
        self.assertEqual(annotation.body, "Corrected note.")
        self.assertEqual(annotation.author, self.superuser)
        self.assertEqual(annotation.last_changed_by, self.curator)
        self.assertTrue(LogEntry.objects.filter(object_id=str(annotation.pk)).exists())
        page = self.client.get(url)
        self.assertContains(page, "by curator")

    def test_curator_cannot_delete_annotations(self):
        annotation = make_annotation(self.paragraph)
        response = self.client.post(
            f"{ADMIN}annotation/{annotation.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Annotation.objects.filter(pk=annotation.pk).exists())

    def test_curator_fixes_themes_and_chinese_but_not_the_english(self):
        url = self.paragraph_url()
        page = self.client.get(url)
        self.assertContains(page, "View on site")
        energy = Theme.objects.get(slug="energy")
        data = admin_form_data(
            page,
            themes=[str(energy.pk)],
            text_zh="成员国将继续共同努力（curator test text）。",
            text_en="Tampered English.",
            **CHINESE_PROVENANCE,
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.paragraph.refresh_from_db()
        self.assertEqual(list(self.paragraph.themes.all()), [energy])
        self.assertTrue(self.paragraph.themes_curated)
        self.assertEqual(self.paragraph.text_zh_origin, "curator")
        provenance = self.paragraph.text_zh_provenance
        self.assertEqual(provenance["entered_by"], "curator")
        self.assertEqual(provenance["sources"], ["https://example.org/zh/tianjin"])
        self.assertEqual(provenance["source_kind"], "official-site")
        self.assertEqual(provenance["confidence"], "high")
        self.assertEqual(provenance["notes"], "Checked against the site.")
        self.assertTrue(
            self.paragraph.text_en.startswith("Member states will continue")
        )

    def test_a_curators_chinese_is_said_to_be_the_curators_in_every_citation(self):
        # Seen red: the statement stayed "quoted by the press, as printed"
        # while the description said a curator entered it.
        news = {**CHINESE_PROVENANCE, "zh_source_kind": "news-report"}
        ii7 = Paragraph.objects.get(label="II.7")
        url = self.paragraph_url(ii7)
        printed = ii7.text_zh_hant + "（curator）"
        data = admin_form_data(self.client.get(url), text_zh_hant=printed, **news)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        data = admin_form_data(
            self.client.get(self.paragraph_url()), text_zh="成员国将继续。", **news
        )
        self.assertEqual(self.client.post(self.paragraph_url(), data).status_code, 302)
        reader = self.client_as_reader()
        entered = "entered by a curator from example.org"
        for label, tag in [("II.7", "zh-Hant"), ("II.14", "zh-Hans")]:
            paragraph = Paragraph.objects.get(label=label)
            permalink = paragraph.get_absolute_url()
            statement = f"{tag}: {entered}"
            with self.subTest(label=label):
                data = reader.get(permalink, {"format": "json"}).json()
                text = next(t for t in data["texts"] if t["tag"] == tag)
                self.assertEqual(text["statement"], statement)
                self.assertTrue(text["description"].startswith("Entered by a curator"))
                self.assertNotIn("quoted by the press", text["statement"])
                for output, said in [
                    ("ris", f"N1  - Text {statement}"),
                    ("bibtex", statement),
                    ("csl-json", statement),
                    ("txt", f"Text {statement}."),
                ]:
                    response = reader.get(permalink, {"format": output})
                    self.assertIn(said, response.content.decode(), output)
                self.assertContains(reader.get(permalink), f"<li>{statement}</li>")
        # The conversion of the curator's text says what it was made from.
        ii7 = reader.get(
            Paragraph.objects.get(label="II.7").get_absolute_url(), {"format": "json"}
        ).json()
        simplified = next(t for t in ii7["texts"] if t["tag"] == "zh-Hans")
        self.assertEqual(
            simplified["statement"],
            "zh-Hans: character conversion of zh-Hant by OpenCC 1.4.2 t2s",
        )
        self.assertNotIn("quotation", simplified["description"])
        self.assertIn("entered by a curator", simplified["description"])

    def test_chinese_without_provenance_is_refused_with_the_fields_named(self):
        url = self.paragraph_url()
        before = self.paragraph.text_zh
        data = admin_form_data(self.client.get(url), text_zh="测试文本。")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        for label in ["Source URLs", "Kind of source", "Confidence", "Note"]:
            self.assertContains(response, f"{label} is required with the Chinese")
        self.paragraph.refresh_from_db()
        self.assertEqual(self.paragraph.text_zh, before)

    def test_a_conversion_is_never_typed_and_a_noted_edit_never_lost(self):
        paragraph = Paragraph.objects.get(label="I.1")
        url = self.paragraph_url(paragraph)
        before = (paragraph.text_zh, paragraph.text_zh_hant)
        # The simplified field is the tool's: a typed value is ignored.
        data = admin_form_data(
            self.client.get(url), text_zh="成员国测试。", **CHINESE_PROVENANCE
        )
        self.client.post(url, data)
        paragraph.refresh_from_db()
        self.assertEqual((paragraph.text_zh, paragraph.text_zh_hant), before)
        # I.1's conversion was edited as its record notes: making it again
        # from a changed traditional text would lose that edit unseen.
        data = admin_form_data(
            self.client.get(url),
            text_zh_hant=before[1].replace("開闢", "開辟"),
            **CHINESE_PROVENANCE,
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "would make it again without that edit")
        paragraph.refresh_from_db()
        self.assertEqual((paragraph.text_zh, paragraph.text_zh_hant), before)

    def test_a_traditional_text_added_where_there_was_no_chinese(self):
        # Seen red: a 500 (the simplified conversion is made at the save,
        # after the provenance is recorded).
        paragraph = Paragraph.objects.get(label="I.7")
        self.assertFalse(paragraph.has_chinese)
        url = self.paragraph_url(paragraph)
        typed = "成員國重申，測試文字。"
        data = admin_form_data(
            self.client.get(url), text_zh_hant=typed, **CHINESE_PROVENANCE
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph = Paragraph.objects.get(label="I.7")
        self.assertEqual(paragraph.text_zh_hant, typed)
        self.assertEqual(paragraph.text_zh, "成员国重申，测试文字。")
        page = self.client_as_reader().get(paragraph.get_absolute_url()).content
        self.assertIn(
            "Simplified characters, converted by OpenCC 1.4.2 t2s from the text "
            "entered by a curator from example.org",
            page.decode(),
        )

    def test_notes_revised_leave_the_text_the_corpus_s(self):
        # Seen red: a change of the note alone made I.12's text "Entered by a
        # curator from Ming Pao" and lost "less words ... removed".
        paragraph = Paragraph.objects.get(label="I.12")
        loaded = {row.tag: row.reader_line() for row in paragraph.shown_texts()}
        url = self.paragraph_url(paragraph)
        data = admin_form_data(
            self.client.get(url), zh_notes="Checked again against Ming Pao's page."
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph = Paragraph.objects.get(label="I.12")
        self.assertEqual(
            {row.tag: row.reader_line() for row in paragraph.shown_texts()}, loaded
        )
        for row in paragraph.texts.exclude(expression__tag="en"):
            self.assertEqual(row.origin, "corpus")
            self.assertEqual(row.attested_by, "the curator")
            self.assertEqual(row.provenance["revised_by"], "curator")
        page = self.client_as_reader().get(paragraph.get_absolute_url()).content
        self.assertIn("The curator's notes", page.decode())
        self.assertIn("Checked again against Ming Pao", page.decode())

    def test_clearing_the_traditional_text_clears_its_conversion(self):
        # Seen red: the simplified conversion of a text no longer there stayed,
        # as "Entered by a curator from China Review News".
        paragraph = Paragraph.objects.get(label="I.3")
        url = self.paragraph_url(paragraph)
        data = admin_form_data(
            self.client.get(url),
            text_zh_hant="",
            zh_notes="Removed: the quotation could not be found again.",
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph = Paragraph.objects.get(label="I.3")
        self.assertFalse(paragraph.texts.exclude(expression__tag="en").exists())
        page = self.client_as_reader().get(paragraph.get_absolute_url())
        self.assertContains(page, "Chinese original not available for I.3")

    def test_low_confidence_chinese_is_stored_but_not_shown(self):
        paragraph = Paragraph.objects.get(label="II.16")
        url = self.paragraph_url(paragraph)
        data = admin_form_data(
            self.client.get(url),
            text_zh="测试低可信度文本。",
            **{**CHINESE_PROVENANCE, "zh_confidence": "low"},
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph.refresh_from_db()
        self.assertEqual(paragraph.text_zh, "测试低可信度文本。")
        self.assertEqual(paragraph.text_zh_provenance["confidence"], "low")
        reader = self.client_as_reader()
        page = reader.get(paragraph.get_absolute_url())
        self.assertNotContains(page, "测试低可信度文本")
        self.assertContains(page, "Chinese original not available for II.16")
        self.assertContains(
            self.client.get(ADMIN + "paragraph/?has_chinese=no"), "II.16"
        )

    def test_curator_changes_themes_and_instruments(self):
        theme = Theme.objects.get(slug="sport")
        url = f"{ADMIN}theme/{theme.pk}/change/"
        data = admin_form_data(self.client.get(url), description="Sport and games.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        theme.refresh_from_db()
        self.assertEqual(theme.description, "Sport and games.")
        instrument = Instrument.objects.get(slug="sco-charter")
        url = f"{ADMIN}instrument/{instrument.pk}/change/"
        data = admin_form_data(self.client.get(url), aliases="SCO Charter\nthe Charter")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertIn("the Charter", Instrument.objects.get(pk=instrument.pk).aliases)

    def test_curator_links_and_unlinks_an_instrument(self):
        instrument = Instrument.objects.get(slug="un-charter")
        response = self.client.post(
            ADMIN + "mention/add/",
            {
                "paragraph": self.paragraph.pk,
                "instrument": instrument.pk,
                "verb": "referred",
            },
        )
        self.assertEqual(response.status_code, 302)
        mention = Mention.objects.get(paragraph=self.paragraph, instrument=instrument)
        self.paragraph.refresh_from_db()
        self.assertTrue(self.paragraph.mentions_curated)
        response = self.client.post(
            f"{ADMIN}mention/{mention.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Mention.objects.filter(pk=mention.pk).exists())

    def test_curator_is_refused_everything_else(self):
        document = self.paragraph.document
        for method, url in [
            ("get", "/admin/auth/user/"),
            ("get", "/admin/auth/group/"),
            ("get", "/admin/auth/user/add/"),
            ("post", f"{ADMIN}document/{document.pk}/change/"),
            ("post", f"{ADMIN}section/{self.paragraph.section.pk}/change/"),
            ("post", f"{ADMIN}document/{document.pk}/delete/"),
            ("post", f"{ADMIN}paragraph/{self.paragraph.pk}/delete/"),
            ("get", f"{ADMIN}paragraph/add/"),
            ("get", f"{ADMIN}theme/add/"),
            ("post", f"{ADMIN}theme/{Theme.objects.first().pk}/delete/"),
        ]:
            response = getattr(self.client, method)(url, {"post": "yes"})
            self.assertEqual(response.status_code, 403, url)
        self.assertTrue(Paragraph.objects.filter(pk=self.paragraph.pk).exists())

    def test_superuser_sees_structure_read_only_too(self):
        self.client.force_login(self.superuser)
        response = self.client.get(
            f"{ADMIN}document/{self.paragraph.document.pk}/change/"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="title_en"')

    def test_admin_lists_filter_and_search(self):
        for query in [
            "?has_chinese=yes",
            "?has_chinese=no",
            "?has_annotations=yes",
            "?section__key=ii",
            "?q=II.14",
            "?q=恐怖",
        ]:
            self.assertEqual(
                self.client.get(ADMIN + "paragraph/" + query).status_code, 200
            )
        self.assertContains(
            self.client.get(ADMIN + "paragraph/?q=恐怖"), "2 paragraphs"
        )
        self.assertContains(self.client.get(ADMIN + "theme/"), "Paragraph count")

    def test_lists_read_in_reading_order_with_labels(self):
        sections = self.client.get(ADMIN + "section/").content.decode()
        titles = ["Preamble", "Section I", "Section II", "Section V"]
        positions = [sections.index(f">{title}<") for title in titles]
        self.assertEqual(positions, sorted(positions))
        # Sorted by the label column too: II.2 before II.10, not as text.
        for query in ["?section__key=ii", "?section__key=ii&o=1"]:
            page = self.client.get(ADMIN + "paragraph/" + query).content.decode()
            self.assertLess(page.index(">II.2<"), page.index(">II.10<"), query)

    def test_annotation_list_shows_an_excerpt_and_filters(self):
        make_annotation(self.paragraph, body="An excerpt of the note body.")
        other = Paragraph.objects.get(label="III.1")
        make_annotation(other, body="Draft on III.1.", status="draft")
        listing = self.client.get(ADMIN + "annotation/")
        self.assertContains(listing, "An excerpt of the note body.")
        self.assertContains(listing, "Last changed")
        for query, shown, hidden in [
            ("?status__exact=draft", "Draft on III.1.", "An excerpt"),
            ("?paragraph__section__key=ii", "An excerpt", "Draft on III.1."),
        ]:
            response = self.client.get(ADMIN + "annotation/" + query)
            self.assertContains(response, shown)
            self.assertNotContains(response, hidden)
        for query in ["?kind__exact=context", "?has_chinese=yes", "?has_chinese=no"]:
            response = self.client.get(ADMIN + "annotation/" + query)
            self.assertEqual(response.status_code, 200, query)
        theme = self.paragraph.themes.first()
        response = self.client.get(
            ADMIN + f"annotation/?paragraph__themes__id__exact={theme.pk}"
        )
        self.assertContains(response, "An excerpt")
        self.assertNotContains(response, "Draft on III.1.")

    def test_paragraph_autocomplete_shows_label_and_first_words(self):
        response = self.client.get(
            "/admin/autocomplete/",
            {
                "term": "II.14",
                "app_label": "declarations",
                "model_name": "annotation",
                "field_name": "paragraph",
            },
        )
        texts = [result["text"] for result in response.json()["results"]]
        self.assertIn("II.14 — Member states will continue to work together to…", texts)

    def test_bulk_adding_a_theme_confirms_then_changes_logs_and_refreshes(self):
        theme = Theme.objects.get(slug="sport")
        labels = ["II.14", "II.15", "III.1"]
        chosen = list(Paragraph.objects.filter(label__in=labels))
        chosen[0].themes.add(theme)  # already themed: listed as unchanged
        selected = {"action": "add_theme", "_selected_action": [p.pk for p in chosen]}
        document = chosen[0].document
        document.refresh_from_db()
        version = document.changed_at
        ask = self.client.post(ADMIN + "paragraph/", selected)
        self.assertContains(ask, 'name="theme"')
        preview = self.client.post(
            ADMIN + "paragraph/", {**selected, "theme": theme.pk, "preview": "yes"}
        )
        self.assertContains(preview, "2 paragraphs will gain the theme")
        self.assertContains(preview, "Unchanged (already themed): II.14")
        self.assertFalse(theme.paragraphs.filter(label="II.15").exists())
        done = self.client.post(
            ADMIN + "paragraph/", {**selected, "theme": theme.pk, "confirm": "yes"}
        )
        self.assertEqual(done.status_code, 302)
        for paragraph in chosen:
            paragraph.refresh_from_db()
            self.assertIn(theme, paragraph.themes.all())
        changed = [p for p in chosen if p.label != "II.14"]
        self.assertTrue(all(p.themes_curated for p in changed))
        logged = LogEntry.objects.filter(change_message__contains="Added theme")
        self.assertEqual(
            sorted(int(entry.object_id) for entry in logged),
            sorted(p.pk for p in changed),
        )
        document.refresh_from_db()
        self.assertGreater(document.changed_at, version)
        filtered = self.client.get(ADMIN + f"paragraph/?themes__id__exact={theme.pk}")
        self.assertContains(filtered, ">III.1<")

    def test_bulk_removing_a_theme(self):
        theme = self.paragraph.themes.first()
        selected = {
            "action": "remove_theme",
            "_selected_action": [self.paragraph.pk],
            "theme": theme.pk,
        }
        preview = self.client.post(ADMIN + "paragraph/", selected)
        self.assertContains(preview, "1 paragraph will lose the theme")
        self.assertIn(theme, self.paragraph.themes.all())
        self.client.post(ADMIN + "paragraph/", {**selected, "confirm": "yes"})
        self.assertNotIn(theme, self.paragraph.themes.all())
        self.paragraph.refresh_from_db()
        self.assertTrue(self.paragraph.themes_curated)

    def test_view_on_site_goes_to_the_paragraph_in_its_document(self):
        page = self.client.get(self.paragraph_url())
        document_url = self.paragraph.document.get_absolute_url()
        self.assertContains(page, f'href="{document_url}#ii-14"')

    def test_curators_get_an_edit_link_that_anonymous_readers_never_see(self):
        edit = f'href="{self.paragraph_url()}"'
        anonymous = self.client_as_reader()
        for url in [self.paragraph.get_absolute_url(), "/declarations/tianjin-2025/"]:
            self.assertNotContains(anonymous.get(url), edit)  # fills the cache
            response = self.client.get(url)
            self.assertContains(response, edit)
            self.assertEqual(response["Cache-Control"], "private, no-cache")
            cached = anonymous.get(url)
            self.assertNotContains(cached, edit)
            self.assertNotContains(cached, ">Edit<")
        self.client.force_login(self.reader)  # logged in, but not staff
        self.assertNotContains(self.client.get(self.paragraph.get_absolute_url()), edit)

    def test_live_preview_is_sanitised(self):
        response = self.client.post(
            "/admin/declarations/annotation/preview/",
            {"body": "**bold** <script>alert(1)</script>"},
        )
        self.assertContains(response, "<strong>bold</strong>")
        self.assertNotContains(response, "<script")


class CuratorsDeskTests(TestCase):
    """The annotation form shows its paragraph beside the editor, and every
    annotation form previews its Markdown."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.reader = make_user("reader", staff=False)
        cls.untranslated = Paragraph.objects.get(label="II.14")
        cls.with_chinese = Paragraph.objects.get(label="I.1")

    def setUp(self):
        self.client.force_login(self.curator)

    def panel(self, paragraph):
        return self.client.get(
            ADMIN + "annotation/paragraph-panel/", {"paragraph": paragraph.pk}
        )

    def test_the_change_form_shows_the_saved_paragraph_beside_the_editor(self):
        annotation = make_annotation(self.with_chinese, body="On I.1.")
        page = self.client.get(f"{ADMIN}annotation/{annotation.pk}/change/")
        self.assertContains(page, 'class="curators-desk"')
        self.assertContains(page, f'data-paragraph="{self.with_chinese.pk}"')
        self.assertContains(page, "<strong>I.1</strong>")
        self.assertContains(page, self.with_chinese.text_en[:60])
        self.assertContains(page, '<div class="paragraph-panel-text" lang="zh-Hans">')
        self.assertContains(page, self.with_chinese.text_zh[:20])
        for theme in self.with_chinese.themes.all():
            self.assertContains(page, f"<li>{theme.name_en}</li>")
        self.assertContains(page, "declarations/admin-paragraph-panel.")
        # The chosen paragraph reads as the autocomplete's choices do.
        self.assertContains(page, f">{self.with_chinese.autocomplete_label}</option>")

    def test_the_panel_says_when_the_chinese_original_is_not_shown(self):
        low = Paragraph.objects.get(label="II.16")
        low.text_zh = "低可信度的测试文本。"
        low.text_zh_provenance = {"confidence": "low", "sources": []}
        low.save()
        for paragraph in [self.untranslated, low]:
            response = self.panel(paragraph)
            self.assertContains(
                response, f"Chinese original not available for {paragraph.label}."
            )
            self.assertNotContains(response, 'lang="zh-Hans"')
        self.assertNotContains(self.panel(low), "低可信度的测试文本")

    def test_the_add_form_draws_the_paragraph_it_was_opened_for(self):
        empty = self.client.get(ADMIN + "annotation/add/")
        self.assertContains(empty, "Choose a paragraph to see its text here.")
        chosen = self.client.get(
            ADMIN + "annotation/add/", {"paragraph": self.untranslated.pk}
        )
        self.assertContains(chosen, "<strong>II.14</strong>")
        refused = self.client.post(
            ADMIN + "annotation/add/",
            {"paragraph": self.with_chinese.pk, "kind": "context", "status": "draft"},
        )
        self.assertEqual(refused.status_code, 200)  # no body: the form again
        self.assertContains(refused, "<strong>I.1</strong>")

    def test_the_panel_endpoint_is_for_staff_and_refuses_bad_ids(self):
        response = self.panel(self.untranslated)
        self.assertContains(response, "Read II.14 on the site")
        self.assertNotContains(response, "<html")
        self.assertIn("no-store", response["Cache-Control"])
        url = ADMIN + "annotation/paragraph-panel/"
        for value, status, message in [
            ("", 400, "?paragraph=<number>"),
            ("II.14", 400, "?paragraph=<number>"),
            ("²", 400, "?paragraph=<number>"),
            ("9" * 40, 400, "?paragraph=<number>"),
            ("999999", 404, "No paragraph has the id 999999."),
        ]:
            response = self.client.get(url, {"paragraph": value})
            self.assertEqual(response.status_code, status, value)
            self.assertContains(response, message, status_code=status)
        self.client.logout()
        self.assertIn("/admin/login/", self.panel(self.untranslated)["Location"])
        self.client.force_login(self.reader)
        self.assertIn("/admin/login/", self.panel(self.untranslated)["Location"])

    def test_the_panel_escapes_what_it_shows(self):
        theme = Theme.objects.get(slug="sport")
        theme.name_en = "Sport <script>alert(1)</script>"
        theme.save()
        theme.paragraphs.add(self.untranslated)
        response = self.panel(self.untranslated)
        self.assertContains(response, "Sport &lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>")

    def test_inline_annotations_on_the_paragraph_page_have_the_live_preview(self):
        make_annotation(self.untranslated, body="An **inline** note.")
        page = self.client.get(f"{ADMIN}paragraph/{self.untranslated.pk}/change/")
        self.assertContains(page, "declarations/annotation-preview.", count=1)
        preview = 'class="annotation-preview" data-preview-url="{}"'.format(
            ADMIN + "annotation/preview/"
        )
        # The saved note, and the empty form "Add another" copies.
        self.assertContains(page, preview, count=2)
        self.assertContains(page, "<strong>inline</strong>")


XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=javascript:alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<base href=javascript:alert(1)//>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
]
ACTIVE = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onfocus",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:text",
    "<iframe",
    "<svg",
    "<math",
    "<style",
    "style=",
    "<object",
    "<embed",
    "<form",
    "<meta http",
    "<link rel=stylesheet",
    "<base",
    "<input",
    "<img",
]


class HistoryTests(TestCase):
    """django-reversion: every admin change is a version, and reverting or
    recovering one refreshes the public pages at once."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.other = make_user("other", curator=True)
        cls.superuser = make_user("admin", superuser=True)
        cls.paragraph = Paragraph.objects.get(label="II.14")

    def setUp(self):
        self.client.force_login(self.curator)
        self.reader = self.client_class()

    def add_annotation(self, body, status="published"):
        response = self.client.post(
            ADMIN + "annotation/add/",
            {
                "paragraph": self.paragraph.pk,
                "kind": "context",
                "status": status,
                "body": body,
            },
        )
        self.assertEqual(response.status_code, 302)
        return Annotation.objects.get(body=body)

    def public_page(self):
        return self.reader.get(self.paragraph.get_absolute_url())

    def first_change(self, obj):
        """Return the version saved by the first change in the admin (before
        it, the admin records the object as loaded from the corpus)."""
        versions = Version.objects.get_for_object(obj).order_by("pk")
        self.assertEqual(versions.first().revision.comment, AS_LOADED)
        return versions.exclude(revision__comment=AS_LOADED).first()

    def test_revert_to_a_version_changes_the_public_page_at_once(self):
        annotation = self.add_annotation("First wording of the note.")
        url = f"{ADMIN}annotation/{annotation.pk}/change/"
        data = admin_form_data(self.client.get(url), body="Second wording.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertContains(self.public_page(), "Second wording.")  # now cached
        first = Version.objects.get_for_object(annotation).order_by("pk").first()
        history = self.client.get(f"{ADMIN}annotation/{annotation.pk}/history/")
        self.assertContains(history, f"history/{first.pk}/")
        self.assertContains(history, "curator")
        revert_url = f"{ADMIN}annotation/{annotation.pk}/history/{first.pk}/"
        form = self.client.get(revert_url)
        self.assertContains(form, "First wording of the note.")
        self.assertContains(self.public_page(), "Second wording.")  # GET: no change
        response = self.client.post(revert_url, admin_form_data(form))
        self.assertEqual(response.status_code, 302)
        page = self.public_page()
        self.assertContains(page, "First wording of the note.")
        self.assertNotContains(page, "Second wording.")
        self.assertEqual(Version.objects.get_for_object(annotation).count(), 3)

    def test_a_deleted_annotation_is_recovered_and_shown_again(self):
        annotation = self.add_annotation("A published note to recover.")
        self.assertContains(self.public_page(), "A published note to recover.")
        self.client.force_login(self.superuser)
        delete = f"{ADMIN}annotation/{annotation.pk}/delete/"
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 302)
        self.assertNotContains(self.public_page(), "A published note to recover.")
        self.client.force_login(self.curator)
        deleted = Version.objects.get_deleted(Annotation).get()
        listing = self.client.get(ADMIN + "annotation/recover/")
        self.assertContains(listing, f"recover/{deleted.pk}/")
        recover_url = f"{ADMIN}annotation/recover/{deleted.pk}/"
        form = self.client.get(recover_url)
        response = self.client.post(recover_url, admin_form_data(form))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Annotation.objects.filter(pk=annotation.pk).exists())
        self.assertContains(self.public_page(), "A published note to recover.")
        # The history says what happened: the deletion, then the recovery.
        history = self.client.get(f"{ADMIN}annotation/{annotation.pk}/history/")
        rows = re.findall(
            r"<td>(Deleted|Recovered after its deletion[^<]*|Reverted[^<]*)</td>",
            history.content.decode(),
        )
        self.assertEqual(len(rows), 2, rows)
        self.assertEqual(rows[0], "Deleted")
        self.assertTrue(
            rows[1].startswith("Recovered after its deletion: the version saved on")
        )
        self.assertContains(history, f"<td>{self.superuser.get_username()}</td>")

    def test_reverting_a_paragraph_restores_its_themes(self):
        url = f"{ADMIN}paragraph/{self.paragraph.pk}/change/"
        energy = Theme.objects.get(slug="energy")
        data = admin_form_data(self.client.get(url), themes=[str(energy.pk)])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(list(self.paragraph.themes.all()), [energy])
        first = self.first_change(self.paragraph)
        self.assertEqual(first.field_dict["themes"], [energy.pk])
        data = admin_form_data(self.client.get(url), themes=[])
        self.client.post(url, data)
        self.assertFalse(self.paragraph.themes.exists())
        self.paragraph.document.refresh_from_db()
        version = self.paragraph.document.changed_at
        revert_url = f"{ADMIN}paragraph/{self.paragraph.pk}/history/{first.pk}/"
        form = self.client.get(revert_url)
        self.assertEqual(
            self.client.post(revert_url, admin_form_data(form)).status_code, 302
        )
        self.assertEqual(set(self.paragraph.themes.all()), {energy})
        self.paragraph.document.refresh_from_db()
        self.assertGreater(self.paragraph.document.changed_at, version)

    def history(self, obj):
        url = f"{ADMIN}{obj._meta.model_name}/{obj.pk}/history/"
        return self.client.get(url).content.decode()

    def save_paragraph(self, **changes):
        url = f"{ADMIN}paragraph/{self.paragraph.pk}/change/"
        response = self.client.post(
            url, admin_form_data(self.client.get(url), **changes)
        )
        self.assertEqual(response.status_code, 302)

    def revert(self, obj, version):
        url = f"{ADMIN}{obj._meta.model_name}/{obj.pk}/history/{version.pk}/"
        response = self.client.post(url, admin_form_data(self.client.get(url)))
        self.assertEqual(response.status_code, 302)

    def test_each_version_shows_its_changes_against_the_one_before(self):
        annotation = self.add_annotation("The <b>old</b> wording of the note.")
        url = f"{ADMIN}annotation/{annotation.pk}/change/"
        data = admin_form_data(
            self.client.get(url),
            body="The <b>new</b> wording of the note.",
            status="draft",
        )
        self.client.post(url, data)
        history = self.history(annotation)
        self.assertIn("First recorded version.", history)
        # Two saves in one minute must not look alike: times carry seconds.
        self.assertRegex(history, r"\d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d</time>")
        self.assertIn(
            "<dt>Body</dt>\n  <dd>The &lt;b&gt;<del>old</del><ins>new</ins>"
            "&lt;/b&gt; wording of the note.</dd>",
            history,
        )
        self.assertIn("<del>Published</del> → <ins>Draft</ins>", history)
        self.assertNotIn("<b>old</b>", history)
        self.assertNotIn("Body html", history)  # derived data is not shown
        # Markup added, then removed: escaped in <ins>, then in <del>.
        for body in ["Now <script>alert(1)</script>!", "Now!"]:
            data = admin_form_data(self.client.get(url), body=body)
            self.assertEqual(self.client.post(url, data).status_code, 302)
        history = self.history(annotation)
        self.assertIn("<ins>Now &lt;script&gt;alert(1)&lt;/script&gt;!</ins>", history)
        self.assertIn(
            "<dd>Now<del> &lt;script&gt;alert(1)&lt;/script&gt;</del>!", history
        )
        self.assertNotIn("<script>alert", history)

    def test_a_paragraphs_history_shows_its_chinese_themes_and_links(self):
        energy = Theme.objects.get(slug="energy")
        themes = [str(pk) for pk in self.paragraph.themes.values_list("pk", flat=True)]
        self.save_paragraph(text_zh="成员国将继续合作。", **CHINESE_PROVENANCE)
        self.save_paragraph(
            text_zh="成员国将继续共同合作。",
            themes=[*themes, str(energy.pk)],
            **CHINESE_PROVENANCE,
        )
        mention = self.paragraph.mentions.first()
        url = f"{ADMIN}mention/{mention.pk}/change/"
        data = admin_form_data(self.client.get(url), verb="welcomed")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        mention.refresh_from_db()
        history = self.history(self.paragraph)
        self.assertIn("<dd>成员国将继续<ins>共同</ins>合作。</dd>", history)
        self.assertIn("<dd>Added: Energy.</dd>", history)
        self.assertIn(f"Mention “{mention}”", history)
        self.assertIn("<ins>welcomed</ins>", history)
        # The instrument the mention follows was recorded before the change:
        # not listed as changed, still less as added.
        self.assertNotIn("Instrument “", history)
        self.assertNotIn(": added", history)
        # The instrument's history has the link change too.
        self.assertIn("<ins>welcomed</ins>", self.history(mention.instrument))

    def test_a_provenance_change_reads_one_line_a_key_with_its_label(self):
        # Seen red: the JSON's raw keys ran together in one line.
        self.save_paragraph(text_zh="成员国将继续合作。", **CHINESE_PROVENANCE)
        self.save_paragraph(
            text_zh="成员国将继续合作。",
            **{
                **CHINESE_PROVENANCE,
                "zh_source_kind": "news-report",
                "zh_notes": "Checked against two reports.",
            },
        )
        history = self.history(self.paragraph)
        diffs = re.findall(r'<dl class="version-diff">.*?</dl>', history, re.S)
        provenance = next(d for d in diffs if "two reports" in d)
        lines = re.findall(r"<li>(.*?)</li>", provenance, re.S)
        labels = [line.split(":", 1)[0] for line in lines]
        self.assertIn("Kind of source", labels)
        self.assertIn("Notes", labels)
        # The text is unchanged: the second save revised its provenance.
        self.assertIn("Provenance revised at", labels)
        kind = next(line for line in lines if line.startswith("Kind of source"))
        self.assertEqual(
            kind, "Kind of source: <del>Official site</del> → <ins>News report</ins>"
        )
        notes = next(line for line in lines if line.startswith("Notes"))
        self.assertIn("<ins>two reports</ins>", notes)
        # What did not change is not listed; no raw key is shown.
        self.assertNotIn("Confidence", labels)
        for key in ["source_kind", "revised_at", "revised_by", "notes:"]:
            self.assertNotIn(key, provenance)

    def test_entities_memberships_and_themes_are_versioned(self):
        entity = Entity.objects.get(slug="belarus")
        url = f"{ADMIN}entity/{entity.pk}/change/"
        data = admin_form_data(self.client.get(url), note="A corrected note.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(self.first_change(entity).revision.user, self.curator)
        # A membership changed on the entity's page: in the entity's history.
        membership = entity.memberships.first()
        page = self.client.get(url)
        prefix = page.context["inline_admin_formsets"][0].formset.prefix
        data = admin_form_data(page, **{f"{prefix}-0-sources": "A checked source."})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(
            self.first_change(membership).field_dict["sources"], "A checked source."
        )
        history = self.history(entity)
        self.assertIn(f"Membership “{membership}”", history)
        self.assertRegex(
            history, r"<del>https://news.az/[^<]+</del><ins>A checked source.</ins>"
        )
        theme = Theme.objects.get(slug="sport")
        url = f"{ADMIN}theme/{theme.pk}/change/"
        data = admin_form_data(self.client.get(url), description="Sport, curated.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertIn(
            "<dd><del>Sports cooperation and events</del><ins>Sport, curated</ins>."
            "</dd>",
            self.history(theme),
        )

    def test_reverting_one_paragraph_of_a_bulk_change_leaves_the_others(self):
        sport = Theme.objects.get(slug="sport")
        chosen = list(Paragraph.objects.filter(label__in=["II.14", "II.15", "III.1"]))
        selected = {"_selected_action": [p.pk for p in chosen], "theme": sport.pk}
        for action in ["add_theme", "remove_theme"]:
            self.client.post(
                ADMIN + "paragraph/", {**selected, "action": action, "confirm": "yes"}
            )
        self.assertFalse(sport.paragraphs.filter(pk__in=selected["_selected_action"]))
        added = self.first_change(self.paragraph)
        # This paragraph alone, with its own texts (rows of its version).
        self.assertEqual(
            {v.object_repr.split(" [")[0] for v in added.revision.version_set.all()},
            {str(self.paragraph)},
        )
        self.revert(self.paragraph, added)
        self.assertEqual(
            [p.label for p in sport.paragraphs.filter(pk__in=[p.pk for p in chosen])],
            ["II.14"],
        )

    def test_reverting_a_paragraph_leaves_its_annotations_alone(self):
        annotation = self.add_annotation("Written on the note's form.")
        url = f"{ADMIN}paragraph/{self.paragraph.pk}/change/"
        page = self.client.get(url)
        inline = next(
            i.formset
            for i in page.context["inline_admin_formsets"]
            if i.formset.model is Annotation
        )
        index = [f.instance.pk for f in inline.initial_forms].index(annotation.pk)
        body = f"{inline.prefix}-{index}-body"
        self.save_paragraph(**{body: "Rewritten on the paragraph's page."})
        with_note = Version.objects.get_for_object(self.paragraph).first()
        annotation.refresh_from_db()
        self.assertEqual(annotation.body, "Rewritten on the paragraph's page.")
        note_url = f"{ADMIN}annotation/{annotation.pk}/change/"
        data = admin_form_data(self.client.get(note_url), body="The latest wording.")
        self.client.post(note_url, data)
        self.revert(self.paragraph, with_note)
        annotation.refresh_from_db()
        self.assertEqual(annotation.body, "The latest wording.")
        self.assertContains(self.public_page(), "The latest wording.")

    def test_reverting_the_chinese_text_changes_the_served_page(self):
        self.save_paragraph(text_zh="第一稿：成员国将继续合作。", **CHINESE_PROVENANCE)
        self.save_paragraph(text_zh="第二稿：成员国将继续合作。", **CHINESE_PROVENANCE)
        self.assertContains(self.public_page(), "第二稿")  # now in the page cache
        first = self.first_change(self.paragraph)
        self.revert(self.paragraph, first)
        page = self.public_page()
        self.assertContains(page, "第一稿：成员国将继续合作。")
        self.assertNotContains(page, "第二稿")
        self.paragraph.refresh_from_db()
        self.assertEqual(self.paragraph.text_zh_origin, "curator")
        self.assertFalse(self.paragraph.themes_curated)  # its themes are the corpus's

    def test_reverting_to_the_text_as_loaded_restores_whose_text_it_is(self):
        paragraph = Paragraph.objects.get(label="I.11")
        loaded = {
            row.tag: (row.text, row.origin, row.provenance, row.reader_line())
            for row in paragraph.shown_texts()
        }
        url = f"{ADMIN}paragraph/{paragraph.pk}/change/"
        changed = loaded["zh-Hant"][0].replace("上合組織框架", "上合框架")
        data = admin_form_data(
            self.client.get(url), text_zh_hant=changed, **CHINESE_PROVENANCE
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Paragraph.objects.get(pk=paragraph.pk).text_zh_hant, changed)
        as_loaded = (
            Version.objects.get_for_object(paragraph)
            .filter(revision__comment=AS_LOADED)
            .get()
        )
        # Posted as a browser posts a form: a textarea's line breaks as CR LF.
        revert_url = f"{ADMIN}paragraph/{paragraph.pk}/history/{as_loaded.pk}/"
        data = {
            name: value.replace("\n", "\r\n") if isinstance(value, str) else value
            for name, value in admin_form_data(self.client.get(revert_url)).items()
        }
        self.assertEqual(self.client.post(revert_url, data).status_code, 302)
        paragraph = Paragraph.objects.get(pk=paragraph.pk)
        self.assertEqual(
            {
                row.tag: (row.text, row.origin, row.provenance, row.reader_line())
                for row in paragraph.shown_texts()
            },
            loaded,
        )

    def test_a_revert_that_changes_themes_keeps_them_over_a_reload(self):
        energy = Theme.objects.get(slug="energy")
        self.save_paragraph(themes=[str(energy.pk)])
        first = self.first_change(self.paragraph)
        self.save_paragraph(themes=[])
        Paragraph.objects.filter(pk=self.paragraph.pk).update(themes_curated=False)
        self.revert(self.paragraph, first)
        self.paragraph.refresh_from_db()
        self.assertTrue(self.paragraph.themes_curated)
        call_command("load_corpus", stdout=StringIO())
        self.assertEqual(list(self.paragraph.themes.all()), [energy])

    def test_recovering_an_instrument_link_links_the_english_again(self):
        mention = self.paragraph.mentions.get(
            instrument__slug="sco-convention-countering-extremism"
        )
        link = 'href="/instruments/sco-convention-countering-extremism/"'
        # A link from the corpus, never saved in the admin: recorded as it
        # was before it goes, so that it can be recovered.
        self.assertFalse(Version.objects.get_for_object(mention).exists())
        self.assertContains(self.public_page(), link)
        response = self.client.post(
            f"{ADMIN}mention/{mention.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(self.public_page(), link)
        deleted = Version.objects.get_deleted(Mention).get()
        recover_url = f"{ADMIN}mention/recover/{deleted.pk}/"
        form = self.client.get(recover_url)
        self.assertEqual(
            self.client.post(recover_url, admin_form_data(form)).status_code, 302
        )
        self.assertContains(self.public_page(), link)

    def test_an_unreadable_version_does_not_break_the_history(self):
        annotation = self.add_annotation("A note whose first version breaks.")
        url = f"{ADMIN}annotation/{annotation.pk}/change/"
        self.client.post(url, admin_form_data(self.client.get(url), body="Later."))
        first = Version.objects.get_for_object(annotation).order_by("pk").first()
        Version.objects.filter(pk=first.pk).update(serialized_data="[{")
        response = self.client.get(f"{ADMIN}annotation/{annotation.pk}/history/")
        self.assertContains(response, "This version can no longer be read.")

    def test_unknown_versions_are_not_found(self):
        annotation = self.add_annotation("A note with one version.")
        other = self.add_annotation("Another note.")
        version = Version.objects.get_for_object(other).get()
        base = f"{ADMIN}annotation/"
        for url in [
            f"{base}{annotation.pk}/history/{'9' * 30}/",
            f"{base}{annotation.pk}/history/{version.pk}/",  # another's version
            f"{base}recover/{'9' * 30}/",
            f"{base}recover/{version.pk}/",  # not deleted
        ]:
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_curators_delete_their_own_drafts_only(self):
        own = self.add_annotation("My own draft.", status="draft")
        published = self.add_annotation("My published note.")
        self.client.force_login(self.other)
        others = self.add_annotation("Someone else's draft.", status="draft")
        self.client.force_login(self.curator)
        for annotation, allowed in [(own, True), (published, False), (others, False)]:
            response = self.client.post(
                f"{ADMIN}annotation/{annotation.pk}/delete/", {"post": "yes"}
            )
            self.assertEqual(response.status_code, 302 if allowed else 403)
            exists = Annotation.objects.filter(pk=annotation.pk).exists()
            self.assertEqual(exists, not allowed, annotation.body)
        listing = self.client.get(ADMIN + "annotation/")
        self.assertNotContains(listing, 'value="delete_selected"')


class InjectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.paragraph = Paragraph.objects.get(label="I.1")

    def test_no_vector_reaches_the_public_page_as_active_content(self):
        self.assertGreaterEqual(len(XSS_VECTORS), 25)
        for vector in XSS_VECTORS:
            annotation = make_annotation(self.paragraph, body=f"Note: {vector}")
            page = self.client.get(self.paragraph.get_absolute_url()).content.decode()
            body = page[page.index('id="annotations"') : page.index('class="pager"')]
            for marker in ACTIVE:
                self.assertNotIn(marker, body.lower(), vector)
            annotation.delete()

    def test_safe_markdown_still_renders(self):
        make_annotation(
            self.paragraph,
            body="A *note* with [a link](https://example.org) and `code`.\n\n- item",
        )
        page = self.client.get(self.paragraph.get_absolute_url())
        self.assertContains(page, "<em>note</em>")
        self.assertContains(
            page, '<a href="https://example.org" rel="noopener nofollow">'
        )
        self.assertContains(page, "<li>item</li>")


class NoLostWorkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def test_reload_keeps_every_curator_edit(self):
        paragraph = Paragraph.objects.get(label="II.14")
        paragraph.themes.set([Theme.objects.get(slug="human-rights")])
        Paragraph.objects.filter(pk=paragraph.pk).update(
            themes_curated=True, mentions_curated=True
        )
        Mention.objects.filter(paragraph=paragraph).delete()
        other = Paragraph.objects.get(label="I.10")
        other.text_zh = "策展人录入的测试文本。"
        other.mark_chinese_entered_by(self.curator)
        other.save()
        Theme.objects.filter(slug="sport").update(
            description="Curated description.", curated=True
        )
        annotation = make_annotation(paragraph, body="Keep me.")

        call_command("load_corpus", stdout=StringIO())

        paragraph.refresh_from_db()
        self.assertEqual([t.slug for t in paragraph.themes.all()], ["human-rights"])
        self.assertFalse(paragraph.mentions.exists())
        self.assertEqual(
            Paragraph.objects.get(label="I.10").text_zh, "策展人录入的测试文本。"
        )
        self.assertEqual(
            Theme.objects.get(slug="sport").description, "Curated description."
        )
        self.assertEqual(Annotation.objects.get(pk=annotation.pk).body, "Keep me.")
        # Uncurated paragraphs still follow the corpus.
        self.assertTrue(Paragraph.objects.get(label="II.15").mentions.exists())

    def test_a_failed_load_leaves_the_database_as_it_was(self):
        from tests.test_corpus import database_snapshot

        before = database_snapshot()
        with self.settings():
            with self.assertRaises(CommandError):
                call_command(
                    "load_corpus", corpus_dir="/nonexistent", stdout=StringIO()
                )
        self.assertEqual(database_snapshot(), before)

    def test_a_load_failing_half_way_leaves_the_database_as_it_was(self):
        import shutil
        import tempfile
        from pathlib import Path

        from django.conf import settings

        from tests.test_corpus import database_snapshot

        corpus = Path(tempfile.mkdtemp()) / "fixtures"
        shutil.copytree(settings.CORPUS_DIR, corpus)
        fixture = corpus / "documents/tianjin-2025.json"
        records = json.loads(fixture.read_text())
        paragraphs = [r for r in records if r["model"] == "declarations.paragraph"]
        paragraphs[0]["fields"]["text_en"] = "Changed, and to be rolled back."
        paragraphs[-1]["fields"]["themes"] = [["no-such-theme"]]
        fixture.write_text(json.dumps(records))
        before = database_snapshot()
        with self.assertRaisesMessage(CommandError, "nothing was loaded"):
            call_command("load_corpus", corpus_dir=corpus, stdout=StringIO())
        self.assertEqual(database_snapshot(), before)
        shutil.rmtree(corpus.parent)

    def test_export_curation_writes_a_curator_change_back(self):
        import shutil
        import tempfile
        from pathlib import Path

        from django.conf import settings

        corpus = Path(tempfile.mkdtemp()) / "fixtures"
        shutil.copytree(settings.CORPUS_DIR, corpus)
        out = StringIO()
        call_command("export_curation", corpus_dir=corpus, stdout=out)
        self.assertIn("0 curation file(s) changed", out.getvalue())
        paragraph = Paragraph.objects.get(label="IV.14")
        paragraph.themes.add(Theme.objects.get(slug="health"))
        call_command("export_curation", corpus_dir=corpus, stdout=out)
        rows = (corpus / "curation/tianjin-2025/paragraph_themes.csv").read_text()
        self.assertIn("IV.14,health sport\n", rows)
        call_command("build_corpus", corpus_dir=corpus, stdout=out)
        fixture = json.loads((corpus / "documents/tianjin-2025.json").read_text())
        record = next(r for r in fixture if r["fields"].get("label") == "IV.14")
        self.assertEqual(record["fields"]["themes"], [["health"], ["sport"]])
        shutil.rmtree(corpus.parent)

    def test_annotations_round_trip_idempotently(self):
        import tempfile

        # The project's editorial notes come from the curation files; this
        # round trip is about curators' annotations alone.
        Annotation.objects.filter(kind=Annotation.Kind.EDITORIAL_NOTE).delete()
        paragraph = Paragraph.objects.get(label="III.2")
        make_annotation(paragraph, body="One.", author=self.curator)
        make_annotation(paragraph, body="Two.", status="draft")
        with tempfile.NamedTemporaryFile(suffix=".json") as handle:
            call_command("export_annotations", handle.name, stdout=StringIO())
            exported = json.loads(open(handle.name).read())
            Annotation.objects.all().delete()
            out = StringIO()
            # A backup of this site: its recorded authors are wanted.
            call_command("import_annotations", handle.name, "--authors", stdout=out)
            self.assertIn("2 created", out.getvalue())
            call_command("import_annotations", handle.name, "--authors", stdout=out)
            self.assertIn("0 created, 0 updated, 2 unchanged", out.getvalue())
        self.assertEqual(Annotation.objects.count(), 2)
        self.assertEqual(
            {a.body for a in Annotation.objects.all()}, {r["body"] for r in exported}
        )
        self.assertEqual(Annotation.objects.get(body="One.").author, self.curator)

    def test_a_bad_annotations_file_imports_nothing(self):
        import tempfile

        paragraph = Paragraph.objects.get(label="III.2")
        good = {
            "key": "7b0c7c2e-64b6-4f55-9d43-5f9f1a0a9b01",
            "document": "tianjin-2025",
            "paragraph": "III.2",
            "kind": "context",
            "status": "published",
            "body": "Fine.",
        }
        for bad, message in [
            ({**good, "paragraph": "IX.1"}, "annotation 2: no paragraph IX.1"),
            ({**good, "kind": "rumour"}, "annotation 2, field 'kind': Value 'rumour'"),
            ({**good, "key": "not-a-uuid"}, "annotation 2, field 'key': not a UUID"),
            ({"body": "x"}, "annotation 2 has no key"),
        ]:
            with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
                json.dump(
                    [{**good, "key": "1b0c7c2e-64b6-4f55-9d43-5f9f1a0a9b01"}, bad],
                    handle,
                )
                handle.flush()
                with self.assertRaisesMessage(CommandError, message):
                    call_command("import_annotations", handle.name, stdout=StringIO())
            self.assertFalse(paragraph.annotations.exists())
        with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
            handle.write("[{")
            handle.flush()
            with self.assertRaisesMessage(CommandError, "invalid JSON"):
                call_command("import_annotations", handle.name, stdout=StringIO())


class ProvenanceDiffTests(SimpleTestCase):
    @given(
        st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=5),
        st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=5),
    )
    def test_one_escaped_line_for_each_key_that_changed(self, old, new):
        html = str(json_change(old, new))
        changed = [key for key in {*old, *new} if old.get(key, "") != new.get(key, "")]
        self.assertEqual(html.count("<li>"), len(changed))
        self.assertTrue(html.startswith('<ul class="version-keys">'))
        for key in changed:
            self.assertIn(f"<li>{escape(key_label(key))}: ", html)
        # Nothing entered reaches the page as markup: only the diff's tags.
        markup = re.sub(r'</?(ul|li|ins|del)( class="version-keys")?>', "", html)
        self.assertNotIn("<", markup)


class LinesFieldTests(SimpleTestCase):
    """The admin's textareas read line breaks as the corpus stores them."""

    @given(st.text(alphabet=st.sampled_from("ab 成員\n\r"), max_size=20))
    def test_a_textarea_sent_back_by_a_browser_is_unchanged(self, text):
        field = LinesField(required=False)
        stored = field.to_python(text)
        self.assertNotIn("\r", stored)
        self.assertEqual(field.to_python(stored), stored)
        sent = stored.replace("\n", "\r\n")  # as a browser sends it
        self.assertFalse(field.has_changed(stored, sent))
