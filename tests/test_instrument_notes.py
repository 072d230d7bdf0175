"""One curator edit must not multiply storage (outside probe, 2026-11, issue 18):
aliases are whole words of a minimum length, notes and aliases have length
limits, a note is printed once per page rather than copied into every link,
and an edit that would grow the stored linked English past its budget is
refused with a message."""

import tempfile
from io import StringIO
from pathlib import Path

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory, TestCase

from declarations.corpus import CorpusError
from declarations.corpus.curation_files import INSTRUMENT_COLUMNS, read_instruments
from declarations.instrument_links import link_instruments
from declarations.models import Instrument, Paragraph
from tests.factories import make_declaration, make_instrument, make_mention
from tests.real_corpus import load_real_corpus


def admin_form(instrument, **changes):
    """Return the admin's change form for an instrument, bound to its current
    values with the given changes."""
    model_admin = admin.site._registry[Instrument]
    request = RequestFactory().get("/")
    request.user = User(username="curator", is_staff=True, is_superuser=True)
    form_class = model_admin.get_form(request, instrument)
    data = {
        "title_en": instrument.title_en,
        "short_title": instrument.short_title,
        "title_source": instrument.title_source or "outside: a test",
        "kind": instrument.kind,
        "place": instrument.place,
        "date_text": instrument.date_text,
        "date_source": instrument.date_source,
        "aliases": instrument.aliases,
        "description": instrument.description,
        **changes,
    }
    return form_class(data, instance=instrument)


