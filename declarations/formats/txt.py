"""?format=txt: a document's text (or a search's paragraphs) in one
language, or a paragraph's text in one language followed by its plain
citation, as a plain-text download."""

from declarations import citations, languages, open_data
from declarations.formats.responses import download
from declarations.models.texts import ENGLISH


class PlainText:
    shows_language = True

    def document_detail(self, page):
        lang = plain_language(page.request)
        content = open_data.plain_text(
            page.document, page.filterset.qs.for_reading(), lang
        )
        return download(content, "text/plain; charset=utf-8", f"{page.name}.{lang}.txt")

    def paragraph_detail(self, page):
        # The paragraph's text first, as the document's plain text gives it
        # (a missing text said, never filled), then its citation.
        lang = plain_language(page.request)
        shown = page.paragraph.chinese_shown(lang)
        noun = languages.get(lang).text_noun
        text = open_data.one_line(shown.text if shown else f"[{noun} not available]")
        return download(
            f"{text}\n\n{citations.plain_with_texts(page.citable)}",
            "text/plain; charset=utf-8",
            f"{page.filename}.txt",
        )


def plain_language(request):
    """Return the language of a plain text: the ?lang= asked (every
    registered language, as the HTML, JSON and AKN take it; an unknown one
    is the 400 of every page, languages.requested_language). Both languages
    side by side have no plain form: the English."""
    lang = languages.requested_language(request)
    if lang == languages.BOTH:
        return languages.reading_value(ENGLISH)
    return lang
