"""The reading list: the reader's own, drawn by reading-list.js from the
browser's storage, and a shared one (?p=), rendered here for anyone.

A shared reading list names paragraphs by their ids on reading pages
("ii-14", "preamble-1"): ?p=ii-14,iv-4, of the newest real document unless
?d=<document> names another. The list the page offers to share always
carries d=, so it keeps pointing at the same text once a newer declaration
is loaded. One document per list: pins from several documents make one
URL each.
"""

import re
from functools import cached_property

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from declarations import formats, fragments, public_urls
from declarations.formats import offers
from declarations.models import Document, Paragraph
from declarations.page_cache import reading_page

SHARED_LIST_LIMIT = 200
ANCHOR = re.compile(r"[a-z]+-[1-9][0-9]{0,3}")


def shared_anchors(request):
    """Return the paragraph ids of ?p= (comma-separated, repeatable), once each."""
    anchors = (
        anchor.strip().lower()
        for value in request.GET.getlist("p")
        for anchor in value.split(",")
    )
    return list(dict.fromkeys(anchor for anchor in anchors if anchor))


def shared_document(request):
    slug = request.GET.get("d")
    if slug:
        return get_object_or_404(Document.objects.all(), slug=slug)
    document = Document.objects.real().first()
    if document is None:
        raise Http404("No declaration is loaded yet.")
    return document


class SharedList:
    """The list ?p= names (`anchors`; empty for the reader's own list), of
    the document ?d= names."""

    def __init__(self, request):
        self.request = request
        self.anchors = shared_anchors(request)

    @cached_property
    def document(self):
        return shared_document(self.request)

    def paragraphs(self, facets=False):
        """Return the named paragraphs the document has (with their facets,
        for data); more than SHARED_LIST_LIMIT names are a BadRequest."""
        anchors = self.anchors
        if len(anchors) > SHARED_LIST_LIMIT:
            raise BadRequest(
                f"A shared reading list holds at most {SHARED_LIST_LIMIT} "
                f"paragraphs; this one names {len(anchors)}."
            )
        paragraphs = (
            Paragraph.objects.filter(document=self.document)
            .at_anchors([a for a in anchors if ANCHOR.fullmatch(a)])
            .for_reading()
        )
        return list(paragraphs.with_facets() if facets else paragraphs)

    def unknown(self, paragraphs):
        """Return the names of the list that none of `paragraphs` bears."""
        found = {paragraph.anchor for paragraph in paragraphs}
        return [anchor for anchor in self.anchors if anchor not in found]

    def unknown_message(self, unknown):
        return (
            f"{self.document.short_title_en} has no paragraph "
            f"{', '.join(unknown)}. Paragraphs are named as on reading pages, "
            "e.g. ii-14 or preamble-1."
        )

    def found(self, facets=False):
        """Return the named paragraphs; a name the document lacks is a
        BadRequest that says which."""
        paragraphs = self.paragraphs(facets)
        unknown = self.unknown(paragraphs)
        if unknown:
            raise BadRequest(self.unknown_message(unknown))
        return paragraphs

    def share_url(self, paragraphs):
        return public_urls.absolute(
            f"{reverse('declarations:reading-list')}?d={self.document.slug}"
            f"&p={','.join(paragraph.anchor for paragraph in paragraphs)}"
        )


@require_safe
@reading_page("p", "d", "format", "bom")
@offers("reading_list")
def reading_list(request, output):
    shared = SharedList(request)
    if output != "html":
        return formats.render(output, "reading_list", shared)
    if not shared.anchors:
        return render(request, "declarations/reading_list.html")
    paragraphs = shared.found()
    fragments.attach(paragraphs, lang="both")
    context = {
        "document": shared.document,
        "paragraphs": paragraphs,
        "share_url": shared.share_url(paragraphs),
        "lang": "both",
    }
    return render(request, "declarations/reading_list.html", context)
