"""One vocabulary (#23): every concept's labels with their sources, read by
search (expansion), the entity pages, /vocabulary/ and its SKOS export; the
termbase checked at build; curators' labels under the same rule."""

import re
import shutil
from io import StringIO

import pytest
import rdflib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings as hypothesis_settings, strategies as st
from hypothesis.extra import django as hypothesis_django
from rdflib.namespace import DCTERMS, RDF, SKOS

from declarations import search
from declarations.corpus import CorpusError
from declarations.corpus.fixtures import build_corpus
from declarations.corpus.vocabulary_files import termbase_rows
from declarations.models import Concept, Entity, Label, Paragraph
from declarations.skos import SKOSXL
from tests.factories import make_user
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"


def found(client, **query):
    response = client.get(DOC, {"format": "json", **query})
    assert response.status_code == 200
    return [p["label"] for p in response.json()["paragraphs"]]


class SearchUsesTheVocabularyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_chinese_name_finds_what_the_english_name_finds(self):
        self.assertEqual(
            found(self.client, q="阿富汗"), found(self.client, q="Afghanistan")
        )
        self.assertTrue(found(self.client, q="阿富汗"))

    def test_every_label_can_be_searched_whole_in_quotes(self):
        # The search box takes any name a label may hold (its longest is an
        # instrument's 203-character title); the property test below draws
        # from the same labels.
        longest = max(Label.objects.values_list("text", flat=True), key=len)
        self.assertGreater(len(longest), 200)
        self.assertTrue(found(self.client, q=f'"{longest}"', expand="0"))
        too_long = "x" * (Label._meta.get_field("text").max_length + 3)
        self.assertEqual(self.client.get(DOC, {"q": too_long}).status_code, 400)

    def test_a_short_form_finds_what_the_full_name_finds(self):
        self.assertEqual(
            found(self.client, q="上合组织"), found(self.client, q="上海合作组织")
        )
        self.assertGreater(len(found(self.client, q="上合组织")), 60)

    def test_a_theme_label_finds_every_paragraph_that_says_the_word(self):
        word = re.compile(r"(?i)\benergy\b")
        saying = [
            p.label
            for p in Paragraph.objects.filter(document__slug="tianjin-2025")
            if word.search(p.text_en)
        ]
        self.assertGreaterEqual(len(saying), 7)
        self.assertTrue(set(saying) <= set(found(self.client, q="能源")))

    def test_a_name_finds_the_paragraphs_linked_to_its_entity(self):
        linked = set(
            Entity.objects.get(slug="russia").mentions.values_list(
                "paragraph__label", flat=True
            )
        )
        self.assertEqual(len(linked), 3)
        self.assertTrue(linked <= set(found(self.client, q="Russia")))

    def test_a_name_not_in_the_text_says_so_and_points_to_its_page(self):
        page = self.client.get(DOC, {"q": "India"})
        self.assertContains(page, "“India” itself is not in the text.")
        self.assertContains(page, 'href="/entities/india/"')

    def test_the_results_name_each_added_label_and_its_concept(self):
        page = self.client.get(DOC, {"q": "阿富汗"}).content.decode()
        self.assertIn("also searched:", page)
        self.assertIn('<a href="/entities/afghanistan/"', page)
        self.assertIn(">Afghanistan</a>", page)

    def test_expand_0_still_searches_only_the_words_typed(self):
        self.assertEqual(found(self.client, q="阿富汗", expand="0"), [])
        page = self.client.get(DOC, {"q": "India", "expand": "0"})
        self.assertNotContains(page, "also searched:")
        self.assertNotContains(page, "itself is not in the text")

    def test_widening_costs_one_query_once_the_map_is_built(self):
        search.parse("Afghanistan")  # builds the map for this version
        with CaptureQueriesContext(connection) as queries:
            terms = search.parse("Afghanistan 能源 SCO")
        self.assertEqual(len(queries), 1)  # the corpus version
        self.assertIn("阿富汗", terms[0].forms)

    def test_a_label_change_reaches_search_at_the_next_request(self):
        concept = Concept.objects.get(kind="entity", key="kuwait")
        before = found(self.client, q="Kuwait")
        label = Label(
            concept=concept,
            language="en",
            role=Label.Role.ALTERNATIVE,
            text="Dushanbe",
            source=Label.Source.CURATORS,
            confidence=Label.Confidence.LOW,
        )
        label.full_clean()
        label.save()
        after = found(self.client, q="Kuwait")
        self.assertGreater(len(after), len(before))


