"""What the reading views share: a document found for reading, the 404 of a
place the document does not have or of a language it has no text in, and
the Cite panel."""

from django.shortcuts import get_object_or_404, render

from declarations import citations, formats, languages
from declarations.languages import requested_language
from declarations.models import Document, Paragraph


def reading_document(slug):
    return get_object_or_404(Document.objects.with_table_of_contents(), slug=slug)


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


def page_language(request, document, output):
    """Return the page's ?lang= value (a bad one is a 400), and the 404 of
    a language the document has no text in when format `output` shows the
    page in its language (formats.shows_language), else None."""
    lang = requested_language(request)
    if not formats.shows_language(output):
        return lang, None
    return lang, not_in_language(request, document, lang)


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
