"""The list of declarations, a declaration's reading page and its overview,
and the whole corpus as one download."""

from functools import cached_property
from types import SimpleNamespace

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from declarations import citations, formats, fragments, page_parts, public_urls
from declarations.endorsements import Matrix
from declarations.filters import ParagraphFilter
from declarations.formats import offers
from declarations.models import Document, Paragraph
from declarations.overview import Overview
from declarations.page_cache import reading_page, request_corpus_version
from declarations.reading_index import DocumentIndex
from declarations.templatetags import declarations_tags as tags
from declarations.views.base import cite_panel, not_in_language, reading_document

DOCUMENT_DETAIL = "declarations/document_detail.html"


@require_safe
@reading_page("format")
@offers("document_list")
def document_list(request, output):
    # Their titles in Chinese are their expressions' (one query for all).
    documents = (
        Document.objects.real().with_table_of_contents().prefetch_related("expressions")
    )
    if output != "html":
        page = SimpleNamespace(documents=documents)
        return formats.render(output, "document_list", page)
    return render(request, "declarations/document_list.html", {"documents": documents})


class DocumentPage:
    """A document's reading page at the request's corpus version: its
    filter, URL and citation are worked out when a format first asks."""

    def __init__(self, request, index):
        self.request = request
        self.index = index
        self.document = index.document()
        self.paragraphs = index.paragraphs()

    @cached_property
    def filterset(self):
        return ParagraphFilter(
            self.request.GET,
            queryset=self.paragraphs,
            document=self.document,
            index=self.index,
        )

    @cached_property
    def url(self):
        return public_urls.absolute(self.document.get_absolute_url())

    @cached_property
    def name(self):
        # Search results and the whole text download under different names.
        document = self.document
        filtering = self.filterset.is_filtering
        return f"{document.slug}-results" if filtering else document.slug

    @cached_property
    def citable(self):
        return citations.Citable.of_document(self.document, self.url)

    def cite_panel(self):
        """Return the page's Cite panel, rendered once per corpus version
        and day (its citation's access date is today)."""
        return page_parts.of_the_day(
            self.index,
            "cite-panel",
            lambda: render_to_string(
                page_parts.CITE_PANEL, {"cite": cite_panel(self.citable)}
            ),
        )


@require_safe
@reading_page("format", "style", "bom", ParagraphFilter.parameters)
@offers("document_detail")
def document_detail(request, document, output):
    index = DocumentIndex.of(document, request_corpus_version(request))
    page = DocumentPage(request, index)
    if formats.shows_language(output):
        missing = not_in_language(request, page.document, page.filterset.language)
        if missing is not None:
            return missing
    if output != "html":
        return formats.render(output, "document_detail", page)
    document, filterset = page.document, page.filterset
    # Invalid values are left out of the filtering and named on the page;
    # the status says the request was at fault.
    status = 400 if filterset.errors else 200
    matching = filterset.matching_ids()
    shown = index.rows_for(document, matching)
    fragments.attach(
        shown,
        lang=filterset.language,
        script=filterset.script,
        theme_links=True,
        tallies=lambda: Matrix.of(document).by_paragraph,
        others=lambda: index.rows_for(document),
    )
    document.count_matches_by_section(shown)
    filterset.show_counts_in_theme_labels()
    context = {
        "document": document,
        "filter": filterset,
        "paragraphs": shown,
        "lang": filterset.language,
        "script": filterset.script,
        "terms": filterset.terms,
        "cite_panel": page.cite_panel(),
        "citation_styles": citations.STYLES,
        "noted_instruments": index.instruments_noted(matching),
        "index": index,
    }
    if filterset.is_filtering:
        html = filtered_page(index, {**context, "request": request})
        return HttpResponse(html, status=status)
    return render(request, DOCUMENT_DETAIL, context, status=status)


def filtered_page(index, context):
    """Return a filtered document page as its template renders it with
    `context`: the template's filtered branch rendered once per corpus
    version with a mark in place of each part a request varies (its slots:
    the slot tags, the summary of the filters, the Cite panel), filled with
    this request's parts (declarations.page_parts.frame)."""
    pieces = page_parts.frame(
        index,
        "filtered-page",
        lambda: render_to_string(
            DOCUMENT_DETAIL,
            {
                "document": index.document(),
                "filter": SimpleNamespace(
                    is_filtering=True, summary=mark_safe(page_parts.mark("summary"))
                ),
                "citation_styles": citations.STYLES,
                "cite_panel": mark_safe(page_parts.mark("cite_panel")),
                "index": index,
                "slots": True,
            },
        ),
    )
    paragraphs = context["paragraphs"]
    # Escaped as the engine escapes what a tag returns and a variable.
    values = {
        "document_contents": tags.document_contents(context),
        "results_summary": tags.results_summary_tag(context),
        "summary": context["filter"].summary(),
        "filter_form": tags.filter_form_tag(context),
        "language_switch": tags.language_switch_tag(context),
        "reading_sections": tags.reading_sections(context, paragraphs),
        "download_links": tags.download_links_tag(context),
        "cite_panel": context["cite_panel"],
        "instrument_notes": tags.instrument_notes(context, paragraphs),
    }
    return page_parts.filled(
        pieces, {name: conditional_escape(value) for name, value in values.items()}
    )


@require_safe
@reading_page("format")
@offers("document_overview")
def document_overview(request, document, output):
    document = reading_document(document)
    overview = Overview.of(document)
    if output != "html":
        page = SimpleNamespace(document=document, overview=overview)
        return formats.render(output, "document_overview", page)
    return render(
        request,
        "declarations/document_overview.html",
        {"document": document, "overview": overview},
    )


@require_safe
@reading_page("bom")
def corpus_download(request, extension):
    """The whole real corpus, one file: JSON (documents and paragraphs) or CSV."""
    if extension not in formats.offered("corpus_download"):
        raise Http404("The corpus downloads as corpus.json or corpus.csv.")
    page = SimpleNamespace(
        request=request,
        documents=Document.objects.real().with_table_of_contents(),
        paragraphs=Paragraph.objects.filter(document__is_synthetic=False)
        .for_reading()
        .with_facets(),
    )
    return formats.render(extension, "corpus_download", page)