class ExpansionPropertyTests(hypothesis_django.TestCase):
    """Whatever label of a concept a reader types, the search finds at least
    what each of the concept's labels finds alone."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    @hypothesis_settings(max_examples=25, deadline=None)
    @given(data=st.data())
    def test_any_label_finds_at_least_what_each_label_of_its_concept_finds(self, data):
        label = data.draw(
            st.sampled_from(list(Label.objects.select_related("concept")))
        )
        other = data.draw(st.sampled_from(list(label.concept.labels.all())))
        widened = set(found(self.client, q=f'"{label.text}"'))
        alone = set(found(self.client, q=f'"{other.text}"', expand="0"))
        self.assertTrue(alone <= widened, (label.text, other.text))


class FoundInTextTests(hypothesis_django.TestCase):
    """Whether the text bears a label is answered by one written statement
    (search_index.matching_ids over every document): it must answer what
    the ORM's search answers, for every label and any text a curator might
    give one."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.chinese_shown = set(
            Paragraph.objects.with_chinese().values_list("pk", flat=True)
        )

    def test_every_label_of_the_corpus(self):
        labels = list(Label.objects.all())
        self.assertGreater(len(labels), 400)
        for label in labels:
            self.assertEqual(
                label.found_in_text(self.chinese_shown),
                label.found_by_the_orm(),
                label.text,
            )
        # Both answers occur: the test compares more than one kind.
        self.assertEqual({label.in_text for label in labels}, {True, False})

    @hypothesis_settings(max_examples=200, deadline=None)
    @given(
        text=st.lists(
            st.sampled_from(
                [
                    "security",
                    "cooperation",
                    "Shanghai",
                    "AI",
                    "the",
                    "UN",
                    "s",
                    "安全",
                    "合作",
                    "上海合作组织",
                    "聯合國",
                    "俄羅斯",
                    "安",
                    "“",
                    '"',
                    "-",
                    " ",
                    "nothing",
                    "能源",
                    "Ａ",
                ]
            ),
            min_size=1,
            max_size=4,
        ).map("".join),
        language=st.sampled_from(["en", "zh-Hans", "zh-Hant"]),
    )
    def test_any_label_text(self, text, language):
        label = Label(text=text, language=language)
        self.assertEqual(
            label.found_in_text(self.chinese_shown), label.found_by_the_orm(), text
        )
        self.assertEqual(label.found_in_text(), label.found_by_the_orm(), text)


class VocabularyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def graph(self, fmt="ttl", parse_as="turtle"):
        response = self.client.get("/vocabulary/", {"format": fmt})
        self.assertEqual(response.status_code, 200)
        graph = rdflib.Graph()
        graph.parse(data=response.content.decode(), format=parse_as)
        return graph

    def test_the_turtle_export_parses_with_enough_concepts_and_chinese(self):
        graph = self.graph()
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        self.assertGreaterEqual(len(concepts), 200)
        chinese = [
            literal
            for predicate in (SKOS.prefLabel, SKOS.altLabel)
            for literal in graph.objects(None, predicate)
            if literal.language and literal.language.startswith("zh")
        ]
        self.assertGreaterEqual(len(chinese), 100)

    def test_every_chinese_label_is_sourced_or_the_curators_own(self):
        graph = self.graph()
        labels = list(graph.subjects(RDF.type, SKOSXL.Label))
        self.assertGreater(len(labels), 300)
        for node in labels:
            form = graph.value(node, SKOSXL.literalForm)
            if not form.language.startswith("zh"):
                continue
            note = str(graph.value(node, SKOS.editorialNote))
            source = graph.value(node, DCTERMS.source)
            self.assertTrue(
                source is not None or "the curators' own" in note, (form, note)
            )

    def test_concepts_link_the_paragraphs_that_name_them(self):
        graph = self.graph()
        russia = rdflib.URIRef(settings.SITE_URL + "/vocabulary/#entity-russia")
        paragraphs = set(graph.objects(russia, DCTERMS.isReferencedBy))
        self.assertEqual(len(paragraphs), 3)
        self.assertIn(rdflib.URIRef(settings.SITE_URL + DOC + "iii/1/"), paragraphs)

    def test_the_json_ld_export_parses_too(self):
        graph = self.graph("jsonld", "json-ld")
        self.assertGreaterEqual(len(set(graph.subjects(RDF.type, SKOS.Concept))), 200)

    def test_the_page_lists_labels_sources_and_paragraphs_by_kind(self):
        page = self.client.get("/vocabulary/", {"kind": "entity"})
        self.assertContains(page, 'id="entity-sco-rats"')
        self.assertContains(page, "上合组织地区反恐怖机构")
        self.assertContains(page, "checked 2026-12-02")
        self.assertNotContains(page, 'id="theme-energy"')
        everything = self.client.get("/vocabulary/")
        self.assertContains(everything, 'id="theme-energy"')
        self.assertContains(everything, "the curators' own")

    def test_an_unknown_kind_is_a_400_naming_it(self):
        response = self.client.get("/vocabulary/", {"kind": "people"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"'people'", response.content)

    def test_the_page_reads_in_a_fixed_number_of_queries(self):
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/vocabulary/", {"format": "ttl"})
        self.assertLess(len(queries), 15)


class EntityChineseNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_rats_and_unodc_show_their_sourced_chinese_names(self):
        for slug, name in [
            ("sco-rats", "上合组织地区反恐怖机构"),
            ("unodc", "联合国毒品和犯罪问题办公室"),
            ("who", "世界卫生组织"),
            ("un-security-council", "联合国安全理事会"),
        ]:
            self.assertContains(self.client.get(f"/entities/{slug}/"), name)
            label = Label.objects.get(concept__key=slug, text=name)
            self.assertEqual(label.source, Label.Source.ADDRESS)


class LabelRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def label(self, **fields):
        values = {
            "concept": Concept.objects.get(kind="entity", key="russia"),
            "language": "zh-Hans",
            "role": Label.Role.ALTERNATIVE,
            "text": "俄罗斯联邦",
            "confidence": Label.Confidence.HIGH,
            **fields,
        }
        return Label(**values)

    def test_a_label_from_the_text_needs_a_paragraph_that_bears_it(self):
        with self.assertRaises(ValidationError) as caught:
            self.label(source=Label.Source.TEXT).full_clean()
        self.assertIn("paragraph", caught.exception.message_dict)
        preamble = Paragraph.objects.get(label="Preamble.1")
        with self.assertRaises(ValidationError) as caught:
            self.label(source=Label.Source.TEXT, paragraph=preamble).full_clean()
        self.assertIn("does not bear", str(caught.exception))
        self.label(
            source=Label.Source.TEXT, paragraph=preamble, text="中国"
        ).full_clean()

    def test_a_label_from_an_address_gives_it(self):
        with self.assertRaises(ValidationError) as caught:
            self.label(source=Label.Source.ADDRESS).full_clean()
        self.assertIn("address", caught.exception.message_dict)

    def test_an_unknown_language_tag_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.label(source=Label.Source.CURATORS, language="zh-CN").full_clean()
        self.assertIn("language", caught.exception.message_dict)

    def test_whether_the_text_bears_a_label_follows_chinese_a_curator_enters(self):
        label = Label.objects.get(concept__key="energy", text="能源")
        self.assertFalse(label.in_text)
        paragraph = Paragraph.objects.get(label="III.27")
        paragraph.text_zh = "成员国支持在能源领域扩大包容互利合作。"
        paragraph.text_zh_origin = Paragraph.ChineseOrigin.CURATOR
        paragraph.text_zh_provenance = {"confidence": "high"}
        paragraph.save()
        label.refresh_from_db()
        self.assertTrue(label.in_text)
        page = self.client.get(DOC, {"q": "能源"})
        self.assertNotContains(page, "itself is not in the text")

    def test_a_reload_keeps_a_curated_concepts_labels(self):
        concept = Concept.objects.get(kind="entity", key="russia")
        concept.labels.filter(text="Russian").delete()
        Concept.objects.filter(pk=concept.pk).update(curated=True)
        out = StringIO()
        call_command("load_corpus", stdout=out)
        self.assertIn("concept entity:russia labels", out.getvalue())
        self.assertFalse(concept.labels.filter(text="Russian").exists())


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(settings.CORPUS_DIR, target)
    return target


def append(path, line):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def build_fails(corpus, expected):
    with pytest.raises(CorpusError) as caught:
        build_corpus(corpus)
    assert re.search(expected, str(caught.value)), str(caught.value)


def test_the_committed_vocabulary_fixture_is_built_from_the_termbase(corpus):
    outputs = build_corpus(corpus)
    assert "vocabulary.json" in outputs


def test_a_label_with_an_unknown_source_names_its_line(corpus):
    termbase = corpus / "curation" / "termbase.csv"
    lines = termbase.read_text(encoding="utf-8").count("\n")
    append(termbase, "term:connectivity,en,alternative,linkage,a friend,high,")
    build_fails(corpus, rf"termbase.csv:{lines + 1}: source 'a friend' is none of")


def test_a_chinese_label_the_cited_paragraph_does_not_bear(corpus):
    termbase = corpus / "curation" / "termbase.csv"
    append(termbase, "term:connectivity,zh-Hans,preferred,互联互通,text I.3,high,")
    build_fails(corpus, r"the shown Chinese of I.3 does not bear '互联互通'")


def test_an_entitys_chinese_name_without_a_source(corpus):
    entities = corpus / "curation" / "entities.csv"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(
        text.replace(
            "aktau,place,Aktau,,,,",
            "aktau,place,Aktau,阿克套,,,Chinese name: a guess",
        ),
        encoding="utf-8",
    )
    build_fails(corpus, r"entity:aktau: the Chinese name '阿克套' is not in a shown")


def test_an_unknown_concept_names_its_line(corpus):
    termbase = corpus / "curation" / "termbase.csv"
    lines = termbase.read_text(encoding="utf-8").count("\n")
    append(termbase, "entity:atlantis,en,alternative,Atlantis,curators,high,")
    build_fails(corpus, rf"termbase.csv:{lines + 1}: unknown entity 'atlantis'")


class CuratorsEditLabelsTests(TestCase):
    """In the admin, a curator's label follows the build's rule, and a
    saved concept is the curator's: reloads keep it, export writes it."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.concept = Concept.objects.get(kind="entity", key="aktau")

    def post(self, **new_label):
        (label,) = self.concept.labels.all()
        data = {
            "note": "",
            "labels-TOTAL_FORMS": "2",
            "labels-INITIAL_FORMS": "1",
            "labels-MIN_NUM_FORMS": "0",
            "labels-MAX_NUM_FORMS": "1000",
            "labels-0-id": label.pk,
            "labels-0-concept": self.concept.pk,
            "labels-0-language": label.language,
            "labels-0-role": label.role,
            "labels-0-text": label.text,
            "labels-0-source": label.source,
            "labels-0-confidence": label.confidence,
            "labels-0-paragraph": label.paragraph_id,
            "labels-1-concept": self.concept.pk,
            "labels-1-language": "en",
            "labels-1-role": "alternative",
            "labels-1-text": "Aqtau",
            "labels-1-confidence": "medium",
            **{f"labels-1-{name}": value for name, value in new_label.items()},
        }
        self.client.force_login(self.curator)
        return self.client.post(
            f"/admin/declarations/concept/{self.concept.pk}/change/", data
        )

    def test_a_label_without_its_source_is_refused_naming_the_field(self):
        response = self.post(source="address")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A label from an address gives the address.")
        self.assertFalse(Label.objects.filter(text="Aqtau").exists())

    def test_a_sourced_label_is_saved_as_the_curators(self):
        response = self.post(
            source="address", address="https://example.org/aqtau", checked_on=""
        )
        self.assertEqual(response.status_code, 302)
        label = Label.objects.get(text="Aqtau")
        self.assertTrue(label.listed)
        self.assertIsNone(label.checked_on)  # not opened
        self.concept.refresh_from_db()
        self.assertTrue(self.concept.curated)
        self.assertIn(
            ["entity:aktau", "en", "alternative", "Aqtau"],
            [row[:4] for row in termbase_rows()],
        )


class ThemeSecondReadTests(TestCase):
    """Each decision of the second theme read, as docs/DATA.md records it,
    is what the corpus holds."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_recorded_decisions_are_the_corpus(self):
        text = (settings.BASE_DIR / "docs" / "DATA.md").read_text(encoding="utf-8")
        section = text.split("## Theme audit, second read")[1].split("\n## ")[0]
        rows = re.findall(
            r"^\| (\S+) \| `([a-z-]+)` \| (added|removed|kept)", section, re.M
        )
        self.assertEqual(len(rows), 7)
        for label, slug, decision in rows:
            paragraph = Paragraph.objects.get(
                document__slug="tianjin-2025", label=label
            )
            themed = paragraph.themes.filter(slug=slug).exists()
            self.assertEqual(themed, decision != "removed", (label, slug, decision))
