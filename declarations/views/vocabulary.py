"""/vocabulary/: every concept the site names with its labels, their
sources and its paragraphs, filterable by kind (?kind=), and the same as
SKOS (?format=ttl, ?format=jsonld: declarations/formats/skos.py)."""

from types import SimpleNamespace

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_safe

from declarations import formats
from declarations.formats import offers
from declarations.page_cache import reading_page
from declarations.vocabulary import Concept


@require_safe
@reading_page("format", "kind")
@offers("vocabulary")
def vocabulary(request, output):
    kind = request.GET.get("kind", "")
    if kind and kind not in Concept.Kind.values:
        return HttpResponseBadRequest(
            f"Unknown kind {kind!r}. Kinds: {', '.join(Concept.Kind.values)}.",
            content_type="text/plain; charset=utf-8",
        )
    concepts = Concept.objects.with_labels()
    if kind:
        concepts = concepts.filter(kind=kind)
    concepts = concepts.with_paragraphs()
    if output != "html":
        page = SimpleNamespace(concepts=concepts)
        return formats.render(output, "vocabulary", page)
    concepts.sort(key=lambda c: (Concept.Kind.values.index(c.kind), c.name.casefold()))
    return render(
        request,
        "declarations/vocabulary.html",
        {
            "concepts": concepts,
            "kind": kind,
            "kinds": Concept.KIND_PLURALS.items(),
        },
    )
