"""?format=txt: a document's text (or a search's paragraphs) in one
language, or a paragraph's plain citation, as a plain-text download."""

from declarations import citations, languages, open_data
from declarations.formats.responses import download
from declarations.models.texts import ENGLISH


class PlainText:
    shows_language = True

    def document_detail(self, page):
        # Every registered language, as the HTML, JSON and AKN take it; an
        # unknown one is the 400 of every page (languages.requested_language).
        # Both languages side by side have no plain form: the English.
        lang = languages.requested_language(page.request)
        if lang == languages.BOTH:
            lang = languages.reading_value(ENGLISH)
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