def instruments_csv(aliases="", description=""):
    """Return the path of an instruments.csv with one instrument."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "instruments.csv"
    row = [
        "test-charter",
        "charter",
        "Charter of the Test Organisation",
        "",
        "",
        "",
        "",
        "",
        aliases,
        description,
        "",  # date_source: no place or date
        "outside: a test",  # title_source
        "",  # kind_reason
    ]
    path.write_text(
        ",".join(INSTRUMENT_COLUMNS) + "\n" + ",".join(f'"{v}"' for v in row) + "\n",
        encoding="utf-8",
    )
    return path


class NameLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.instrument = make_instrument(slug="test-charter", title_en="Test Charter")

    def test_a_one_letter_alias_is_refused_in_the_admin(self):
        form = admin_form(self.instrument, aliases="Charter of tests\na")
        self.assertFalse(form.is_valid())
        self.assertIn("shorter than 4 characters", str(form.errors["aliases"]))

    def test_a_one_letter_alias_is_refused_in_the_curation_file(self):
        with self.assertRaises(CorpusError) as refused:
            read_instruments(instruments_csv(aliases="Test Charter | a"))
        self.assertIn("instruments.csv:2:", str(refused.exception))
        self.assertIn("shorter than 4 characters", str(refused.exception))

    def test_a_100_kb_description_is_refused_in_the_admin_and_the_file(self):
        long = "x" * 100_000
        form = admin_form(self.instrument, description=long)
        self.assertFalse(form.is_valid())
        self.assertIn("at most 600", str(form.errors["description"]))
        with self.assertRaises(CorpusError) as refused:
            read_instruments(instruments_csv(description=long))
        self.assertIn("instruments.csv:2:", str(refused.exception))
        self.assertIn("at most 600", str(refused.exception))

    def test_too_many_or_too_long_aliases_are_refused(self):
        many = "\n".join(f"Test Charter {n}" for n in range(21))
        self.assertIn(
            "at most 20", str(admin_form(self.instrument, aliases=many).errors)
        )
        long = "Test " + "Charter " * 30
        self.assertIn(
            "at most 200", str(admin_form(self.instrument, aliases=long).errors)
        )

    def test_reasonable_names_pass(self):
        form = admin_form(self.instrument, aliases="Test Charter of 2001\nSDGs")
        self.assertTrue(form.is_valid(), form.errors)


class WholeWordTests(TestCase):
    def test_a_name_never_links_inside_a_longer_word(self):
        targets = [(["Charter"], "/instruments/un-charter/", "un-charter")]
        html = link_instruments("Charters and chartered ships; the Charter.", targets)
        self.assertEqual(html.count('class="xref"'), 1)
        self.assertIn(">Charter</a>.", html)
        self.assertNotIn(">Charter</a>s", html)


class NoteOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make_declaration(sections=1, paragraphs_per_section=3)
        cls.instrument = make_instrument(
            slug="test-charter",
            title_en="Test Charter",
            description="A long curator note. " * 25,
        )
        for paragraph in Paragraph.objects.filter(document=cls.document):
            paragraph.text_en = "The Test Charter, and again the Test Charter."
            paragraph.save()
            make_mention(paragraph, cls.instrument)

    def test_stored_html_names_the_instrument_and_holds_no_note(self):
        for paragraph in Paragraph.objects.filter(document=self.document):
            self.assertNotIn("data-note", paragraph.text_en_html)
            self.assertNotIn("curator note", paragraph.text_en_html)
            self.assertEqual(
                paragraph.text_en_html.count(
                    'data-instrument="test-charter" '
                    'aria-describedby="note-test-charter"'
                ),
                2,
            )

    def test_each_reading_page_prints_the_note_once(self):
        paragraph = Paragraph.objects.filter(document=self.document).last()
        # The instrument's own page also prints its description in its header.
        pages = {
            self.document.get_absolute_url(): 1,
            paragraph.section.get_absolute_url(): 1,
            paragraph.get_absolute_url(): 1,
            self.instrument.get_absolute_url(): 2,
        }
        for url, copies in pages.items():
            content = self.client.get(url).content.decode()
            self.assertEqual(content.count("A long curator note."), 25 * copies, url)
            self.assertEqual(content.count('id="note-test-charter"'), 1, url)
            self.assertNotIn("data-note", content, url)
            self.assertGreaterEqual(
                content.count('aria-describedby="note-test-charter"'), 2, url
            )


class StorageBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make_declaration(sections=1, paragraphs_per_section=1)
        cls.paragraph = Paragraph.objects.filter(document=cls.document).last()
        cls.paragraph.text_en = "The Test Charter binds each member. " * 1000
        cls.paragraph.save()
        cls.instrument = make_instrument(slug="test-charter", title_en="Test Charter")
        make_mention(cls.paragraph, cls.instrument)

    def test_aliases_that_would_pass_the_budget_are_refused_unwritten(self):
        before = Paragraph.objects.get(pk=self.paragraph.pk).text_en_html
        form = admin_form(self.instrument, aliases="each\nmember\nbinds")
        self.assertFalse(form.is_valid())
        message = " ".join(form.non_field_errors())
        self.assertIn("its budget is", message)
        self.assertIn("4 per character of English text", message)
        self.assertEqual(
            Paragraph.objects.get(pk=self.paragraph.pk).text_en_html, before
        )

    def test_an_alias_within_the_budget_is_accepted(self):
        form = admin_form(self.instrument, aliases="Charter of tests")
        self.assertTrue(form.is_valid(), form.errors)


class StaleLinksTests(TestCase):
    def test_loading_the_corpus_rebuilds_links_made_the_old_way(self):
        load_real_corpus()
        paragraph = Paragraph.objects.get(label="II.14", document__slug="tianjin-2025")
        fresh = paragraph.text_en_html
        old = fresh.replace("aria-describedby=", 'data-note="A note" aria-describedby=')
        paragraph.texts.filter(expression__tag="en").update(html=old)
        out = StringIO()
        call_command("load_corpus", stdout=out)
        paragraph.refresh_from_db()
        self.assertEqual(paragraph.text_en_html, fresh)
        self.assertIn("1 changed", out.getvalue())
        call_command("load_corpus", stdout=(again := StringIO()))
        self.assertIn("0 changed", again.getvalue())
