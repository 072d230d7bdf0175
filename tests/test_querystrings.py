"""Links that change a reading page's query string never end in a bare "?"
(declarations/querystrings.py)."""

from django.http import QueryDict
from django.test import SimpleTestCase
from hypothesis import given, strategies as st

from declarations import querystrings

PATH = "/declarations/tianjin-2025/"
names = st.sampled_from(["q", "theme", "entity", "section", "lang", "expand"])
values = st.text(max_size=8)


class LinkTests(SimpleTestCase):
    @given(st.lists(st.tuples(names, values), max_size=6), names)
    def test_a_link_is_the_clean_path_or_a_non_empty_query(self, pairs, removed):
        query = QueryDict(mutable=True)
        for name, value in pairs:
            query.appendlist(name, value)
        query.pop(removed, None)
        href = querystrings.link(PATH, query)
        self.assertNotEqual(href[-1:], "?")
        if query:
            self.assertEqual(QueryDict(href.removeprefix("?")), query)
        else:
            self.assertEqual(href, PATH)

    @given(st.lists(st.tuples(names, values), max_size=6), names, values)
    def test_a_copy_is_querydicts_own_copy(self, pairs, changed, value):
        query = QueryDict(mutable=True)
        for name, item in pairs:
            query.appendlist(name, item)
        query._mutable = False
        ours, djangos = querystrings.copied(query), query.copy()
        self.assertEqual(ours.urlencode(), djangos.urlencode())
        ours[changed] = value
        ours.appendlist("q", value)
        self.assertEqual(query.urlencode(), djangos.urlencode())
