"""Reading views: thin functions over the model's query methods.

Each reading view answers GET and HEAD only (405 otherwise), finds its object
with get_object_or_404 on a manager method and renders a flat context, as in
django/django django/contrib/flatpages/views.py. Every reading URL also
answers as data through one scheme, ?format= (docs/DATA.md).
"""

import functools
import re
import unicodedata

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from declarations import (
    akoma_ntoso,
    citations,
    exports,
    fragments,
    languages,
    scripts,
    search,
    subjects,
    web_annotations,
)
from declarations.caching import reading_page, request_corpus_version
from declarations.filters import ParagraphFilter
from declarations.languages import requested_language
from declarations.models import (
    Annotation,
    Document,
    Entity,
    Instrument,
    Paragraph,
    Theme,
)
from declarations.overview import Overview
from declarations.reading_index import DocumentIndex
from declarations.subjects import Matrix

PAGE_SIZE = 100


def paginate(request, queryset):
    """Return the requested page of a long list; a bad page number gives a 404."""
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from None


def offers(*formats):
    """Let a view answer ?format= in the given formats besides HTML: the view
    receives the format asked for as `output`; any other is a 400 that lists
    what the page offers (docs/DATA.md)."""
    offered = {"html", *formats}

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            name = request.GET.get("format", "html")
            if name not in offered:
                return HttpResponseBadRequest(
                    f"Unknown format {name!r}. "
                    f"This page offers: {', '.join(sorted(offered))}.",
                    content_type="text/plain; charset=utf-8",
                )
            return view(request, *args, output=name, **kwargs)

        return wrapped

    return decorator


