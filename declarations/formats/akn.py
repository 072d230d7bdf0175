"""?format=akn: a document, a section or a paragraph as Akoma Ntoso XML
(built by declarations/akoma_ntoso.py)."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseNotFound

from declarations import akoma_ntoso, languages
from declarations.languages import requested_language


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


class AkomaNtoso:
    def document_detail(self, page):
        return akn_response(
            page.request, page.document, page.paragraphs.for_reading().with_facets()
        )

    def section_detail(self, page):
        return akn_response(
            page.request,
            page.document,
            page.paragraphs.with_facets(),
            akoma_ntoso.eid(section=page.section),
        )

    def paragraph_detail(self, page):
        return akn_response(
            page.request,
            page.document,
            [page.paragraph],
            akoma_ntoso.eid(page.paragraph),
        )
