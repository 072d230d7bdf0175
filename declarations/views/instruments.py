"""Instruments: the list, and the paragraphs that mention an instrument."""

from types import SimpleNamespace

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from declarations import formats, fragments, search
from declarations.formats import offers
from declarations.models import Instrument
from declarations.page_cache import reading_page
from declarations.pagination import paginate


@require_safe
@reading_page("format", "sort")
@offers("instrument_list")
def instrument_list(request, output):
    order = request.GET.get("sort", "kind")
    instruments = (
        Instrument.objects.with_mention_counts().with_chinese_titles().in_order(order)
    )
    if output != "html":
        page = SimpleNamespace(instruments=instruments)
        return formats.render(output, "instrument_list", page)
    return render(
        request,
        "declarations/instrument_list.html",
        {"instruments": instruments, "sort": "date" if order == "date" else "kind"},
    )


@require_safe
@reading_page("format", "page")
@offers("instrument_detail")
def instrument_detail(request, slug, output):
    instrument = get_object_or_404(Instrument.objects.all(), slug=slug)
    mentions = instrument.mentions.for_reading()
    if output != "html":
        page = SimpleNamespace(
            request=request, instrument=instrument, mentions=mentions
        )
        return formats.render(output, "instrument_detail", page)
    page = paginate(request, mentions)
    paragraphs = [mention.paragraph for mention in page.object_list]
    fragments.attach(paragraphs, lang="en")
    return render(
        request,
        "declarations/instrument_detail.html",
        {
            "instrument": instrument,
            "page": page,
            "mentions": page.object_list,
            "paragraphs": paragraphs,
            "terms": search.exact(instrument.names),
            "lang": "en",
        },
    )