def data_response(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def paragraphs_csv_download(request, paragraphs, filename, lang=None):
    """Answer ?format=csv: the paragraphs, one CSV shape everywhere
    (exports.CSV_COLUMNS, with the text of lang appended where it is not
    the English or the Chinese), with a byte order mark unless ?bom=0."""
    bom = request.GET.get("bom", "1")
    if bom not in {"0", "1"}:
        raise BadRequest(
            "bom takes 0 (plain UTF-8) or 1 (with a byte order mark, the default)."
        )
    return download(
        exports.paragraphs_csv(paragraphs, bom=bom == "1", lang=lang),
        "text/csv; charset=utf-8",
        filename,
    )


def citation_download(citable, name, filename):
    content_type, extension, render_citations = citations.FORMATS[name]
    return download(
        render_citations([citable]), content_type, f"{filename}.{extension}"
    )


def cite_panel(citable):
    """Return the citation formats a Cite panel offers, rendered; the CSL
    styles are linked (each is its own ?format=citation URL)."""
    return {
        "plain": citations.plain(citable),
        "bibtex": citations.bibtex(citable),
        "ris": citations.ris(citable),
        "csl_json": citations.csl_json([citable]),
        "styles": citations.STYLES,
        "texts": citable.texts,
    }


def formatted_citation(request, citable):
    """Answer ?format=citation&style=<CSL id> as plain text; an unknown or
    missing style is a 400 that lists the offered ones."""
    try:
        text = citations.formatted(citable, request.GET.get("style", ""))
    except citations.UnknownStyle as error:
        return HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")


def annotations_response(annotations, page_url):
    """Answer ?format=annotations: the published annotations as a W3C Web
    Annotation AnnotationPage (JSON-LD)."""
    page = web_annotations.annotation_page(annotations, page_url)
    return JsonResponse(
        page,
        content_type=web_annotations.CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


MAX_QUOTE_LENGTH = 500


def requested_quote(request):
    """Return the ?quote= passage, or "": one longer than 500 characters or
    holding control characters is a BadRequest that says so."""
    quote = request.GET.get("quote", "")
    if len(quote) > MAX_QUOTE_LENGTH:
        raise BadRequest(
            f"The quote is {len(quote)} characters long: "
            f"a quote link holds at most {MAX_QUOTE_LENGTH}."
        )
    if any(unicodedata.category(c) in {"Cc", "Cf", "Cs"} for c in quote):
        raise BadRequest(
            "The quote holds control characters: it cannot be in the text."
        )
    return quote


def not_in_language(request, document, lang):
    """Answer a page asked in a registered language (a ?lang= value) that
    the document has no text in with a 404 naming it and the languages the
    document has: nothing in it exists to show (a language it has, where one
    paragraph lacks it, is said per paragraph). None otherwise."""
    if document.has_texts_in(lang):
        return None
    return render(
        request,
        "declarations/language_missing.html",
        {"document": document, "asked": languages.get(lang)},
        status=404,
    )


def akn_response(request, document, paragraphs, portion=None):
    """Answer ?format=akn in the expression ?lang= names (en by default):
    Akoma Ntoso XML, or a 404 that says so when nothing is in that language."""
    lang = requested_language(request) if request.GET.get("lang") else "en"
    if lang == languages.BOTH:
        raise BadRequest(
            "Akoma Ntoso holds one language expression: lang takes "
            f"{', '.join(v for v in languages.reading_values() if v != lang)}."
        )
    sections = {}
    for paragraph in paragraphs:
        sections.setdefault(paragraph.section, []).append(paragraph)
    try:
        xml = akoma_ntoso.build(document, sections.items(), lang, portion)
    except akoma_ntoso.NothingInLanguage as error:
        return HttpResponseNotFound(
            str(error), content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(xml, content_type="application/akn+xml; charset=utf-8")


@require_safe
@reading_page("format")
@offers("json")
def document_list(request, output):
    documents = Document.objects.real().with_table_of_contents()
    if output == "json":
        return data_response(
            {
                "documents": [
                    {
                        **exports.document_summary(d),
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
@reading_page("format", "style", "bom", ParagraphFilter.parameters)
@offers("json", "csv", "txt", "citation", "akn", "annotations", *citations.FORMATS)
def document_detail(request, document, output):
    index = DocumentIndex.of(document, request_corpus_version(request))
    document = index.document()
    paragraphs = Paragraph.objects.filter(document=document)
    if output == "annotations":
        return annotations_response(
            Annotation.objects.published()
            .filter(paragraph__document=document)
            .for_export(),
            document.get_absolute_url() + "?format=annotations",
        )
    if output == "akn":
        return akn_response(request, document, paragraphs.for_reading().with_facets())
    filterset = ParagraphFilter(
        request.GET, queryset=paragraphs, document=document, index=index
    )
    # Invalid values are left out of the filtering and named on the page;
    # the status says the request was at fault.
    status = 400 if filterset.errors else 200
    url = exports.absolute(document.get_absolute_url())
    if output == "json":
        if filterset.errors:
            return data_response({"errors": filterset.errors}, status=400)
        return data_response(
            exports.document_data(
                document,
                filterset.qs.for_reading().with_facets(),
                filterset.as_data(),
            )
        )
    missing = not_in_language(request, document, filterset.language)
    if missing is not None:
        return missing
    # Search results and the whole text download under different names.
    name = f"{document.slug}-results" if filterset.is_filtering else document.slug
    if output == "csv":
        return paragraphs_csv_download(
            request,
            filterset.qs.for_reading().with_facets(),
            f"{name}.csv",
            filterset.language,
        )
    if output == "txt":
        lang = "zh" if filterset.language == "zh" else "en"
        content = exports.plain_text(document, filterset.qs.for_reading(), lang)
        return download(content, "text/plain; charset=utf-8", f"{name}.{lang}.txt")
    citable = citations.Citable.of_document(document, url)
    if output == "citation":
        return formatted_citation(request, citable)
    if output in citations.FORMATS:
        return citation_download(citable, output, document.slug)
    matching = filterset.matching_ids()
    shown = index.rows_for(document, matching)
    fragments.attach(
        shown,
        lang=filterset.language,
        script=filterset.script,
        theme_links=True,
        tallies=lambda: Matrix.of(document).by_paragraph,
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
        "cite": cite_panel(citable),
        "noted_instruments": index.instruments_noted(matching),
        "index": index,
    }
    return render(request, "declarations/document_detail.html", context, status=status)


@require_safe
@reading_page("format")
@offers("json", "csv")
def document_overview(request, document, output):
    document = reading_document(document)
    overview = Overview.of(document)
    if output == "json":
        return data_response(
            {
                "document": exports.document_summary(document),
                "subjects": exports.subject_matrix_data(overview.subjects),
            }
        )
    if output == "csv":
        return download(
            exports.subject_matrix_csv(overview.subjects),
            "text/csv; charset=utf-8",
            f"{document.slug}-subjects.csv",
        )
    return render(
        request,
        "declarations/document_overview.html",
        {"document": document, "overview": overview},
    )


@require_safe
@reading_page("format", "lang", "script", "bom")
@offers("json", "csv", "akn")
def section_detail(request, document, section, output):
    if section != section.lower():
        return redirect(
            "declarations:section-detail", document, section.lower(), permanent=True
        )
    document = reading_document(document)
    if document.section_for(section) is None:
        return missing_place(request, document.slug, section)
    section = document.section_for(section)
    paragraphs = Paragraph.objects.for_section(document, section.key).for_reading()
    if output == "akn":
        return akn_response(
            request,
            document,
            paragraphs.with_facets(),
            akoma_ntoso.eid(section=section),
        )
    if output in {"json", "csv"}:
        paragraphs = paragraphs.with_facets()
    if output == "json":
        return data_response(
            {
                "document": exports.document_summary(document),
                "section": exports.section_summary(section),
                "paragraphs": [exports.paragraph_data(p) for p in paragraphs],
            }
        )
    lang = requested_language(request)
    missing = not_in_language(request, document, lang)
    if missing is not None:
        return missing
    if output == "csv":
        return paragraphs_csv_download(
            request, paragraphs, f"{document.slug}-{section.key}.csv", lang
        )
    paragraphs = Paragraph.objects.for_section(document, section.key).for_fragments(
        document
    )
    script = scripts.shown(lang, scripts.requested(request))
    fragments.attach(
        paragraphs,
        lang=lang,
        script=script,
        theme_links=True,
        tallies=lambda: Matrix.of(document).by_paragraph,
    )
    context = {
        "document": document,
        "section": section,
        "paragraphs": paragraphs,
        "lang": lang,
        "script": script,
        "previous_section": document.section_before(section),
        "next_section": document.section_after(section),
    }
    return render(request, "declarations/section_detail.html", context)


def missing_place(request, document, section, number=None):
    """Answer a section or paragraph the document does not have with a 404
    that says what it has: the section's paragraphs, or the sections."""
    document = reading_document(document)
    found = document.section_for(section)
    return render(
        request,
        "declarations/place_missing.html",
        {
            "document": document,
            "asked": section,
            "number": number,
            "section": found,
            "paragraphs": (
                Paragraph.objects.for_section(document, found.key).select_related(
                    "document", "section"
                )
                if found
                else None
            ),
        },
        status=404,
    )


@require_safe
@reading_page("format", "style", "lang", "quote")
@offers("json", "txt", "citation", "akn", "annotations", *citations.FORMATS)
def paragraph_detail(request, document, section, number, output):
    if section != section.lower():
        return redirect(
            "declarations:paragraph-detail",
            document,
            section.lower(),
            number,
            permanent=True,
        )
    paragraph = (
        Paragraph.objects.for_reading()
        .with_facets()
        .filter(document__slug=document, section__key=section, number=number)
        .first()
    )
    if paragraph is None:
        return missing_place(request, document, section, number)
    # ?lang= names an AKN expression, the page's language, or the script of
    # the Chinese shown beside the English (zh-Hant: traditional); checked always.
    lang = requested_language(request)
    url = exports.absolute(paragraph.get_absolute_url())
    citable = citations.Citable.of_paragraph(paragraph, url)
    filename = f"{paragraph.document.slug}-{paragraph.anchor}"
    if output == "akn":
        return akn_response(
            request, paragraph.document, [paragraph], akoma_ntoso.eid(paragraph)
        )
    if output == "annotations":
        return annotations_response(
            paragraph.annotations.published().for_export(),
            paragraph.get_absolute_url() + "?format=annotations",
        )
    if output == "json":
        return data_response(exports.paragraph_data(paragraph))
    if output == "txt":
        return download(
            citations.plain_with_texts(citable),
            "text/plain; charset=utf-8",
            f"{filename}.txt",
        )
    if output == "citation":
        return formatted_citation(request, citable)
    if output in citations.FORMATS:
        return citation_download(citable, output, filename)
    missing = not_in_language(request, paragraph.document, lang)
    if missing is not None:
        return missing
    quote = requested_quote(request)
    previous_paragraph, next_paragraph = paragraph.neighbours()
    context = {
        "quote": quote,
        "quoted": paragraph.locate(quote) if quote else None,
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
        "highwire_tags": citations.highwire_tags(paragraph, url),
        "json_ld": citations.json_ld(paragraph, url),
        # Both languages, as every permalink shows them, the Chinese in the
        # script ?lang= names; a language that ?lang=both does not show
        # (Russian) instead of the Chinese.
        "lang": languages.BOTH if languages.shown_by_both(lang) else lang,
        "script": scripts.shown(lang),
    }
    return render(request, "declarations/paragraph_detail.html", context)


@require_safe
@reading_page("format")
@offers("json")
def theme_list(request, output):
    themes = Theme.objects.with_paragraph_counts()
    if output == "json":
        return data_response(
            {"themes": [exports.theme_data(t, t.paragraph_count) for t in themes]}
        )
    return render(request, "declarations/theme_list.html", {"themes": themes})


@require_safe
@reading_page("format", "page")
@offers("json")
def theme_detail(request, slug, output):
    theme = get_object_or_404(Theme.objects.all(), slug=slug)
    paragraphs = Paragraph.objects.for_theme(theme).for_reading()
    page = paginate(
        request, paragraphs.with_facets() if output == "json" else paragraphs
    )
    if output == "json":
        return data_response(
            {
                **exports.theme_data(theme, page.paginator.count),
                "page": page.number,
                "pages": page.paginator.num_pages,
                "paragraphs": [exports.paragraph_data(p) for p in page],
            }
        )
    shown = list(page.object_list)
    fragments.attach(shown, lang="both")
    return render(
        request,
        "declarations/theme_detail.html",
        {"theme": theme, "page": page, "paragraphs": shown, "lang": "both"},
    )


@require_safe
@reading_page("format", "sort")
@offers("json")
def instrument_list(request, output):
    order = request.GET.get("sort", "kind")
    instruments = (
        Instrument.objects.with_mention_counts().with_chinese_titles().in_order(order)
    )
    if output == "json":
        return data_response(
            {
                "instruments": [
                    exports.instrument_data(i, i.mention_count) for i in instruments
                ]
            }
        )
    return render(
        request,
        "declarations/instrument_list.html",
        {"instruments": instruments, "sort": "date" if order == "date" else "kind"},
    )


@require_safe
@reading_page("format", "page")
@offers("json")
def instrument_detail(request, slug, output):
    instrument = get_object_or_404(Instrument.objects.all(), slug=slug)
    mentions = instrument.mentions.for_reading()
    page = paginate(request, mentions.with_facets() if output == "json" else mentions)
    if output == "json":
        return data_response(
            {
                **exports.instrument_data(instrument, page.paginator.count),
                "page": page.number,
                "pages": page.paginator.num_pages,
                "mentions": [
                    {
                        "verb": m.verb,
                        "paragraph": exports.paragraph_data(m.paragraph),
                    }
                    for m in page
                ],
            }
        )
    paragraphs = [mention.paragraph for mention in page.object_list]
    fragments.attach(paragraphs, lang="en")
    return render(
        request,
        "declarations/instrument_detail.html",
        {
            "instrument": instrument,
            "page": page,
            "mentions": page.object_list,
            "paragraphs": paragraphs,
            "terms": search.exact(instrument.names),
            "lang": "en",
        },
    )


@require_safe
@reading_page("format")
@offers("json")
def entity_list(request, output):
    entities = Entity.objects.with_paragraph_counts().in_kind_order()
    if output == "json":
        return data_response(
            {"entities": [exports.entity_data(e, e.paragraph_count) for e in entities]}
        )
    return render(request, "declarations/entity_list.html", {"entities": entities})


@require_safe
@reading_page("format", "page")
@offers("json")
def entity_detail(request, slug, output):
    entity = get_object_or_404(
        Entity.objects.prefetch_related("memberships"), slug=slug
    )
    mentions = entity.mentions.for_reading()
    page = paginate(request, mentions.with_facets() if output == "json" else mentions)
    if output == "json":
        return data_response(
            {
                **exports.entity_data(entity, page.paginator.count),
                "memberships": [
                    exports.membership_data(m) for m in entity.memberships.all()
                ],
                "page": page.number,
                "pages": page.paginator.num_pages,
                "mentions": [
                    {
                        "role": m.role,
                        "words": m.word_list,
                        "paragraph": exports.paragraph_data(m.paragraph),
                    }
                    for m in page
                ],
            }
        )
    fragments.attach([mention.paragraph for mention in page.object_list], lang="en")
    return render(
        request,
        "declarations/entity_detail.html",
        {
            "entity": entity,
            "page": page,
            "mentions": page.object_list,
            "absences": subjects.absences(entity),
            "lang": "en",
        },
    )


@require_safe
@reading_page("bom")
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
        return paragraphs_csv_download(request, paragraphs, "sco-declarations.csv")
    by_document = {}
    for paragraph in paragraphs:
        by_document.setdefault(paragraph.document_id, []).append(paragraph)
    return data_response(
        {
            "documents": [
                exports.document_data(d, by_document.get(d.pk, [])) for d in documents
            ]
        }
    )


# A shared reading list names paragraphs by their ids on reading pages
# ("ii-14", "preamble-1"): ?p=ii-14,iv-4, of the newest real document unless
# ?d=<document> names another. The list the page offers to share always
# carries d=, so it keeps pointing at the same text once a newer declaration
# is loaded. One document per list: pins from several documents make one
# URL each.
SHARED_LIST_LIMIT = 200
ANCHOR = re.compile(r"[a-z]+-[1-9][0-9]{0,3}")


def shared_anchors(request):
    """Return the paragraph ids of ?p= (comma-separated, repeatable), once each."""
    anchors = (
        anchor.strip().lower()
        for value in request.GET.getlist("p")
        for anchor in value.split(",")
    )
    return list(dict.fromkeys(anchor for anchor in anchors if anchor))


def shared_document(request):
    slug = request.GET.get("d")
    if slug:
        return get_object_or_404(Document.objects.all(), slug=slug)
    document = Document.objects.real().first()
    if document is None:
        raise Http404("No declaration is loaded yet.")
    return document


@require_safe
@reading_page("p", "d", "format", "bom")
@offers("json", "csv")
def reading_list(request, output):
    """The reader's own list is drawn by reading-list.js from the browser's
    storage; a shared list (?p=) is rendered here, for anyone."""
    anchors = shared_anchors(request)
    if not anchors:
        if output == "json":
            return data_response({"document": None, "paragraphs": []})
        if output == "csv":
            raise BadRequest(
                "A reading list's CSV names its paragraphs: ?p=ii-14,iv-4."
            )
        return render(request, "declarations/reading_list.html")
    if len(anchors) > SHARED_LIST_LIMIT:
        raise BadRequest(
            f"A shared reading list holds at most {SHARED_LIST_LIMIT} paragraphs; "
            f"this one names {len(anchors)}."
        )
    document = shared_document(request)
    paragraphs = (
        Paragraph.objects.filter(document=document)
        .at_anchors([a for a in anchors if ANCHOR.fullmatch(a)])
        .for_reading()
    )
    if output in {"json", "csv"}:
        paragraphs = paragraphs.with_facets()
    paragraphs = list(paragraphs)
    found = {paragraph.anchor for paragraph in paragraphs}
    unknown = [anchor for anchor in anchors if anchor not in found]
    if unknown:
        message = (
            f"{document.short_title_en} has no paragraph "
            f"{', '.join(unknown)}. Paragraphs are named as on reading pages, "
            "e.g. ii-14 or preamble-1."
        )
        if output == "json":
            return data_response(
                {"errors": {"p": [message]}, "unknown": unknown}, status=400
            )
        raise BadRequest(message)
    share_url = exports.absolute(
        f"{reverse('declarations:reading-list')}?d={document.slug}"
        f"&p={','.join(paragraph.anchor for paragraph in paragraphs)}"
    )
    if output == "csv":
        return paragraphs_csv_download(
            request, paragraphs, f"reading-list-{document.slug}.csv"
        )
    if output == "json":
        return data_response(
            {
                "document": exports.document_summary(document),
                "share_url": share_url,
                "paragraphs": [exports.paragraph_data(p) for p in paragraphs],
            }
        )
    fragments.attach(paragraphs, lang="both")
    context = {
        "document": document,
        "paragraphs": paragraphs,
        "share_url": share_url,
        "lang": "both",
    }
    return render(request, "declarations/reading_list.html", context)


@require_safe
def favicon(request):
    """Send /favicon.ico, which browsers and crawlers ask for whatever a
    page's icon link says, to the site's icon (a redirect, not a copy: the
    icon's static name changes with its content)."""
    return redirect(static("declarations/favicon.svg"))


@require_safe
def robots_txt(request):
    sitemap = exports.absolute("/sitemap.xml")
    return HttpResponse(
        f"User-agent: *\nDisallow:\nSitemap: {sitemap}\n",
        content_type="text/plain; charset=utf-8",
    )
