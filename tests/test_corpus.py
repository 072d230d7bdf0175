"""The real corpus, built and loaded through the management commands."""

import json
import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from hypothesis import given, settings as hypothesis_settings, strategies as st
from hypothesis.extra import django as hypothesis_django

from declarations.corpus.fixtures import build_corpus
from declarations.models import (
    Annotation,
    Concept,
    Document,
    Entity,
    EntityMention,
    Expression,
    Instrument,
    Label,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    ParagraphText,
    Section,
    Theme,
)
from tests.real_corpus import load_real_corpus, rows

SOURCES = settings.CORPUS_DIR / "sources"
ENGLISH = SOURCES / "tianjin_declaration_2025_en.txt"
CHINESE = SOURCES / "tianjin_declaration_2025_zh_partial.jsonl"
REQUIRED_THEMES = """artificial-intelligence information-security digital-economy
counter-terrorism drug-control arms-control regional-conflicts united-nations
trade-investment finance energy transport-connectivity agriculture-food
environment-climate health education-science culture-tourism sport
youth-women-society sco-institutions""".split()


def database_snapshot():
    """Return every corpus row, as its fields' values in order of id, for
    before/after comparisons (ids included: a row deleted and made again
    is a change)."""
    models = [
        Document,
        Expression,
        Section,
        Paragraph,
        ParagraphText,
        Theme,
        Instrument,
        Mention,
    ]
    return {model.__name__: rows(model) for model in models}


class RealCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.document = Document.objects.get(slug="tianjin-2025")

    def test_paragraphs_are_the_source_lines_in_order(self):
        lines = ENGLISH.read_text(encoding="utf-8").splitlines()
        declaration = [
            line for line in lines[12:] if not re.fullmatch(r"[IVX]+", line.strip())
        ]
        stored = list(
            ParagraphText.objects.filter(paragraph__document=self.document)
            .in_language("en")
            .order_by("paragraph__position")
            .values_list("text", flat=True)
        )
        self.assertEqual(len(stored), 134)
        self.assertEqual(stored, declaration)

    def test_summary_and_note_are_not_paragraphs(self):
        self.assertFalse(
            ParagraphText.objects.filter(text__contains="Tech, digital").exists()
        )
        self.assertFalse(
            ParagraphText.objects.filter(text__startswith="Here is English").exists()
        )
        self.assertIn("cyber sovereignty", self.document.overview)

    def test_sections_and_their_paragraph_counts(self):
        counts = {
            s.key: s.paragraph_count
            for s in Section.objects.filter(document=self.document).with_counts()
        }
        self.assertEqual(
            counts, {"preamble": 1, "i": 17, "ii": 44, "iii": 38, "iv": 27, "v": 7}
        )
        self.assertEqual(
            list(self.document.sections.values_list("key", flat=True)),
            ["preamble", "i", "ii", "iii", "iv", "v"],
        )

    def test_labels_and_numbers(self):
        paragraph = Paragraph.objects.get(document=self.document, label="II.14")
        self.assertEqual((paragraph.section.key, paragraph.number), ("ii", 14))
        self.assertTrue(
            paragraph.text_en.startswith("Member states will continue to work")
        )
        self.assertEqual(
            Paragraph.objects.get(
                document=self.document, section__key="preamble"
            ).label,
            "Preamble.1",
        )

    def test_every_guillemet_title_is_an_instrument_linked_to_its_paragraphs(self):
        titles = {}
        for paragraph in Paragraph.objects.filter(document=self.document):
            for title in re.findall(r"«([^»]+)»", paragraph.text_en):
                titles.setdefault(title, set()).add(paragraph.label)
        self.assertEqual(len(titles), 36)
        for title, labels in titles.items():
            instrument = Instrument.objects.get(title_en=title)
            linked = set(instrument.mentions.values_list("paragraph__label", flat=True))
            self.assertEqual(linked, labels, title)

    def test_instruments_named_without_guillemets(self):
        for slug, label in [
            ("un-charter", "I.7"),
            ("sco-charter", "I.9"),
            ("belt-and-road-initiative", "III.1"),
            ("un-convention-cybercrime", "II.42"),
            ("unsc-resolution-2231", "II.22"),
        ]:
            self.assertTrue(
                Mention.objects.filter(
                    instrument__slug=slug, paragraph__label=label
                ).exists(),
                slug,
            )

    def test_a_title_named_twice_in_a_paragraph_is_one_mention(self):
        cwc = Instrument.objects.get(slug="chemical-weapons-convention")
        self.assertEqual(cwc.mentions.count(), 1)
        self.assertEqual(cwc.mentions.get().paragraph.text_en.count("«Chemical"), 2)

    def test_instrument_place_and_date_from_the_text(self):
        programme = Instrument.objects.get(slug="programme-counter-terrorism-2025-2027")
        self.assertEqual(programme.place, "Astana")
        self.assertEqual(str(programme.adopted_on), "2024-07-04")
        self.assertEqual(
            Mention.objects.get(instrument=programme).verb, Mention.Verb.IMPLEMENTING
        )

    def test_only_whole_trusted_chinese_records_are_loaded(self):
        records = [json.loads(line) for line in CHINESE.read_text().splitlines()]
        trusted = {
            r["line"]: r
            for r in records
            if not r["truncated"]
            and r["confidence"] in {"high", "medium"}
            and r["kind"] in {"paragraph", "preamble"}
        }
        self.assertEqual(len(trusted), 16)
        loaded = Paragraph.objects.filter(document=self.document).with_chinese()
        self.assertEqual(loaded.count(), 16)
        source_lines = {p.position + 12 + self.headings_before(p): p for p in loaded}
        self.assertEqual(set(source_lines), set(trusted))
        for line, paragraph in source_lines.items():
            self.assertEqual(paragraph.text_zh, trusted[line]["zh_hans"])
            self.assertEqual(paragraph.text_zh_origin, Paragraph.ChineseOrigin.CORPUS)
            self.assertEqual(
                paragraph.text_zh_provenance["sources"], trusted[line]["sources"]
            )
            self.assertIn(
                paragraph.text_zh_provenance["confidence"], {"high", "medium"}
            )

    def headings_before(self, paragraph):
        return paragraph.section.position

    def test_truncated_and_low_confidence_chinese_is_left_blank(self):
        for label in ["I.7", "I.17", "II.20", "II.27", "II.34", "III.1", "IV.5"]:
            self.assertEqual(
                Paragraph.objects.get(document=self.document, label=label).text_zh,
                "",
                label,
            )

    def test_chinese_title_with_provenance(self):
        self.assertEqual(self.document.title_zh, "上海合作组织成员国元首理事会天津宣言")
        self.assertEqual(self.document.title_provenance_in("zh")["confidence"], "high")
        # The traditional title as hk01 and RTHK print it, in its expression.
        self.assertEqual(
            self.document.title_in("zh-Hant"), "上海合作組織成員國元首理事會天津宣言"
        )

    def test_every_paragraph_has_a_theme_and_required_slugs_exist(self):
        self.assertFalse(
            Paragraph.objects.filter(document=self.document, themes=None).exists()
        )
        self.assertTrue(15 <= Theme.objects.count() <= 25)
        self.assertEqual(
            set(
                Theme.objects.filter(slug__in=REQUIRED_THEMES).values_list(
                    "slug", flat=True
                )
            ),
            set(REQUIRED_THEMES),
        )

    def test_loading_twice_changes_nothing(self):
        before = database_snapshot()
        output = load_real_corpus()
        self.assertEqual(database_snapshot(), before)
        self.assertIn("0 created, 0 changed", output)
        self.assertIn("Kept as curators changed them: none.", output)


