"""The reader in real use: search that means what it says in both languages,
the termbase, results first, and the bilingual layout (view level; the
browser tests check position and focus)."""

import re

from django.test import TestCase

from declarations.models import Paragraph
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"


def labels(response):
    return [p["label"] for p in response.json()["paragraphs"]]


class WholeWordSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def search(self, **query):
        return self.client.get(DOC, {"format": "json", **query})

    def test_short_latin_terms_match_whole_words_only(self):
        for term in ["AI", "UN"]:
            found = labels(self.search(q=term, expand="0"))
            word = re.compile(rf"(?<![A-Za-z0-9]){term}(?![A-Za-z0-9])", re.IGNORECASE)
            expected = [
                p.label
                for p in Paragraph.objects.order_by("position")
                if word.search(p.text_en)
            ]
            self.assertEqual(found, expected, term)
        shanghai_only = Paragraph.objects.get(label="Preamble.1")
        self.assertIn("Shanghai", shanghai_only.text_en)
        self.assertNotIn("Preamble.1", labels(self.search(q="AI", expand="0")))

    def test_english_word_forms_are_found(self):
        found = labels(self.search(q="sport", expand="0"))
        self.assertTrue(found)
        for label in found:
            text = Paragraph.objects.get(label=label).text_en
            self.assertRegex(text, r"(?i)\bsport(s|ing)?\b")
        sports = [
            p.label
            for p in Paragraph.objects.order_by("position")
            if re.search(r"(?i)\bsports\b", p.text_en)
        ]
        self.assertTrue(set(sports) <= set(found))

    def test_a_quoted_phrase_is_a_run_of_words(self):
        found = labels(self.search(q='"artificial intelligence"', expand="0"))
        expected = [
            p.label
            for p in Paragraph.objects.order_by("position")
            if re.search(r"(?i)\bartificial intelligence\b", p.text_en)
        ]
        self.assertEqual(found, expected)

    def test_highlighting_follows_the_same_rule(self):
        page = self.client.get(DOC, {"q": "UN", "expand": "0"}).content.decode()
        self.assertIn("<mark>UN</mark>", page)
        self.assertNotRegex(page, r"[A-Za-z]<mark>un</mark>|<mark>un</mark>[a-z]")
        self.assertNotIn("f<mark>un</mark>d", page)


class TermbaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_an_english_term_also_finds_the_chinese_and_the_abbreviation(self):
        expanded = labels(
            self.client.get(DOC, {"q": "artificial intelligence", "format": "json"})
        )
        typed = labels(
            self.client.get(
                DOC, {"q": "artificial intelligence", "expand": "0", "format": "json"}
            )
        )
        self.assertTrue(set(typed) <= set(expanded))
        page = self.client.get(DOC, {"q": "artificial intelligence"})
        self.assertContains(page, "also searched:")
        self.assertContains(page, "人工智能")

    def test_a_chinese_term_also_finds_the_english_paragraphs(self):
        with_chinese = [
            p.label
            for p in Paragraph.objects.order_by("position")
            if "人工智能" in p.text_zh
        ]
        about_ai = [
            p.label
            for p in Paragraph.objects.order_by("position")
            if re.search(r"(?i)\bartificial intelligence\b", p.text_en)
            or "人工智能" in p.text_zh
        ]
        self.assertLess(len(with_chinese), len(about_ai))
        expanded = labels(self.client.get(DOC, {"q": "人工智能", "format": "json"}))
        self.assertTrue(set(about_ai) <= set(expanded))
        only_typed = labels(
            self.client.get(DOC, {"q": "人工智能", "expand": "0", "format": "json"})
        )
        self.assertEqual(only_typed, with_chinese)

    def test_the_expansion_can_be_switched_off_and_says_so(self):
        page = self.client.get(DOC, {"q": "人工智能", "expand": "0"})
        self.assertContains(page, "Only the words typed were searched.")
        self.assertNotContains(page, "also searched:")

    def test_a_chinese_query_states_the_coverage(self):
        page = self.client.get(DOC, {"q": "安全"})
        self.assertContains(page, "which is loaded for 16 of 134 paragraphs.")
        # Widened by English labels, a Chinese search also matches the English.
        page = self.client.get(DOC, {"q": "阿富汗"})
        self.assertContains(page, "loaded for 16 of 134 paragraphs; the labels")

    def test_the_termbase_is_curated_with_sources(self):
        from django.conf import settings

        from declarations.corpus.curation_files import read_instruments, read_themes
        from declarations.corpus.entity_files import read_entities
        from declarations.corpus.vocabulary_files import read_termbase

        curation = settings.CORPUS_DIR / "curation"
        rows = read_termbase(
            curation / "termbase.csv",
            {
                "entity": read_entities(curation / "entities.csv"),
                "theme": read_themes(curation / "themes.csv"),
                "instrument": read_instruments(curation / "instruments.csv"),
            },
        )
        self.assertGreaterEqual(len(rows), 40)
        self.assertTrue(all(fields["source"] for _, fields in rows))


class ResultsAndFiltersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_facet_counts_equal_a_hand_count(self):
        page = self.client.get(DOC, {"q": "energy", "expand": "0"}).content.decode()
        word = re.compile(r"(?i)\benerg(y|ies)\b")
        for slug, name in [("energy", "Energy"), ("finance", "Finance and banking")]:
            by_hand = sum(
                1
                for p in Paragraph.objects.prefetch_related("themes")
                if word.search(p.text_en) and slug in {t.slug for t in p.themes.all()}
            )
            self.assertIn(f"{name} ({by_hand})", page, slug)

    def test_results_come_before_the_folded_form(self):
        page = self.client.get(DOC, {"theme": "energy"}).content.decode()
        self.assertLess(
            page.index('class="results-summary"'), page.index('class="filters"')
        )
        self.assertIn('<details class="filters-bar">', page)
        self.assertIn("Theme: Energy", page)

    def test_only_paragraphs_with_the_chinese_original(self):
        found = labels(self.client.get(DOC, {"zh": "available", "format": "json"}))
        self.assertEqual(len(found), 16)
        self.assertEqual(
            found,
            list(Paragraph.objects.with_chinese().values_list("label", flat=True)),
        )

    def test_empty_parameters_are_answered_as_without_them(self):
        plain = self.client.get(DOC)
        empty = self.client.get(DOC + "?q=&section=&instrument=&zh=&theme=")
        self.assertEqual(empty.status_code, 200)
        self.assertEqual(empty["ETag"], plain["ETag"])
        self.assertContains(
            empty, f'<link rel="canonical" href="http://127.0.0.1:8000{DOC}">'
        )

    def test_bad_values_are_a_400_naming_the_value(self):
        for parameter, value in [("zh", "maybe"), ("lang", "fr"), ("theme", "no-such")]:
            response = self.client.get(DOC, {parameter: value})
            self.assertContains(response, value, status_code=400)

    def test_one_language_control(self):
        page = self.client.get(DOC).content.decode()
        self.assertNotIn('name="lang"', page)
        self.assertIn('class="language-switch"', page)

    def test_chinese_mode_folds_the_english_marked_as_the_translation(self):
        page = self.client.get(DOC, {"lang": "zh"})
        self.assertContains(
            page, '<details class="para-text para-fallback">', count=118
        )
        self.assertContains(page, 'class="para-text para-zh"', count=16)

    def test_medium_confidence_chinese_is_marked_where_it_is_read(self):
        page = self.client.get(DOC)
        medium = Paragraph.objects.filter(
            texts__expression__tag="zh-Hans", texts__provenance__confidence="medium"
        )
        self.assertTrue(medium.exists())
        self.assertContains(
            page, "Medium confidence: see the source", count=medium.count()
        )
        self.assertContains(page, f'href="{medium.first().permalink}#provenance"')

    def test_contents_show_matches_and_chinese_coverage_per_section(self):
        page = self.client.get(DOC, {"zh": "available"}).content.decode()
        self.assertRegex(page, r'title="4 of 44 paragraphs match">4/44<')
        self.assertIn("中文</span> 0/38", page)


class SearchedIdsTests(TestCase):
    """The document page asks for a search's paragraph ids in one statement
    written by search_index.matching_ids_sql: it must select what the ORM's
    ParagraphQuerySet.search selects, for every kind of term."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_statement_selects_what_the_querysets_search_selects(self):
        from declarations import search, search_index
        from declarations.models import Document

        document = Document.objects.get(slug="tianjin-2025")
        paragraphs = Paragraph.objects.filter(document=document)
        queries = [
            "cooperation",
            "terrorism",
            "AI",
            "UN",
            "恐怖主义",
            "安全",
            "能源",
            "人工智能",
            '"sustainable development"',
            "energy finance",
            "security 安全",
            "nothingmatchesthis",
            'a"b"c',
            "cybercrime",
            "sports",
        ]
        for query in queries:
            for expand in (True, False):
                terms = search.parse(query, expand=expand)
                expected = set(
                    paragraphs.search(terms).order_by().values_list("pk", flat=True)
                )
                with self.assertNumQueries(1):
                    found = search_index.matching_ids(terms, document.pk)
                self.assertEqual(found, expected, (query, expand))
        self.assertTrue(search_index.matching_ids(search.parse("安全"), document.pk))
        # One character: the ORM's contains, not raw SQL.
        self.assertIsNone(search_index.matching_ids(search.parse("安"), document.pk))
