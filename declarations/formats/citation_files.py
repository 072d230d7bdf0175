"""?format=bibtex, ris, csl-json: a document or a paragraph as a reference
manager's file, one renderer for each entry of citations.FORMATS."""

from declarations import citations
from declarations.formats.responses import download


def citation_download(citable, name, filename):
    content_type, extension, render_citations = citations.FORMATS[name]
    return download(
        render_citations([citable]), content_type, f"{filename}.{extension}"
    )


class CitationFile:
    shows_language = True

    def __init__(self, name):
        self.name = name

    def document_detail(self, page):
        return citation_download(page.citable, self.name, page.document.slug)

    def paragraph_detail(self, page):
        return citation_download(page.citable, self.name, page.filename)
