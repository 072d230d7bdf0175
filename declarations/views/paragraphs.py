"""A paragraph's permalink page, with what a reader needs to cite it."""

import unicodedata
from types import SimpleNamespace

from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from declarations import citations, formats, languages, public_urls, scripts
from declarations.formats import offers
from declarations.models import Paragraph
from declarations.page_cache import reading_page
from declarations.views.base import cite_panel, missing_place, page_language

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


@require_safe
@reading_page("format", "style", "lang", "script", "quote")
@offers("paragraph_detail")
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
    lang, missing = page_language(request, paragraph.document, output)
    if missing is not None:
        return missing
    url = public_urls.absolute(paragraph.get_absolute_url())
    citable = citations.Citable.of_paragraph(paragraph, url)
    if output != "html":
        page = SimpleNamespace(
            request=request,
            paragraph=paragraph,
            document=paragraph.document,
            url=url,
            citable=citable,
            filename=f"{paragraph.document.slug}-{paragraph.anchor}",
        )
        return formats.render(output, "paragraph_detail", page)
    return render(
        request,
        "declarations/paragraph_detail.html",
        paragraph_context(request, paragraph, url, citable, lang),
    )


def paragraph_context(request, paragraph, url, citable, lang):
    quote = requested_quote(request)
    script = scripts.shown(lang, scripts.requested(request))
    previous_paragraph, next_paragraph = paragraph.neighbours()
    return {
        "quote": quote,
        "quoted": paragraph.locate(quote, script) if quote else None,
        # A quote link opens the page in the language and script it was made
        # in (the passage may be the traditional text's).
        "quote_keeps": [
            (name, value)
            for name, value in [
                ("lang", lang),
                ("script", request.GET.get("script") and scripts.requested(request)),
            ]
            if request.GET.get(name)
        ],
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
        # script ?lang= names, or beside the English ?script= (as a section
        # page takes it); a language that ?lang=both does not show (Russian)
        # instead of the Chinese.
        "lang": languages.BOTH if languages.shown_by_both(lang) else lang,
        "script": script,
    }
