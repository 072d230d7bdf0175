"""/vocabulary/: every concept the site names with its labels, their
sources and its paragraphs, filterable by kind (?kind=), and the same as
SKOS (?format=ttl, ?format=jsonld: declarations/skos.py)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_safe

from declarations import skos
from declarations.caching import reading_page
from declarations.views import offers
from declarations.vocabulary import Concept

SKOS_FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}


@require_safe
@reading_page("format", "kind")
@offers(*SKOS_FORMATS)
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
    if output in SKOS_FORMATS:
        rdf_format, content_type = SKOS_FORMATS[output]
        return HttpResponse(
            skos.graph(concepts).serialize(format=rdf_format),
            content_type=content_type,
        )
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
