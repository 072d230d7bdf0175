"""The reader in real use: search that means what it says in both languages,
the termbase, results first, and the bilingual layout (view level; the
browser tests check position and focus)."""

import re
from unittest import skipUnless

import opencc
from django.db import connection
from django.test import TestCase
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from declarations import search, search_index, search_rows
from declarations.models import Document, Paragraph, ParagraphText, texts
from declarations.page_cache import corpus_version
from declarations.reading_index import DocumentIndex
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
S2T = opencc.OpenCC("s2t.json")


def convert(text, source, target):
    """The other way than the project's tool, to write traditional queries."""
    assert (source, target) == ("zh-Hans", "zh-Hant")
    return S2T.convert(text)


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
        from django.db import connection

        from declarations import search, search_index
        from declarations.models import Document

        document = Document.objects.get(slug="tianjin-2025")
        if connection.vendor != "sqlite":
            # PostgreSQL's rules are not raw SQL: the ORM's query answers.
            terms = search.parse("cooperation")
            self.assertIsNone(search_index.matching_ids(terms, document.pk))
            return
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
            # Traditional characters: the simplified rows as the tool
            # converts the query, the traditional rows as typed.
            "俄羅斯",
            "聯合國",
            "人工智能",
            "安全 聯合國",
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


class EachExpressionByItsRuleTests(TestCase):
    """A Chinese query is searched in each script's expression as typed and
    as the conversion tool converts it to that script (t2s for the
    simplified, which the tool made from the traditional; s2t for the
    traditional)."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.rows = {
            tag: [
                (row.paragraph.label, row.text)
                for row in ParagraphText.objects.filter(expression__tag=tag)
                .select_related("paragraph")
                .order_by("paragraph__position")
            ]
            for tag in ["zh-Hans", "zh-Hant"]
        }

    def test_the_traditional_russia_finds_what_the_simplified_finds(self):
        # Seen red: 俄羅斯 found nothing, 俄罗斯 three paragraphs.
        simplified = labels(self.client.get(DOC, {"q": "俄罗斯", "format": "json"}))
        self.assertTrue(simplified)
        traditional = labels(self.client.get(DOC, {"q": "俄羅斯", "format": "json"}))
        self.assertEqual(traditional, simplified)
        page = self.client.get(DOC, {"q": "俄羅斯"})
        self.assertContains(page, "Russia")
        # The vocabulary's label is the simplified: the page says so.
        self.assertContains(
            page, "In the project's vocabulary it is, as “俄罗斯”, a label of"
        )
        simplified_page = self.client.get(DOC, {"q": "俄罗斯"})
        self.assertContains(
            simplified_page, "In the project's vocabulary it is a label"
        )

    def test_a_traditional_query_finds_the_simplified_as_the_tool_converts_it(self):
        # IV.4 was printed in simplified characters: no traditional row.
        iv4 = dict(self.rows["zh-Hans"])["IV.4"]
        self.assertNotIn("IV.4", dict(self.rows["zh-Hant"]))
        typed = next(
            iv4[i : i + 4]
            for i in range(len(iv4))
            if convert(iv4[i : i + 4], "zh-Hans", "zh-Hant") != iv4[i : i + 4]
            and texts.convert(
                convert(iv4[i : i + 4], "zh-Hans", "zh-Hant"), "zh-Hant", "zh-Hans"
            )
            == iv4[i : i + 4]
        )
        traditional = convert(typed, "zh-Hans", "zh-Hant")
        found = Paragraph.objects.search(search.exact([traditional]))
        self.assertIn("IV.4", [p.label for p in found])
        # The page marks the words it found, in the simplified text.
        page = self.client.get(DOC, {"q": traditional, "lang": "zh"}).content.decode()
        self.assertIn(f"<mark>{typed}</mark>", page)

    def test_two_concepts_of_one_name_are_told_apart_by_their_kind(self):
        # Seen red: "labels of United Nations, United Nations".
        page = self.client.get(DOC, {"q": "联合国"})
        self.assertContains(
            page,
            '(labels of <a href="/entities/united-nations/">United Nations</a> '
            '(entity), <a href="/themes/united-nations/">United Nations</a> (theme)',
        )

    def test_a_simplified_query_marks_its_words_in_the_traditional_text(self):
        # Seen red: 联合国 found I.3 in the traditional view but marked
        # nothing there; the traditional texts print 聯合國.
        page = self.client.get(DOC, {"q": "联合国", "lang": "zh-Hant"})
        self.assertContains(page, "<mark>聯合國</mark>")
        simplified = self.client.get(DOC, {"q": "聯合國", "lang": "zh"})
        self.assertContains(simplified, "<mark>联合国</mark>")


class EachExpressionByItsRulePropertyTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        EachExpressionByItsRuleTests.setUpTestData.__func__(cls)

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def test_a_query_finds_exactly_the_rows_each_rule_matches(self, data):
        tag = data.draw(st.sampled_from(["zh-Hans", "zh-Hant"]))
        label, text = data.draw(st.sampled_from(self.rows[tag]))
        start = data.draw(st.integers(0, len(text) - 2))
        query = text[start : start + data.draw(st.integers(2, 6))]
        # Han characters only: "80" or "AI" are English words as well.
        assume(all(search.HAN.match(c) for c in query))
        converted = texts.convert(query, "zh-Hant", "zh-Hans")
        traditional = texts.convert(
            query, "zh-Hans", "zh-Hant", texts.QUERY_CONVERSIONS
        )
        expected = {
            label
            for label, text in self.rows["zh-Hant"]
            if query in text or traditional in text
        } | {
            label
            for label, text in self.rows["zh-Hans"]
            if query in text or converted in text
        }
        english = Paragraph.objects.search(search.exact([query]))
        # A query of Han characters is no English word: only the Chinese.
        self.assertEqual({p.label for p in english}, expected)


# The document's text rows answer by SQLite's rules (search_index.matching_ids);
# on PostgreSQL the ORM answers every search.
SQLITE_RULES = "the in-memory answer and the statement are SQLite's"


class SearchRowsTests(HypothesisTestCase):
    """The document page answers its search from the document's text rows
    in memory where it can (declarations/search_rows.py), and else leaves
    out of its statement the rules that cannot match: the ids are exactly
    those of the statement with every rule, and of ParagraphQuerySet.search,
    for any query."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.document = Document.objects.get(slug="tianjin-2025")
        cls.texts = list(
            ParagraphText.objects.filter(paragraph__document=cls.document)
            .values_list("text", flat=True)
            .order_by("pk")
        )

    def rows(self):
        return DocumentIndex.of(self.document.slug, corpus_version()).search_rows()

    @staticmethod
    def with_chinese(text):
        """Return II.14 given a shown Chinese text (test text, never saved
        outside the test's transaction)."""
        paragraph = Paragraph.objects.get(label="II.14")
        paragraph.text_zh = text
        paragraph.text_zh_provenance = {"confidence": "high", "sources": ["x"]}
        paragraph.save()
        return paragraph

    def statement_ids(self, terms, cannot_match=None):
        from django.db import connection

        query = search_index.matching_ids_sql(
            terms, self.document.pk, cannot_match=cannot_match
        )
        if query is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(*query)
            return {row[0] for row in cursor.fetchall()}

    def assert_same_ids(self, query):
        rows = self.rows()
        for expand in (True, False):
            terms = search.parse(query, expand=expand)
            searched = set(
                Paragraph.objects.filter(document=self.document)
                .search(terms)
                .values_list("pk", flat=True)
            )
            answers = {
                "in memory": rows.matching_ids(terms),
                "statement without what cannot match": self.statement_ids(
                    terms, rows.cannot_match
                ),
                "statement": self.statement_ids(terms),
                "the page's": search_index.matching_ids(
                    terms, self.document.pk, rows=lambda: rows
                ),
            }
            for name, found in answers.items():
                # None: a rule is the database's, or not raw SQL (one
                # character): another way answers.
                if found is not None:
                    self.assertEqual(set(found), searched, (query, expand, name))

    @settings(
        deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(st.data())
    def test_any_query_finds_what_every_rule_finds(self, data):
        typed = st.text(
            st.one_of(
                st.sampled_from('abcdeinorstuAEINRST 0123456789"-,.'),
                st.sampled_from("安全能源合作组织上海聯國，。“”"),
                # No lone surrogates: a request's query never has one
                # (Django decodes it with errors="replace"), and SQLite
                # refuses them.
                st.characters(exclude_categories=("Cs",)),
            ),
            max_size=12,
        )
        # Or a piece of a real text, English or Chinese, its case changed.
        text = data.draw(st.sampled_from(self.texts))
        start = data.draw(st.integers(0, max(len(text) - 1, 0)))
        piece = text[start : start + data.draw(st.integers(1, 12))]
        piece = data.draw(
            st.sampled_from([piece, piece.upper(), piece.swapcase(), f'"{piece}"'])
        )
        query = data.draw(st.one_of(typed, st.just(piece)))
        assume("\x00" not in query)
        self.assert_same_ids(query)

    @skipUnless(connection.vendor == "sqlite", SQLITE_RULES)
    def test_latin_letters_in_a_chinese_text_are_still_found(self):
        paragraph = self.with_chinese("上合组织与Xyzzyq合作Un")
        rows = self.rows()
        self.assertFalse(rows.cannot_match("substring", "xyzzyq", ["zh-Hans"]))
        # Two characters: where a trigram begins with them, capitals or not,
        # or at the end of the text as typed (SQLITE_TWO_CHARACTERS).
        for query in ("xyzzyq", "XYZZYQ", "Xy", "zzy", "yq", "Un", "UN", "un", "n"):
            self.assert_same_ids(query)
        found = rows.matching_ids(search.parse("xyzzyq"))
        self.assertEqual(found, {paragraph.pk})
        chinese = ["zh-Hans", "zh-Hant"]
        self.assertEqual(rows.rule_ids("substring", "Un", chinese), {paragraph.pk})
        self.assertEqual(rows.rule_ids("substring", "UN", chinese), set())

    @skipUnless(connection.vendor == "sqlite", SQLITE_RULES)
    def test_a_character_that_folds_into_ascii_leaves_it_to_the_database(self):
        self.assertIsNone(search_rows.ascii_folded("上海\u212a"))  # Kelvin sign
        self.assertIsNone(search_rows.ascii_folded("\u0130stanbul"))
        self.assertEqual(
            search_rows.ascii_folded("上合组织与APEC，"), "上合组织与apec，"
        )
        # SQLite's trigram index folds the Kelvin sign to k.
        paragraph = self.with_chinese("上合组织与\u212aelvin")
        rows = self.rows()
        self.assertFalse(rows.cannot_match("substring", "kelvin", ["zh-Hans"]))
        self.assertIsNone(rows.matching_ids(search.exact(["kelvin"])))
        for query in ("kelvin", "elvin", "Ke"):
            self.assert_same_ids(query)
        found = search_index.matching_ids(
            search.exact(["kelvin"]), self.document.pk, rows=lambda: rows
        )
        self.assertIn(paragraph.pk, found)

    @skipUnless(connection.vendor == "sqlite", SQLITE_RULES)
    def test_an_english_word_needs_no_query(self):
        rows = self.rows()
        self.assertTrue(rows.cannot_match("substring", "development", ["zh-Hans"]))
        # No Russian text in the document: its rule matches nothing.
        self.assertTrue(rows.cannot_match("words", ("development",), ["ru"]))
        self.assertFalse(rows.cannot_match("substring", "安全", ["zh-Hans"]))
        # (Expanded, "sustainable development" also searches 可持续发展: a
        # Chinese form, the database's.)
        for query, expand in [
            ("development", True),
            ("sustainable development", False),
            ('"united nations"', False),
            ('"shanghai cooperation"', False),
        ]:
            terms = search.parse(query, expand=expand)
            with self.assertNumQueries(0):
                found = search_index.matching_ids(
                    terms, self.document.pk, rows=lambda: rows
                )
            self.assertTrue(found)
            self.assertEqual(found, self.statement_ids(terms), query)
        terms = search.parse("development", expand=False)
        statement, _ = search_index.matching_ids_sql(
            terms, self.document.pk, cannot_match=rows.cannot_match
        )
        self.assertNotIn("declarations_paragraph_search ", statement)
        # A Chinese form is the database's.
        self.assertIsNone(rows.matching_ids(search.parse("安全")))
