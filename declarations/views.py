"""Reading views: thin functions over the model's query methods.

Each reading view answers GET and HEAD only (405 otherwise), finds its object
with get_object_or_404 on a manager method and renders a flat context, as in
django/django django/contrib/flatpages/views.py. Every reading URL also
answers as data through one scheme, ?format= (docs/DATA.md).
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from declarations import citations, exports
from declarations.caching import reading_page
from declarations.filters import ParagraphFilter, reading_language
from declarations.models import Document, Instrument, Paragraph, Theme

PAGE_SIZE = 100
CITATION_FORMATS = set(citations.FORMATS)


def paginate(request, queryset):
    """Return the requested page of a long list; a bad page number gives a 404."""
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from None


def requested_format(request, offered):
    """Return the ?format= asked for, or None when this URL does not offer it."""
    name = request.GET.get("format", "html")
    return name if name in offered else None


def unknown_format(request, offered):
    listed = ", ".join(sorted(offered))
    return HttpResponseBadRequest(
        f"Unknown format {request.GET.get('format')!r}. This page offers: {listed}.",
        content_type="text/plain; charset=utf-8",
    )


def data_response(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def citation_download(citable, name, filename):
    content_type, extension, render_citations = citations.FORMATS[name]
    return download(
        render_citations([citable]), content_type, f"{filename}.{extension}"
    )


def cite_panel(citable):
    """Return the citation formats a Cite panel offers, rendered."""
    return {
        "plain": citations.plain(citable),
        "bibtex": citations.bibtex(citable),
        "ris": citations.ris(citable),
        "csl_json": citations.csl_json([citable]),
    }


@require_safe
@reading_page
def document_list(request):
    offered = {"html", "json"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    documents = Document.objects.real().with_table_of_contents()
    if name == "json":
        return data_response(
            {
                "documents": [
                    {
                        **exports.document_summary(request, d),
                        "paragraph_count": d.paragraph_count,
                        "chinese_count": d.chinese_count,
                    }
                    for d in documents
                ]
            }
        )
    return render(request, "declarations/document_list.html", {"documents": documents})


def reading_document(slug):
    return get_object_or_404(Document.objects.with_table_of_contents(), slug=slug)


@require_safe
@reading_page
def document_detail(request, document):
    offered = {"html", "json", "csv", "txt", *CITATION_FORMATS}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    document = reading_document(document)
    paragraphs = Paragraph.objects.filter(document=document).for_reading()
    filterset = ParagraphFilter(request.GET, queryset=paragraphs, document=document)
    # Invalid values are left out of the filtering and named on the page;
    # the status says the request was at fault.
    status = 400 if filterset.errors else 200
    url = request.build_absolute_uri(document.get_absolute_url())
    if name == "json":
        if filterset.errors:
            return data_response({"errors": filterset.errors}, status=400)
        return data_response(
            exports.document_data(
                request, document, filterset.qs.with_facets(), filterset.as_data()
            )
        )
    if name == "csv":
        content = exports.paragraphs_csv(request, filterset.qs.with_facets())
        return download(content, "text/csv; charset=utf-8", f"{document.slug}.csv")
    if name == "txt":
        lang = "zh" if filterset.language == "zh" else "en"
        content = exports.plain_text(document, filterset.qs, lang)
        return download(
            content, "text/plain; charset=utf-8", f"{document.slug}.{lang}.txt"
        )
    citable = citations.Citable.of_document(document, url)
    if name in CITATION_FORMATS:
        return citation_download(citable, name, document.slug)
    context = {
        "document": document,
        "filter": filterset,
        "paragraphs": filterset.qs,
        "lang": filterset.language,
        "terms": filterset.terms,
        "cite": cite_panel(citable),
    }
    return render(request, "declarations/document_detail.html", context, status=status)


@require_safe
@reading_page
def document_overview(request, document):
    document = reading_document(document)
    return render(
        request,
        "declarations/document_overview.html",
        {"document": document, "overview": document.overview_figures()},
    )


@require_safe
@reading_page
def section_detail(request, document, section):
    if section != section.lower():
        return redirect(
            "declarations:section-detail", document, section.lower(), permanent=True
        )
    offered = {"html", "json", "csv"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    document = reading_document(document)
    section = document.section_for(section)
    if section is None:
        raise Http404("No such section in this document.")
    paragraphs = Paragraph.objects.for_section(document, section.key).for_reading()
    if name in {"json", "csv"}:
        paragraphs = paragraphs.with_facets()
    if name == "json":
        return data_response(
            {
                "document": exports.document_summary(request, document),
                "section": exports.section_summary(request, section),
                "paragraphs": [exports.paragraph_data(request, p) for p in paragraphs],
            }
        )
    if name == "csv":
        return download(
            exports.paragraphs_csv(request, paragraphs),
            "text/csv; charset=utf-8",
            f"{document.slug}-{section.key}.csv",
        )
    context = {
        "document": document,
        "section": section,
        "paragraphs": paragraphs,
        "lang": reading_language(request.GET),
        "previous_section": document.section_before(section),
        "next_section": document.section_after(section),
    }
    return render(request, "declarations/section_detail.html", context)


@require_safe
@reading_page
def paragraph_detail(request, document, section, number):
    if section != section.lower():
        return redirect(
            "declarations:paragraph-detail",
            document,
            section.lower(),
            number,
            permanent=True,
        )
    offered = {"html", "json", "txt", *CITATION_FORMATS}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    paragraph = get_object_or_404(
        Paragraph.objects.for_reading().with_facets(),
        document__slug=document,
        section__key=section,
        number=number,
    )
    url = request.build_absolute_uri(paragraph.get_absolute_url())
    citable = citations.Citable.of_paragraph(paragraph, url)
    filename = f"{paragraph.document.slug}-{paragraph.anchor}"
    if name == "json":
        return data_response(exports.paragraph_data(request, paragraph))
    if name == "txt":
        return download(
            citations.plain(citable), "text/plain; charset=utf-8", f"{filename}.txt"
        )
    if name in CITATION_FORMATS:
        return citation_download(citable, name, filename)
    previous_paragraph, next_paragraph = paragraph.neighbours()
    context = {
        "paragraph": paragraph,
        "document": paragraph.document,
        "section": paragraph.section,
        "annotations": paragraph.annotations.visible_to(request.user).select_related(
            "author", "last_changed_by"
        ),
        "previous_paragraph": previous_paragraph,
        "next_paragraph": next_paragraph,
        "absolute_url": url,
        "cite": cite_panel(citable),
        "opengraph_tags": paragraph.opengraph_tags(url),
        "highwire_tags": paragraph.highwire_tags(url),
        "json_ld": paragraph.json_ld(url),
        "lang": "both",
    }
    return render(request, "declarations/paragraph_detail.html", context)


@require_safe
@reading_page
def theme_list(request):
    offered = {"html", "json"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    themes = Theme.objects.with_paragraph_counts()
    if name == "json":
        return data_response(
            {
                "themes": [
                    exports.theme_data(request, t, t.paragraph_count) for t in themes
                ]
            }
        )
    return render(request, "declarations/theme_list.html", {"themes": themes})


@require_safe
@reading_page
def theme_detail(request, slug):
    offered = {"html", "json"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    theme = get_object_or_404(Theme.objects.all(), slug=slug)
    paragraphs = Paragraph.objects.for_theme(theme).for_reading()
    page = paginate(request, paragraphs.with_facets() if name == "json" else paragraphs)
    if name == "json":
        return data_response(
            {
                **exports.theme_data(request, theme, page.paginator.count),
                "page": page.number,
                "pages": page.paginator.num_pages,
                "paragraphs": [exports.paragraph_data(request, p) for p in page],
            }
        )
    return render(
        request,
        "declarations/theme_detail.html",
        {"theme": theme, "page": page, "paragraphs": page.object_list, "lang": "both"},
    )


@require_safe
@reading_page
def instrument_list(request):
    offered = {"html", "json"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    order = request.GET.get("sort", "kind")
    instruments = Instrument.objects.with_mention_counts().in_order(order)
    if name == "json":
        return data_response(
            {
                "instruments": [
                    exports.instrument_data(request, i, i.mention_count)
                    for i in instruments
                ]
            }
        )
    return render(
        request,
        "declarations/instrument_list.html",
        {"instruments": instruments, "sort": "date" if order == "date" else "kind"},
    )


@require_safe
@reading_page
def instrument_detail(request, slug):
    offered = {"html", "json"}
    if (name := requested_format(request, offered)) is None:
        return unknown_format(request, offered)
    instrument = get_object_or_404(Instrument.objects.all(), slug=slug)
    mentions = instrument.mentions.for_reading()
    page = paginate(request, mentions.with_facets() if name == "json" else mentions)
    if name == "json":
        return data_response(
            {
                **exports.instrument_data(request, instrument, page.paginator.count),
                "page": page.number,
                "pages": page.paginator.num_pages,
                "mentions": [
                    {
                        "verb": m.verb,
                        "paragraph": exports.paragraph_data(request, m.paragraph),
                    }
                    for m in page
                ],
            }
        )
    return render(
        request,
        "declarations/instrument_detail.html",
        {
            "instrument": instrument,
            "page": page,
            "mentions": page.object_list,
            "terms": instrument.names,
            "lang": "en",
        },
    )


@require_safe
@reading_page
def corpus_download(request, extension):
    """The whole real corpus, one file: JSON (documents and paragraphs) or CSV."""
    if extension not in {"json", "csv"}:
        raise Http404("The corpus downloads as corpus.json or corpus.csv.")
    documents = Document.objects.real().with_table_of_contents()
    paragraphs = (
        Paragraph.objects.filter(document__is_synthetic=False)
        .for_reading()
        .with_facets()
    )
    if extension == "csv":
        return download(
            exports.paragraphs_csv(request, paragraphs),
            "text/csv; charset=utf-8",
            "sco-declarations.csv",
        )
    by_document = {}
    for paragraph in paragraphs:
        by_document.setdefault(paragraph.document_id, []).append(paragraph)
    return data_response(
        {
            "documents": [
                exports.document_data(request, d, by_document.get(d.pk, []))
                for d in documents
            ]
        }
    )


@require_safe
def reading_list(request):
    return render(request, "declarations/reading_list.html")


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(
        f"User-agent: *\nDisallow:\nSitemap: {sitemap}\n",
        content_type="text/plain; charset=utf-8",
    )
