"""The document page's per-version structures (declarations/reading_index.py):
built once per corpus version, rebuilt when it moves, and answering what
the queries they replace answered."""

import copy

from django.db import connection
from django.http import QueryDict
from django.test import TestCase as DjangoTestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.django import TestCase

from declarations import filter_form
from declarations.filters import (
    ParagraphFilter,
    ReadingForm,
    plain_copy,
    shallow_copy,
)
from declarations.models import (
    Document,
    Entity,
    Instrument,
    Paragraph,
    Theme,
)
from declarations.page_cache import corpus_version
from declarations.reading_index import DocumentIndex
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
FILTERED = DOC + "?theme=energy&theme=finance&q=cooperation"


class VersionTests(DjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_one_version_builds_once(self):
        version = corpus_version()
        index = DocumentIndex.of("tianjin-2025", version)
        self.assertIs(DocumentIndex.of("tianjin-2025", version), index)

    def test_a_new_version_rebuilds_what_the_page_shows(self):
        self.client.get(FILTERED)
        energy = Theme.objects.get(slug="energy")
        before = DocumentIndex.of("tianjin-2025", corpus_version())
        paragraph = Paragraph.objects.get(label="I.1")
        self.assertNotIn(paragraph.pk, before.by_theme[energy.pk])
        # Each change moves the corpus version (declarations.derived).
        paragraph.themes.add(energy)
        energy.name_en = "Energy and power"
        energy.save()
        after = DocumentIndex.of("tianjin-2025", corpus_version())
        self.assertFalse(after is before, "the same index after a change")
        self.assertIn(paragraph.pk, after.by_theme[energy.pk])
        response = self.client.get(DOC, {"theme": "energy"})
        self.assertContains(response, 'id="i-1"')
        self.assertContains(response, "Theme: Energy and power")
        count = len(after.by_theme[energy.pk])
        self.assertContains(response, f" Energy and power ({count})</label>")

    def test_each_request_has_its_own_filters_and_fields(self):
        # The version's filters and form fields are copied for each request
        # without their choices (filters.SharedFilters, VersionFields): what
        # one request sets stays its own.
        document = Document.objects.get(slug="tianjin-2025")
        index = DocumentIndex.of(document.slug, corpus_version())

        def filterset(query):
            return ParagraphFilter(
                QueryDict(query),
                queryset=Paragraph.objects.filter(document=document),
                document=document,
                index=index,
            )

        first, second = filterset("q=cooperation"), filterset("theme=energy")
        first.show_counts_in_theme_labels()
        theme, other = first.form.fields["theme"], second.form.fields["theme"]
        self.assertIsNot(theme, other)
        self.assertIsNot(theme.widget, other.widget)
        self.assertIsNone(other.widget.counts)
        self.assertIs(theme.widget.choices.field, theme)
        for name, filter_ in first.filters.items():
            self.assertIsNot(filter_, second.filters[name])
            self.assertIsNot(filter_.extra, second.filters[name].extra)
        # A method filter calls its own FilterSet.
        self.assertIs(first.filters["q"].filter.f.parent, first)
        self.assertIs(second.filters["q"].filter.f.parent, second)
        self.assertEqual(
            set(first.qs.values_list("pk", flat=True)), first.searched_ids()
        )
        self.assertEqual(
            set(second.qs.values_list("pk", flat=True)),
            index.by_theme[Theme.objects.get(slug="energy").pk],
        )

    def test_each_request_reads_the_paragraphs_afresh(self):
        # DocumentIndex.paragraphs(): a copy of the version's queryset, never
        # the one kept, so no request's rows stay for the next.
        index = DocumentIndex.of("tianjin-2025", corpus_version())
        first, second = index.paragraphs(), index.paragraphs()
        self.assertIsNot(first, second)
        self.assertEqual(len(first), len(second))
        self.assertIsNone(index.paragraph_query._result_cache)
        self.assertContains(self.client.get(DOC, {"format": "csv"}), "good-hearted")
        paragraph = Paragraph.objects.get(label="IV.5")
        paragraph.text_en = paragraph.text_en.replace("good-hearted", "kind-hearted")
        paragraph.save()
        response = self.client.get(DOC, {"format": "csv"})
        self.assertContains(response, "kind-hearted")
        self.assertNotContains(response, "good-hearted")

    def test_a_new_slug_is_the_pages_links_on_the_next_request(self):
        # DocumentIndex.url, the page's path reversed once per version: the
        # form's action, the links removing a filter, "Clear all filters".
        self.client.get(DOC, {"q": "nothingmatchesthis"})
        document = Document.objects.get(slug="tianjin-2025")
        document.slug = "tianjin-2025-renamed"
        document.save()
        new = "/declarations/tianjin-2025-renamed/"
        response = self.client.get(new, {"q": "nothingmatchesthis"})
        self.assertContains(
            response, f'<form class="filters" method="get" action="{new}"'
        )
        self.assertContains(response, f'<li><a href="{new}" title="Remove')
        self.assertContains(response, f'<a href="{new}">Clear all filters</a>', count=2)
        self.assertNotContains(response, f'"{DOC}"')

    def test_a_new_instrument_is_a_choice_on_the_next_request(self):
        self.client.get(DOC)
        Instrument.objects.create(
            slug="test-accord", title_en="Test Accord", kind="agreement"
        )
        response = self.client.get(DOC)
        self.assertContains(response, '<option value="test-accord">')


class ShallowCopyTests(DjangoTestCase):
    def test_the_filters_and_fields_copy_as_copy_copies_them(self):
        objects = [
            *ParagraphFilter.base_filters.values(),
            *ReadingForm.base_fields.values(),
            *(f.widget for f in ReadingForm.base_fields.values()),
        ]
        for instance in objects:
            with self.subTest(instance=type(instance).__name__):
                ours, theirs = shallow_copy(instance), copy.copy(instance)
                self.assertIs(type(ours), type(theirs))
                self.assertEqual(ours.__dict__, theirs.__dict__)
                self.assertIsNot(ours.__dict__, instance.__dict__)

        class Own:
            def __copy__(self):
                return "its own"

        self.assertFalse(plain_copy(Own))
        self.assertEqual(shallow_copy(Own()), "its own")


class QueryCountTests(DjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_new_search_and_filter_needs_the_version_and_perhaps_the_search(self):
        self.client.get(FILTERED)  # builds the version's structures
        self.client.get(DOC + "?theme=finance&q=trade")  # stores the fragments
        self.client.get(DOC + "?theme=finance&q=合作")
        # An English word, answered from the document's text rows
        # (declarations/search_rows.py, SQLite's rules; on PostgreSQL the
        # ORM answers every search): the version only; a Chinese term is
        # the database's: the version and the search.
        english = 1 if connection.vendor == "sqlite" else 2
        for url, count in [
            (DOC + "?theme=finance&q=Trade", english),
            (DOC + "?theme=finance&q=TRADE&section=ii", english),
            (DOC + "?theme=finance&q=合作&section=ii", 2),
        ]:
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(len(queries), count)

    def test_a_filter_without_search_needs_only_the_version(self):
        self.client.get(DOC)
        self.client.get(DOC + "?theme=energy")
        with self.assertNumQueries(1):
            self.client.get(DOC + "?theme=energy&zh=available")


def sample(values, size):
    return st.lists(st.sampled_from(values), max_size=size, unique=True)


WORDS = ["cooperation", "security", "trade", "energy", "AI", "合作", "安全", "x"]


class SameAnswersTests(TestCase):
    """The id sets, listed choices and set-intersection facet counts answer
    as the filter's queries (filter_queryset, Django's model choice fields)."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.themes = list(Theme.objects.values_list("slug", flat=True))
        cls.instruments = list(Instrument.objects.values_list("slug", flat=True))
        cls.entities = list(Entity.objects.values_list("slug", flat=True))

    def query(self, data):
        query = QueryDict(mutable=True)
        for key, values in data.items():
            query.setlist(key, values)
        return query

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def test_ids_counts_and_choices_agree_with_the_queries(self, data):
        document = Document.objects.with_table_of_contents().get(slug="tianjin-2025")
        index = DocumentIndex.of(document.slug, corpus_version())
        query = self.query(
            {
                "q": data.draw(sample(WORDS, 2).map(lambda w: [" ".join(w)])),
                "theme": data.draw(sample([*self.themes[:8], "nope"], 3)),
                "match": data.draw(sample(["any", "all", "some"], 1)),
                "section": data.draw(sample(["i", "ii", "iii", "v", "zz"], 1)),
                "instrument": data.draw(
                    sample([*self.instruments[:6], "un-charter", "nope"], 1)
                ),
                "entity": data.draw(sample([*self.entities[:8], "russia", "x"], 2)),
                "zh": data.draw(sample(["available", "maybe"], 1)),
            }
        )
        paragraphs = Paragraph.objects.filter(document=document)

        def filterset(data, index=None):
            return ParagraphFilter(
                data, queryset=paragraphs, document=document, index=index
            )

        listed, queried = filterset(query, index), filterset(query)
        self.assertEqual(listed.errors, queried.errors)
        # The fields the version keeps by the query's values (filter_form.
        # widget_html) write what Django's bound fields write for it.
        for name in ("section", "instrument", "zh", "match", "entity"):
            for _ in ("written", "kept"):
                self.assertEqual(
                    filter_form.widget_html(index, listed.form, listed.form[name]),
                    str(queried.form[name]),
                    name,
                )
        self.assertEqual(listed.as_data(), queried.as_data())
        matching = listed.matching_ids()
        expected = set(queried.qs.values_list("pk", flat=True))
        all_ids = {row[0] for row in index.rows}
        self.assertEqual(all_ids if matching is None else matching, expected)
        counts = listed.theme_counts()
        for slug in self.themes[:8]:
            alone = query.copy()
            alone.setlist("theme", [slug])
            alone.pop("match", None)
            theme = Theme.objects.get(slug=slug)
            self.assertEqual(counts.get(theme.pk, 0), filterset(alone).qs.count(), slug)
        noted = Instrument.objects.noted_in(Paragraph.objects.filter(pk__in=expected))
        self.assertEqual(
            [(n.slug, n.note) for n in index.instruments_noted(matching)],
            [(i.slug, i.note) for i in noted],
        )
