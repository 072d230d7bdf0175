"""?format=json: every reading page as data, in the shapes that docs/DATA.md
documents (built by declarations/open_data.py)."""

from declarations import open_data
from declarations.formats.responses import data_response
from declarations.pagination import paginate


def page_data(page):
    return {"page": page.number, "pages": page.paginator.num_pages}


class Json:
    def document_list(self, page):
        return data_response(
            {
                "documents": [
                    {
                        **open_data.document_summary(d),
                        "paragraph_count": d.paragraph_count,
                        "chinese_count": d.chinese_count,
                    }
                    for d in page.documents
                ]
            }
        )

    def document_detail(self, page):
        filterset = page.filterset
        if filterset.errors:
            return data_response({"errors": filterset.errors}, status=400)
        return data_response(
            open_data.document_data(
                page.document,
                filterset.qs.for_reading().with_facets(),
                filterset.as_data(),
            )
        )

    def document_overview(self, page):
        return data_response(
            {
                "document": open_data.document_summary(page.document),
                "subjects": open_data.subject_matrix_data(page.overview.subjects),
            }
        )

    def section_detail(self, page):
        return data_response(
            {
                "document": open_data.document_summary(page.document),
                "section": open_data.section_summary(page.section),
                "paragraphs": [
                    open_data.paragraph_data(p) for p in page.paragraphs.with_facets()
                ],
            }
        )

    def paragraph_detail(self, page):
        return data_response(open_data.paragraph_data(page.paragraph))

    def theme_list(self, page):
        return data_response(
            {
                "themes": [
                    open_data.theme_data(t, t.paragraph_count) for t in page.themes
                ]
            }
        )

    def theme_detail(self, page):
        shown = paginate(page.request, page.paragraphs.with_facets())
        return data_response(
            {
                **open_data.theme_data(page.theme, shown.paginator.count),
                **page_data(shown),
                "paragraphs": [open_data.paragraph_data(p) for p in shown],
            }
        )

    def instrument_list(self, page):
        return data_response(
            {
                "instruments": [
                    open_data.instrument_data(i, i.mention_count)
                    for i in page.instruments
                ]
            }
        )

    def instrument_detail(self, page):
        shown = paginate(page.request, page.mentions.with_facets())
        return data_response(
            {
                **open_data.instrument_data(page.instrument, shown.paginator.count),
                **page_data(shown),
                "mentions": [
                    {
                        "verb": m.verb,
                        "paragraph": open_data.paragraph_data(m.paragraph),
                    }
                    for m in shown
                ],
            }
        )

    def entity_list(self, page):
        return data_response(
            {
                "entities": [
                    open_data.entity_data(e, e.paragraph_count) for e in page.entities
                ]
            }
        )

    def entity_detail(self, page):
        shown = paginate(page.request, page.mentions.with_facets())
        entity = page.entity
        return data_response(
            {
                **open_data.entity_data(entity, shown.paginator.count),
                "memberships": [
                    open_data.membership_data(m) for m in entity.memberships.all()
                ],
                **page_data(shown),
                "mentions": [
                    {
                        "role": m.role,
                        "words": m.word_list,
                        "paragraph": open_data.paragraph_data(m.paragraph),
                    }
                    for m in shown
                ],
            }
        )

    def reading_list(self, page):
        if not page.anchors:
            return data_response({"document": None, "paragraphs": []})
        paragraphs = page.paragraphs(facets=True)
        unknown = page.unknown(paragraphs)
        if unknown:
            return data_response(
                {"errors": {"p": [page.unknown_message(unknown)]}, "unknown": unknown},
                status=400,
            )
        return data_response(
            {
                "document": open_data.document_summary(page.document),
                "share_url": page.share_url(paragraphs),
                "paragraphs": [open_data.paragraph_data(p) for p in paragraphs],
            }
        )

    def corpus_download(self, page):
        by_document = {}
        for paragraph in page.paragraphs:
            by_document.setdefault(paragraph.document_id, []).append(paragraph)
        return data_response(
            {
                "documents": [
                    open_data.document_data(d, by_document.get(d.pk, []))
                    for d in page.documents
                ]
            }
        )
