"""A section of a declaration: its reading page."""

from types import SimpleNamespace

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from declarations import formats, fragments, scripts
from declarations.endorsements import Matrix
from declarations.formats import offers
from declarations.models import Paragraph
from declarations.page_cache import reading_page
from declarations.views.base import missing_place, page_language, reading_document


@require_safe
@reading_page("format", "lang", "script", "bom")
@offers("section_detail")
def section_detail(request, document, section, output):
    if section != section.lower():
        return redirect(
            "declarations:section-detail", document, section.lower(), permanent=True
        )
    document = reading_document(document)
    if document.section_for(section) is None:
        return missing_place(request, document.slug, section)
    section = document.section_for(section)
    lang, missing = page_language(request, document, output)
    if missing is not None:
        return missing
    if output != "html":
        paragraphs = Paragraph.objects.for_section(document, section.key)
        page = SimpleNamespace(
            request=request,
            document=document,
            section=section,
            paragraphs=paragraphs.for_reading(),
            lang=lang,
        )
        return formats.render(output, "section_detail", page)
    return render(
        request,
        "declarations/section_detail.html",
        section_context(request, document, section, lang),
    )


def section_context(request, document, section, lang):
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
    return {
        "document": document,
        "section": section,
        "paragraphs": paragraphs,
        "lang": lang,
        "script": script,
        "previous_section": document.section_before(section),
        "next_section": document.section_after(section),
    }
