"""?format=citation&style=<CSL id>: a document or a paragraph cited in a
citation style, as plain text (declarations/citations.py)."""

from django.http import HttpResponse, HttpResponseBadRequest

from declarations import citations


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


class Citation:
    shows_language = True

    def document_detail(self, page):
        return formatted_citation(page.request, page.citable)

    def paragraph_detail(self, page):
        return formatted_citation(page.request, page.citable)
