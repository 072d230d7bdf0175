"""Links that change a reading page's query string.

A link whose query string ends up empty points at the page's own path: a
bare "?" would leave the reader on a URL that differs from the clean page's
(another address for the same page, in the history and when shared).

A page links to its query changed in several ways (the language switch,
the downloads, each active filter removed): Links encodes the query's
parameters once for all of them, as QueryDict.urlencode encodes them, and
writes each link from them (tests/test_querystrings.py holds them to
QueryDict's own copy, change and urlencode).
"""

import functools
from urllib.parse import quote_plus

from declarations import languages, scripts


def link(path, query):
    """Return "?<query>" (relative to the page), or `path` when `query` (a
    QueryDict) is empty; a language tag in ?lang= spelled as the registry
    spells it (?lang=ZH-HANT links on as zh-Hant)."""
    return Links(path, query).changed()


def in_language(url, lang, script):
    """Return a reading page's URL showing a language (a ?lang= value) and,
    beside the English, a script; the default, both languages in simplified
    characters, needs no parameter."""
    if lang == languages.BOTH and script == scripts.TRADITIONAL:
        return f"{url}?script={scripts.TRADITIONAL}"
    return f"{url}?lang={lang}" if lang and lang != languages.BOTH else url


def spelled(value):
    """Return a ?lang= value as the registry spells it when it names a
    registered tag in another case, else as it is."""
    try:
        return languages.canonical(value)
    except KeyError:
        return value


@functools.lru_cache(maxsize=4096)
def encoded(key, value):
    """Return one parameter as QueryDict.urlencode writes it: key=value,
    each as urllib's urlencode quotes it (quote_plus, UTF-8); remembered,
    as most parameters recur (lang=en, format=csv, a theme)."""
    return f"{quote_plus(key)}={quote_plus(value)}"


class Links:
    """Links to one page (`path`) with its query string (a QueryDict)
    changed: the query's values encoded once, a ?lang= tag spelled as
    link() spells it."""

    def __init__(self, path, query):
        self.path = path
        self.query = query
        self.values = {
            key: [(value, self.pair(key, value)) for value in values]
            for key, values in query.lists()
        }

    @staticmethod
    def pair(key, value):
        return encoded(key, spelled(value) if key == "lang" else value)

    def changed(self, **changes):
        """Return the link to the page with some parameters set to one value
        or, given None, removed (a parameter set keeps its place in the
        query; a new one comes last, as QueryDict's keys do)."""
        values = dict(self.values)
        for key, value in changes.items():
            if value is None:
                values.pop(key, None)
            else:
                values[key] = [(value, self.pair(key, value))]
        return self.joined(values)

    def without(self, key, value=None):
        """Return the link to the page without a parameter, or without one
        of its values."""
        values = dict(self.values)
        if value is None:
            values.pop(key, None)
        elif key in values:
            values[key] = [item for item in values[key] if item[0] != value]
        return self.joined(values)

    def joined(self, values):
        encoded = "&".join(pair for items in values.values() for _, pair in items)
        return f"?{encoded}" if encoded else self.path


def links(request):
    """Return the Links of a request's page (its path and query), made
    once for the request's query."""
    made = getattr(request, "query_links", None)
    if made is None or made.query is not request.GET:
        made = request.query_links = Links(request.path, request.GET)
    return made
