"""Derived data has one writer (declarations/derived.py): every write path
rebuilds the linked English and moves the corpus version that cached pages
and ETags depend on. Each test here failed on the code before that owner."""

import importlib
import json
import shutil
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase

from declarations.models import (
    Annotation,
    Instrument,
    Mention,
    Paragraph,
    ParagraphText,
    Theme,
)
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

PERMALINK = "/declarations/tianjin-2025/ii/14/"
DOCUMENT = "/declarations/tianjin-2025/"


def copy_corpus(tmp):
    """Return a writable copy of fixtures/ (sources, curation and fixtures)."""
    target = Path(tmp) / "fixtures"
    shutil.copytree(settings.CORPUS_DIR, target)
    return target


class SourceCorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_corrected_source_line_reaches_the_reading_column(self):
        import tempfile

        paragraph = Paragraph.objects.get(label="II.14")
        self.assertTrue(paragraph.mentions.exists())  # it has linked HTML
        with tempfile.TemporaryDirectory() as tmp:
            corpus = copy_corpus(tmp)
            fixture = corpus / "documents" / "tianjin-2025.json"
            records = json.loads(fixture.read_text(encoding="utf-8"))
            for record in records:
                if record["fields"].get("label") == "II.14":
                    record["fields"]["text_en"] = paragraph.text_en.replace(
                        "Member states will", "Corrected member states will", 1
                    )
            fixture.write_text(json.dumps(records, ensure_ascii=False))
            call_command("load_corpus", corpus_dir=corpus, stdout=StringIO())
        paragraph.refresh_from_db()
        self.assertIn("Corrected member states will", paragraph.text_en)
        self.assertIn("Corrected member states will", paragraph.text_en_html)
        page = self.client.get(DOCUMENT)
        self.assertContains(page, "Corrected member states will")


class BulkDeleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        # Curators may not delete annotations; an editor-in-chief may.
        cls.superuser = make_user("editor", superuser=True)

    def setUp(self):
        self.paragraph = Paragraph.objects.get(label="II.14")

    def delete_selected(self, model, pks, user):
        self.client.force_login(user)
        url = f"/admin/declarations/{model._meta.model_name}/"
        response = self.client.post(
            url,
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()

    def test_bulk_deleted_annotation_leaves_the_cached_page(self):
        annotation = make_annotation(self.paragraph, body="Soon *deleted*.")
        self.assertContains(self.client.get(PERMALINK), "Soon <em>deleted</em>")
        self.delete_selected(Annotation, [annotation.pk], self.superuser)
        self.assertFalse(Annotation.objects.filter(pk=annotation.pk).exists())
        self.assertNotContains(self.client.get(PERMALINK), "Soon <em>deleted</em>")

    def test_bulk_deleted_links_leave_the_text_and_stay_deleted(self):
        mentions = list(self.paragraph.mentions.values_list("pk", flat=True))
        self.assertIn('class="xref"', self.paragraph.text_en_html)
        self.assertContains(self.client.get(DOCUMENT), 'class="xref"', count=None)
        before = self.client.get(PERMALINK).content.decode().count('class="xref"')
        self.assertGreater(before, 0)
        self.delete_selected(Mention, mentions, self.curator)
        self.paragraph.refresh_from_db()
        self.assertNotIn('class="xref"', self.paragraph.text_en_html)
        self.assertTrue(self.paragraph.mentions_curated)
        self.assertNotContains(self.client.get(PERMALINK), 'class="xref"')
        load_real_corpus()
        self.assertFalse(self.paragraph.mentions.exists())

    def test_shell_edits_invalidate_too(self):
        self.assertNotContains(self.client.get(PERMALINK), "Renamed in a shell")
        theme = self.paragraph.themes.first()
        theme.name_en = "Renamed in a shell"
        theme.save()
        self.assertContains(self.client.get(PERMALINK), "Renamed in a shell")
        Theme.objects.filter(pk=theme.pk).first().paragraphs.remove(self.paragraph)
        self.assertNotContains(self.client.get(PERMALINK), "Renamed in a shell")

    def test_an_instrument_renamed_relinks_its_paragraphs(self):
        instrument = self.paragraph.instruments.first()
        instrument.aliases += "\nMember States"
        instrument.save()
        self.paragraph.refresh_from_db()
        self.assertIn(">Member states</a>", self.paragraph.text_en_html)


class LoaderReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_fix_to_the_curation_files_reaches_an_existing_database(self):
        import tempfile

        Theme.objects.filter(slug="sport").update(description="Old wording.")
        Instrument.objects.filter(slug="un-charter").update(place="Nowhere")
        with tempfile.TemporaryDirectory() as tmp:
            corpus = copy_corpus(tmp)
            out = StringIO()
            call_command("load_corpus", corpus_dir=corpus, stdout=out)
        self.assertNotEqual(Theme.objects.get(slug="sport").description, "Old wording.")
        self.assertNotEqual(Instrument.objects.get(slug="un-charter").place, "Nowhere")
        self.assertIn("2 changed", out.getvalue())
        self.assertIn("Kept as curators changed them: none.", out.getvalue())

    def test_the_report_names_what_a_curator_changed(self):
        Theme.objects.filter(slug="sport").update(
            description="A curator's wording.", curated=True
        )
        Theme.objects.filter(slug="energy").update(curated=True)  # not changed
        output = load_real_corpus()
        self.assertEqual(
            Theme.objects.get(slug="sport").description, "A curator's wording."
        )
        self.assertIn("Kept as curators changed them: theme 'sport'.", output)


class BuildCheckTests(TestCase):
    def test_check_compares_the_folder_it_is_given(self):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            corpus = copy_corpus(tmp)
            call_command(
                "build_corpus", check=True, corpus_dir=corpus, stdout=StringIO()
            )
            (corpus / "themes.json").write_text("[]\n", encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "themes.json"):
                call_command(
                    "build_corpus", check=True, corpus_dir=corpus, stdout=StringIO()
                )


class SearchIndexAfterMigrationTests(TransactionTestCase):
    """A migration that alters the text table rebuilds it on SQLite and
    drops the search triggers with it; migrate must leave them in place."""

    def alter_origin_length(self, max_length):
        # What a migration's AlterField does to the table.
        old = ParagraphText._meta.get_field("origin")
        new = old.clone()
        new.set_attributes_from_name("origin")
        new.model = ParagraphText
        new.max_length = max_length
        with connection.schema_editor() as editor:
            editor.alter_field(ParagraphText, old, new)

    def test_making_the_curators_group_again_leaves_migrate_whole(self):
        # Browser tests make the Curators group again with the migrations' own
        # functions and the global app registry: they must leave it as they
        # found it, or migrate stops telling this app (and its search index).
        for name, function in [
            ("0002_curators_group", "create_curators"),
            ("0015_curators_delete_own_drafts", "grant"),
        ]:
            migration = importlib.import_module(f"declarations.migrations.{name}")
            getattr(migration, function)(apps, None)
        self.assertIsNotNone(apps.get_app_config("declarations").models_module)

    def test_search_finds_new_text_after_the_table_is_rebuilt(self):
        if connection.vendor != "sqlite":
            self.skipTest("the triggers are SQLite's; PostgreSQL indexes the column")
        load_real_corpus()
        paragraph = Paragraph.objects.get(label="II.14")
        self.alter_origin_length(30)
        try:
            paragraph.text_en += " Zanzibarian marker."
            paragraph.save()
            # The premise: the rebuilt table lost its triggers.
            self.assertEqual(list(Paragraph.objects.search(["Zanzibarian"])), [])
            call_command("migrate", verbosity=0)
            paragraph.text_en += " Another marker, Quetzalcoatlan."
            paragraph.save()
            self.assertEqual(
                list(Paragraph.objects.search(["Quetzalcoatlan"])), [paragraph]
            )
            self.assertEqual(
                list(Paragraph.objects.search(["Zanzibarian"])), [paragraph]
            )
        finally:
            self.alter_origin_length(10)
            call_command("migrate", verbosity=0)
