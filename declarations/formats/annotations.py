"""?format=annotations: the published annotations of a document or a
paragraph as a W3C Web Annotation AnnotationPage (JSON-LD, built by
declarations/web_annotations.py)."""

from django.http import JsonResponse

from declarations import web_annotations
from declarations.models import Annotation


def annotations_response(annotations, page_url):
    """Answer ?format=annotations: the published annotations as a W3C Web
    Annotation AnnotationPage (JSON-LD)."""
    page = web_annotations.annotation_page(annotations, page_url)
    return JsonResponse(
        page,
        content_type=web_annotations.CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


class WebAnnotations:
    def document_detail(self, page):
        return annotations_response(
            Annotation.objects.published()
            .filter(paragraph__document=page.document)
            .for_export(),
            page.document.get_absolute_url() + "?format=annotations",
        )

    def paragraph_detail(self, page):
        return annotations_response(
            page.paragraph.annotations.published().for_export(),
            page.paragraph.get_absolute_url() + "?format=annotations",
        )