# What a load writes, compared without what each write makes anew (the ids of
# rows made again, reading versions, times).
LOADED = [
    Theme,
    Instrument,
    Entity,
    Membership,
    Document,
    Expression,
    Section,
    Paragraph,
    Paragraph.themes.through,
    ParagraphText,
    Mention,
    EntityMention,
    ParagraphSubject,
    Concept,
    Concept.paragraphs.through,
    Label,
    Annotation,
]
MADE_ANEW = {"id", "reading_version", "changed_at", "created_at", "updated_at"}


def contents(model):
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in MADE_ANEW
    ]
    return sorted(model._base_manager.values_list(*names), key=repr)


def nth(queryset, index):
    """Return a row of a queryset chosen by a drawn number."""
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)]


# Changes made to a loaded database without the admin (so nothing is marked
# curated): each takes a drawn number that picks its row.
DAMAGE = {
    "instrument links deleted": lambda n: (
        nth(Paragraph.objects.filter(mentions__isnull=False).distinct(), n)
        .mentions.all()
        .delete()
    ),
    "an entity link deleted": lambda n: nth(EntityMention.objects, n).delete(),
    "a subject deleted": lambda n: nth(ParagraphSubject.objects, n).delete(),
    "a membership deleted": lambda n: nth(Membership.objects, n).delete(),
    "a label deleted": lambda n: nth(Label.objects, n).delete(),
    "an editorial note deleted": lambda n: nth(
        Annotation.objects.filter(kind=Annotation.Kind.EDITORIAL_NOTE), n
    ).delete(),
    "a paragraph's themes cleared": lambda n: nth(
        Paragraph.objects.filter(themes__isnull=False).distinct(), n
    ).themes.clear(),
    "a concept's paragraphs cleared": lambda n: nth(
        Concept.objects.filter(paragraphs__isnull=False).distinct(), n
    ).paragraphs.clear(),
    "a theme renamed": lambda n: rename(nth(Theme.objects, n), "name_en"),
    "an entity renamed": lambda n: rename(nth(Entity.objects, n), "name_en"),
    "an instrument renamed": lambda n: rename(nth(Instrument.objects, n), "title_en"),
    "a section heading changed": lambda n: rename(nth(Section.objects, n), "heading"),
    "an expression's notes changed": lambda n: rename(
        nth(Expression.objects, n), "notes"
    ),
    "a paragraph's English changed": lambda n: rename(
        nth(Paragraph.objects, n), "text_en"
    ),
}


def rename(row, name):
    setattr(row, name, f"{getattr(row, name)} (changed)")
    row.save()


class ReloadRepairsTests(hypothesis_django.TestCase):
    """Whatever uncurated rows a database lost or had changed, a load makes
    them the corpus's again, and a second load finds nothing to do: the
    loader's lookups (corpus/loader.py's Known, each table read once a load)
    see every row as it stands."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.loaded = {model: contents(model) for model in LOADED}

    @hypothesis_settings(max_examples=8, deadline=None)
    @given(
        damage=st.lists(
            st.tuples(st.sampled_from(sorted(DAMAGE)), st.integers(0, 10**6)),
            min_size=1,
            max_size=4,
        )
    )
    def test_a_load_repairs_any_damage(self, damage):
        for name, number in damage:
            DAMAGE[name](number)
        self.assertNotIn("0 created, 0 changed", load_real_corpus())
        for model in LOADED:
            self.assertEqual(contents(model), self.loaded[model], model.__name__)
        self.assertIn("0 created, 0 changed", load_real_corpus())


class BuildTests(TestCase):
    def test_rebuilding_gives_byte_identical_fixtures(self):
        first = build_corpus(settings.CORPUS_DIR)
        second = build_corpus(settings.CORPUS_DIR)
        self.assertEqual(first, second)
        for name, text in first.items():
            committed = Path(settings.CORPUS_DIR, name).read_text(encoding="utf-8")
            self.assertEqual(
                committed, text, f"{name} is out of date: run make fixtures"
            )

    def test_check_mode_reports_up_to_date(self):
        out = StringIO()
        call_command("build_corpus", "--check", stdout=out)
        self.assertIn("up to date", out.getvalue())
