"""?format=txt: a document's text (or a search's paragraphs) in one
language, or a paragraph's plain citation, as a plain-text download."""

from declarations import citations, open_data
from declarations.formats.responses import download


class PlainText:
    shows_language = True

    def document_detail(self, page):
        lang = "zh" if page.filterset.language == "zh" else "en"
        content = open_data.plain_text(
            page.document, page.filterset.qs.for_reading(), lang
        )
        return download(content, "text/plain; charset=utf-8", f"{page.name}.{lang}.txt")

    def paragraph_detail(self, page):
        return download(
            citations.plain_with_texts(page.citable),
            "text/plain; charset=utf-8",
            f"{page.filename}.txt",
        )
