"""?format=: every output a reading page offers besides HTML, by name.

FORMATS maps each ?format= value to its renderer, one module each. A
renderer has one method for each kind of page it can render, named after the
page's view (`document_detail`, `section_detail`, `theme_list`, …); the
method receives the page the view looked up and returns the response. A page
offers exactly the formats whose renderer has its method (`offered`), so a
new format is a module here and one line in FORMATS, and a format reaches a
new page by one method. As Indigo's exporters ("laws-africa/indigo
indigo_api/exporters.py", one class per format) and Django's sitemaps (a
class whose methods say what it does).

What each view passes as the page (attributes):
- document_list: documents.
- document_detail: request, index, document, paragraphs (the document's, a
  plain queryset), filterset, url, name (the file name's stem), citable.
- document_overview: document, overview.
- section_detail: request, document, section, paragraphs (for reading).
- paragraph_detail: request, paragraph, document, url, citable, filename.
- theme_list: themes; theme_detail: request, theme, paragraphs.
- instrument_list: instruments; instrument_detail: request, instrument,
  mentions.
- entity_list: entities; entity_detail: request, entity, mentions.
- reading_list: a shared list (declarations/views/reading_list.py).
- corpus_download: request, documents, paragraphs.
- vocabulary: concepts.
"""

import functools

from django.http import HttpResponseBadRequest

from declarations import citations
from declarations.formats import (
    akn,
    annotations,
    citation,
    citation_files,
    csv,
    json,
    skos,
    txt,
)

FORMATS = {
    "json": json.Json(),
    "csv": csv.Csv(),
    "txt": txt.PlainText(),
    "akn": akn.AkomaNtoso(),
    "annotations": annotations.WebAnnotations(),
    "citation": citation.Citation(),
    # bibtex, ris, csl-json: one renderer each, from the list in citations.
    **{name: citation_files.CitationFile(name) for name in citations.FORMATS},
    "ttl": skos.Skos("turtle", "text/turtle; charset=utf-8"),
    "jsonld": skos.Skos("json-ld", "application/ld+json; charset=utf-8"),
}


def offered(kind):
    """Return the names of the formats that render the given kind of page."""
    return {name for name, renderer in FORMATS.items() if hasattr(renderer, kind)}


def shows_language(name):
    """Whether format `name` shows the page in its ?lang= language (HTML and
    the renderers that say so): asked in a registered language the
    document has no text in, such a page is a 404 that names it
    (declarations.views.base.not_in_language). JSON and annotations carry
    every language; Akoma Ntoso answers its own 404."""
    return name == "html" or getattr(FORMATS[name], "shows_language", False)


def render(name, kind, page):
    """Return the response of format `name` for a page of the given kind."""
    return getattr(FORMATS[name], kind)(page)


def offers(kind):
    """Let a view answer ?format= in HTML and in every format that renders
    its kind of page: the view receives the format asked for as `output`;
    any other is a 400 that lists what the page offers (docs/DATA.md)."""
    offered_names = {"html", *offered(kind)}

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            name = request.GET.get("format", "html")
            if name not in offered_names:
                return HttpResponseBadRequest(
                    f"Unknown format {name!r}. "
                    f"This page offers: {', '.join(sorted(offered_names))}.",
                    content_type="text/plain; charset=utf-8",
                )
            return view(request, *args, output=name, **kwargs)

        return wrapped

    return decorator
