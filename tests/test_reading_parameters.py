"""A document's reading page reads the parameters of its filter and form.

The page cache keys a reading page by the query parameters its view reads
and passes the view only those (declarations/page_cache.py). For the document
page they are ParagraphFilter.parameters(): a filter or reading option added
to the filter or its form reaches the view with nothing else to edit.
"""

from unittest import mock

import django_filters
from django import forms
from django.core.cache import cache
from django.test import TestCase
from hypothesis import given, settings, strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from declarations.filters import ParagraphFilter, ReadingForm
from tests.factories import make_declaration

DOC = "/declarations/small/"
# Names a parameter might have; those the page already reads are left out.
NEW_NAMES = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True).filter(
    lambda name: name not in {*ParagraphFilter.parameters(), "format", "style"}
)


def data_seen_by_the_filter(client, query):
    """Return the query string the document page's ParagraphFilter was given."""
    cache.clear()  # a page cached by an earlier request would not reach it
    seen = []
    original = ParagraphFilter.__init__

    def spy(self, data=None, *args, **kwargs):
        seen.append(data)
        original(self, data, *args, **kwargs)

    with mock.patch.object(ParagraphFilter, "__init__", spy):
        response = client.get(DOC, query)
    assert response.status_code == 200, response.content
    (data,) = seen
    return data


class NewFilterReachesTheViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_declaration(sections=1, paragraphs_per_section=3, slug="small")

    def test_a_filter_added_to_the_paragraph_filter_filters_the_page(self):
        label = django_filters.CharFilter(field_name="label", lookup_expr="exact")
        with mock.patch.dict(ParagraphFilter.base_filters, {"label": label}):
            response = self.client.get(DOC, {"format": "json", "label": "I.2"})
        labels = [paragraph["label"] for paragraph in response.json()["paragraphs"]]
        self.assertEqual(labels, ["I.2"])

    def test_a_reading_option_added_to_the_form_reaches_the_filter(self):
        field = forms.CharField(required=False)
        with mock.patch.dict(ReadingForm.base_fields, {"columns": field}):
            data = data_seen_by_the_filter(self.client, {"columns": "2"})
        self.assertEqual(data.getlist("columns"), ["2"])

    def test_a_parameter_nothing_reads_does_not_reach_the_view(self):
        data = data_seen_by_the_filter(self.client, {"utm_source": "x", "q": "note"})
        self.assertEqual(dict(data.lists()), {"q": ["note"]})


class EveryFilterReachesTheViewTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        make_declaration(sections=1, paragraphs_per_section=1, slug="small")

    @settings(max_examples=15, deadline=None)
    @given(name=NEW_NAMES, value=st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
    def test_any_new_filter_gets_its_value(self, name, value):
        new = django_filters.CharFilter(method=lambda queryset, *_: queryset)
        with mock.patch.dict(ParagraphFilter.base_filters, {name: new}):
            data = data_seen_by_the_filter(self.client, {name: value})
        self.assertEqual(data.getlist(name), [value])
