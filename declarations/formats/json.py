"""?format=json: every reading page as data, in the shapes that docs/DATA.md
documents (built by declarations/exports.py)."""

from declarations import exports
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
                        **exports.document_summary(d),
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
            exports.document_data(
                page.document,
                filterset.qs.for_reading().with_facets(),
                filterset.as_data(),
            )
        )

    def document_overview(self, page):
        return data_response(
            {
                "document": exports.document_summary(page.document),
                "subjects": exports.subject_matrix_data(page.overview.subjects),
            }
        )

    def section_detail(self, page):
        return data_response(
            {
                "document": exports.document_summary(page.document),
                "section": exports.section_summary(page.section),
                "paragraphs": [
                    exports.paragraph_data(p) for p in page.paragraphs.with_facets()
                ],
            }
        )

    def paragraph_detail(self, page):
        return data_response(exports.paragraph_data(page.paragraph))

    def theme_list(self, page):
        return data_response(
            {"themes": [exports.theme_data(t, t.paragraph_count) for t in page.themes]}
        )

    def theme_detail(self, page):
        shown = paginate(page.request, page.paragraphs.with_facets())
        return data_response(
            {
                **exports.theme_data(page.theme, shown.paginator.count),
                **page_data(shown),
                "paragraphs": [exports.paragraph_data(p) for p in shown],
            }
        )

    def instrument_list(self, page):
        return data_response(
            {
                "instruments": [
                    exports.instrument_data(i, i.mention_count)
                    for i in page.instruments
                ]
            }
        )

    def instrument_detail(self, page):
        shown = paginate(page.request, page.mentions.with_facets())
        return data_response(
            {
                **exports.instrument_data(page.instrument, shown.paginator.count),
                **page_data(shown),
                "mentions": [
                    {
                        "verb": m.verb,
                        "paragraph": exports.paragraph_data(m.paragraph),
                    }
                    for m in shown
                ],
            }
        )

    def entity_list(self, page):
        return data_response(
            {
                "entities": [
                    exports.entity_data(e, e.paragraph_count) for e in page.entities
                ]
            }
        )

    def entity_detail(self, page):
        shown = paginate(page.request, page.mentions.with_facets())
        entity = page.entity
        return data_response(
            {
                **exports.entity_data(entity, shown.paginator.count),
                "memberships": [
                    exports.membership_data(m) for m in entity.memberships.all()
                ],
                **page_data(shown),
                "mentions": [
                    {
                        "role": m.role,
                        "words": m.word_list,
                        "paragraph": exports.paragraph_data(m.paragraph),
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
                "document": exports.document_summary(page.document),
                "share_url": page.share_url(paragraphs),
                "paragraphs": [exports.paragraph_data(p) for p in paragraphs],
            }
        )

    def corpus_download(self, page):
        by_document = {}
        for paragraph in page.paragraphs:
            by_document.setdefault(paragraph.document_id, []).append(paragraph)
        return data_response(
            {
                "documents": [
                    exports.document_data(d, by_document.get(d.pk, []))
                    for d in page.documents
                ]
            }
        )
