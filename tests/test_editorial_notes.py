"""The project's editorial notes: loaded from editorial_notes.csv as
published annotations of their own kind, under the project's name, by a
stable key, never changing the translation."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from declarations.models import Annotation, Paragraph
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

NOTES = "curation/tianjin-2025/editorial_notes.csv"
IV_4 = "/declarations/tianjin-2025/iv/4/"
IV_5 = "/declarations/tianjin-2025/iv/5/"
ADMIN = "/admin/declarations/"
EDITORIAL_OPTION = '<option value="editorial-note"'


def corpus_copy():
    """Return a copy of fixtures/ whose files a test may change."""
    target = Path(tempfile.mkdtemp()) / "fixtures"
    shutil.copytree(settings.CORPUS_DIR, target)
    return target


def rebuild_and_load(corpus):
    call_command("build_corpus", corpus_dir=corpus, stdout=StringIO())
    call_command("load_corpus", corpus_dir=corpus, stdout=StringIO())


class EditorialNoteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_seed_notes_are_published_under_the_projects_name(self):
        notes = Annotation.objects.filter(kind=Annotation.Kind.EDITORIAL_NOTE)
        self.assertEqual(sorted(n.paragraph.label for n in notes), ["II.42", "IV.4"])
        for note in notes:
            self.assertTrue(note.is_published)
            self.assertIsNone(note.author)
            self.assertTrue(note.source_citation)
            self.assertFalse(note.is_orphaned, note.paragraph.label)
        page = self.client.get(IV_4)
        self.assertContains(page, "Editorial note — SCO Declarations Reader project")
        self.assertContains(page, "medium confidence")

    def test_no_note_prints_chinese_from_a_record_the_site_refuses(self):
        # IV.5's only Chinese is a truncated, low-confidence fragment, which
        # the loader does not show as the original: no note quotes it.
        page = self.client.get(IV_5)
        self.assertNotContains(page, "智能向善")
        self.assertNotContains(page, "AI for good")

    def test_a_note_never_changes_the_translation(self):
        paragraph = Paragraph.objects.get(label="IV.5")
        self.assertIn("good-hearted intelligence", paragraph.text_en)
        self.assertEqual(paragraph.text_zh, "")  # the fragment is not loaded

    def test_web_annotations_name_the_project_as_creator(self):
        page = self.client.get(IV_4 + "?format=annotations").json()
        (item,) = page["items"]
        self.assertEqual(
            item["creator"],
            {"type": "Organization", "name": "SCO Declarations Reader project"},
        )

    def test_reloading_updates_a_note_by_its_key_and_drops_removed_rows(self):
        before = {n.paragraph.label: n.key for n in Annotation.objects.all()}
        corpus = corpus_copy()
        path = corpus / NOTES
        lines = path.read_text(encoding="utf-8").splitlines()
        # Change the IV.4 body, drop the II.42 row.
        lines = [
            line.replace("is a slip of the translation", "is a translation slip")
            for line in lines
            if not line.startswith("II.42,")
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rebuild_and_load(corpus)
        rebuild_and_load(corpus)  # twice: nothing is added the second time
        after = {n.paragraph.label: n for n in Annotation.objects.all()}
        self.assertEqual(sorted(after), ["IV.4"])
        self.assertEqual(after["IV.4"].key, before["IV.4"])
        self.assertIn("is a translation slip", after["IV.4"].body)
        self.assertNotIn("is a slip of the translation", after["IV.4"].body)

    def test_a_quote_not_in_the_paragraph_fails_the_build(self):
        corpus = corpus_copy()
        path = corpus / NOTES
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("IV.4,” Enhancing", "IV.4,kind intelligence"),
            encoding="utf-8",
        )
        with self.assertRaises(CommandError) as raised:
            call_command("build_corpus", corpus_dir=corpus, stdout=StringIO())
        self.assertIn(
            "editorial_notes.csv:3: the quote 'kind intelligence' does not occur "
            "in IV.4's English",
            str(raised.exception),
        )


class CuratorsCannotWriteEditorialNotesTests(TestCase):
    """Editorial notes are ours, from the curation files: the admin offers
    curators every other kind, and still shows an existing note's own."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.paragraph = Paragraph.objects.get(label="II.14")

    def setUp(self):
        self.client.force_login(self.curator)

    def test_the_kind_is_not_offered_for_a_new_or_a_curators_annotation(self):
        page = self.client.get(ADMIN + "annotation/add/")
        self.assertContains(page, '<option value="context"')
        self.assertNotContains(page, EDITORIAL_OPTION)
        note = make_annotation(self.paragraph, author=self.curator)
        page = self.client.get(f"{ADMIN}annotation/{note.pk}/change/")
        self.assertNotContains(page, EDITORIAL_OPTION)
        # The paragraph's inline annotation forms (its own and the blank one).
        page = self.client.get(f"{ADMIN}paragraph/{self.paragraph.pk}/change/")
        self.assertContains(page, '<option value="translation-note"')
        self.assertNotContains(page, EDITORIAL_OPTION)

    def test_posting_the_kind_is_refused(self):
        response = self.client.post(
            ADMIN + "annotation/add/",
            {
                "paragraph": self.paragraph.pk,
                "kind": "editorial-note",
                "status": "draft",
                "body": "Passing for the project.",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("kind", response.context["adminform"].form.errors)
        self.assertFalse(Annotation.objects.filter(body__startswith="Passing").exists())

    def test_an_existing_editorial_note_still_shows_its_kind(self):
        note = Annotation.objects.get(
            kind=Annotation.Kind.EDITORIAL_NOTE, paragraph__label="IV.4"
        )
        page = self.client.get(f"{ADMIN}annotation/{note.pk}/change/")
        self.assertContains(page, '<option value="editorial-note" selected>')
        self.assertContains(self.client.get(ADMIN + "annotation/"), "Editorial note")


class CuratorLabelsTests(TestCase):
    """The admin says what happened to a note (issue 26)."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def test_a_note_from_the_corpus_says_it_was_loaded_not_written_then(self):
        self.client.force_login(self.curator)
        note = Annotation.objects.filter(kind=Annotation.Kind.EDITORIAL_NOTE).first()
        page = self.client.get(f"{ADMIN}annotation/{note.pk}/change/")
        self.assertContains(page, "loaded with the corpus at ")
        self.assertContains(page, "not changed in the admin since")
        self.assertContains(page, "No: the quoted passage occurs in the paragraph.")

    def test_a_new_note_shows_no_red_cross_beside_orphaned(self):
        self.client.force_login(self.curator)
        page = self.client.get(f"{ADMIN}annotation/add/")
        self.assertContains(page, "Checked when the note is saved.")
        self.assertNotContains(page, "icon-no.svg")


def test_a_basis_longer_than_an_annotation_stores_fails_the_build(tmp_path):
    corpus = tmp_path / "fixtures"
    shutil.copytree(settings.CORPUS_DIR, corpus)
    path = corpus / NOTES
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("stored copies read 2 December 2026", "read " + "x" * 500),
        encoding="utf-8",
    )
    try:
        call_command("build_corpus", corpus_dir=corpus, stdout=StringIO())
    except CommandError as error:
        assert "the basis of the note on II.42 has" in str(error)
        assert "more than 500" in str(error)
    else:
        raise AssertionError("the build accepted a basis too long to import")
