"""Links that change a reading page's query string.

A link whose query string ends up empty points at the page's own path: a
bare "?" would leave the reader on a URL that differs from the clean page's
(another address for the same page, in the history and when shared).
"""

from django.http import QueryDict

from declarations import languages


def copied(query):
    """Return a mutable copy of a QueryDict, as query.copy() makes it but
    without its deep copy (the values are strings): the document page
    copies its query for each link that changes it."""
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(key, values)
    return copy


def link(path, query):
    """Return "?<query>" (relative to the page), or `path` when `query` (a
    QueryDict) is empty; a language tag in ?lang= spelled as the registry
    spells it (?lang=ZH-HANT links on as zh-Hant)."""
    if any(spelled(value) != value for value in query.getlist("lang")):
        query = query.copy()
        query.setlist("lang", [spelled(value) for value in query.getlist("lang")])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else path


def spelled(value):
    """Return a ?lang= value as the registry spells it when it names a
    registered tag in another case, else as it is."""
    try:
        return languages.canonical(value)
    except KeyError:
        return value
