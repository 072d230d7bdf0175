"""Reading views: thin functions over the model's query methods.

Each reading view answers GET and HEAD only (405 otherwise), finds its object
with get_object_or_404 on a manager method and renders a flat context, as in
django/django django/contrib/flatpages/views.py.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from declarations.caching import reading_page
from declarations.filters import ParagraphFilter, reading_language
from declarations.models import Document, Instrument, Paragraph, Theme

PAGE_SIZE = 100


def paginate(request, queryset):
    """Return the requested page of a long list; a bad page number gives a 404."""
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from None


@require_safe
@reading_page
def document_list(request):
    documents = Document.objects.real().with_table_of_contents()
    return render(request, "declarations/document_list.html", {"documents": documents})


def reading_document(slug):
    return get_object_or_404(Document.objects.with_table_of_contents(), slug=slug)


@require_safe
@reading_page
def document_detail(request, document):
    document = reading_document(document)
    paragraphs = Paragraph.objects.filter(document=document).for_reading()
    filterset = ParagraphFilter(request.GET, queryset=paragraphs, document=document)
    context = {
        "document": document,
        "filter": filterset,
        "paragraphs": filterset.qs,
        "lang": filterset.language,
        "terms": filterset.terms,
    }
    # Invalid values are left out of the filtering and named on the page;
    # the status says the request was at fault.
    status = 400 if filterset.errors else 200
    return render(request, "declarations/document_detail.html", context, status=status)


@require_safe
@reading_page
def section_detail(request, document, section):
    if section != section.lower():
        return redirect(
            "declarations:section-detail", document, section.lower(), permanent=True
        )
    document = reading_document(document)
    section = document.section_for(section)
    if section is None:
        raise Http404("No such section in this document.")
    context = {
        "document": document,
        "section": section,
        "paragraphs": Paragraph.objects.for_section(
            document, section.key
        ).for_reading(),
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
    paragraph = get_object_or_404(
        Paragraph.objects.for_reading(),
        document__slug=document,
        section__key=section,
        number=number,
    )
    url = request.build_absolute_uri(paragraph.get_absolute_url())
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
        "citation": paragraph.citation(url),
        "opengraph_tags": paragraph.opengraph_tags(url),
        "highwire_tags": paragraph.highwire_tags(url),
        "lang": "both",
    }
    return render(request, "declarations/paragraph_detail.html", context)


@require_safe
@reading_page
def theme_list(request):
    themes = Theme.objects.with_paragraph_counts()
    return render(request, "declarations/theme_list.html", {"themes": themes})


@require_safe
@reading_page
def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.all(), slug=slug)
    page = paginate(request, Paragraph.objects.for_theme(theme).for_reading())
    return render(
        request,
        "declarations/theme_detail.html",
        {"theme": theme, "page": page, "paragraphs": page.object_list, "lang": "both"},
    )


@require_safe
@reading_page
def instrument_list(request):
    order = request.GET.get("sort", "kind")
    instruments = Instrument.objects.with_mention_counts().in_order(order)
    return render(
        request,
        "declarations/instrument_list.html",
        {"instruments": instruments, "sort": "date" if order == "date" else "kind"},
    )


@require_safe
@reading_page
def instrument_detail(request, slug):
    instrument = get_object_or_404(Instrument.objects.all(), slug=slug)
    page = paginate(request, instrument.mentions.for_reading())
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
