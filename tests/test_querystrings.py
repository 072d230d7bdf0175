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

    @given(
        st.lists(st.tuples(names, values), max_size=6),
        st.dictionaries(names, st.none() | values, max_size=3),
        names,
        st.none() | values,
    )
    def test_links_are_querydicts_own_change_and_urlencode(
        self, pairs, changes, removed, removed_value
    ):
        query = QueryDict(mutable=True)
        for name, item in pairs:
            query.appendlist(name, item)
        query._mutable = False
        links = querystrings.Links(PATH, query)
        changed = query.copy()
        for key, value in changes.items():
            if value is None:
                changed.pop(key, None)
            else:
                changed[key] = value
        self.assertEqual(links.changed(**changes), djangos_link(changed))
        less = query.copy()
        if removed_value is None:
            less.pop(removed, None)
        else:
            less.setlist(
                removed, [v for v in less.getlist(removed) if v != removed_value]
            )
        self.assertEqual(links.without(removed, removed_value), djangos_link(less))

    def test_a_lang_tag_links_on_as_the_registry_spells_it(self):
        query = QueryDict("lang=ZH-HANT&q=a+b")
        links = querystrings.Links(PATH, query)
        self.assertEqual(links.changed(), "?lang=zh-Hant&q=a+b")
        self.assertEqual(links.changed(lang="EN"), "?lang=en&q=a+b")
        self.assertEqual(links.without("q"), "?lang=zh-Hant")


def djangos_link(query):
    query.setlist("lang", [querystrings.spelled(v) for v in query.getlist("lang")])
    if not query.getlist("lang"):
        query.pop("lang", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else PATH
