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
