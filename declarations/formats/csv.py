"""?format=csv: paragraphs in the one CSV shape (open_data.CSV_COLUMNS), and a
document's subject matrix."""

from django.core.exceptions import BadRequest

from declarations import languages, open_data
from declarations.formats.responses import download


def paragraphs_csv_download(request, paragraphs, filename, lang=None):
    """Answer ?format=csv: the paragraphs, one CSV shape everywhere
    (open_data.CSV_COLUMNS, with the text of lang appended where it is not
    the English or the Chinese), with a byte order mark unless ?bom=0."""
    bom = request.GET.get("bom", "1")
    if bom not in {"0", "1"}:
        raise BadRequest(
            "bom takes 0 (plain UTF-8) or 1 (with a byte order mark, the default)."
        )
    return download(
        open_data.paragraphs_csv(paragraphs, bom=bom == "1", lang=lang),
        "text/csv; charset=utf-8",
        filename,
    )


class Csv:
    shows_language = True

    def document_detail(self, page):
        return paragraphs_csv_download(
            page.request,
            page.filterset.qs.for_reading().with_facets(),
            f"{page.name}.csv",
            # An unknown ?lang= is the 400 of every page, not the default.
            languages.requested_language(page.request),
        )

    def document_overview(self, page):
        return download(
            open_data.subject_matrix_csv(page.overview.subjects),
            "text/csv; charset=utf-8",
            f"{page.document.slug}-subjects.csv",
        )

    def section_detail(self, page):
        return paragraphs_csv_download(
            page.request,
            page.paragraphs.with_facets(),
            f"{page.document.slug}-{page.section.key}.csv",
            page.lang,
        )

    def reading_list(self, page):
        if not page.anchors:
            raise BadRequest(
                "A reading list's CSV names its paragraphs: ?p=ii-14,iv-4."
            )
        return paragraphs_csv_download(
            page.request,
            page.found(facets=True),
            f"reading-list-{page.document.slug}.csv",
        )

    def corpus_download(self, page):
        return paragraphs_csv_download(
            page.request, page.paragraphs, "sco-declarations.csv"
        )
