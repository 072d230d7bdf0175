"""Entities (states, organizations, SCO bodies, places): the list, and the
paragraphs that name an entity."""

from types import SimpleNamespace

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from declarations import endorsements, formats, fragments
from declarations.formats import offers
from declarations.models import Entity
from declarations.page_cache import reading_page
from declarations.pagination import paginate


@require_safe
@reading_page("format")
@offers("entity_list")
def entity_list(request, output):
    entities = Entity.objects.with_paragraph_counts().in_kind_order()
    if output != "html":
        return formats.render(output, "entity_list", SimpleNamespace(entities=entities))
    return render(request, "declarations/entity_list.html", {"entities": entities})


@require_safe
@reading_page("format", "page")
@offers("entity_detail")
def entity_detail(request, slug, output):
    entity = get_object_or_404(
        Entity.objects.prefetch_related("memberships"), slug=slug
    )
    mentions = entity.mentions.for_reading()
    if output != "html":
        page = SimpleNamespace(request=request, entity=entity, mentions=mentions)
        return formats.render(output, "entity_detail", page)
    page = paginate(request, mentions)
    fragments.attach([mention.paragraph for mention in page.object_list], lang="en")
    return render(
        request,
        "declarations/entity_detail.html",
        {
            "entity": entity,
            "page": page,
            "mentions": page.object_list,
            "absences": endorsements.absences(entity),
            "lang": "en",
        },
    )
