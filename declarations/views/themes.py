"""Themes: the list, and a theme's paragraphs."""

from types import SimpleNamespace

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from declarations import formats, fragments
from declarations.formats import offers
from declarations.models import Paragraph, Theme
from declarations.page_cache import reading_page
from declarations.pagination import paginate


@require_safe
@reading_page("format")
@offers("theme_list")
def theme_list(request, output):
    themes = Theme.objects.with_paragraph_counts()
    if output != "html":
        return formats.render(output, "theme_list", SimpleNamespace(themes=themes))
    return render(request, "declarations/theme_list.html", {"themes": themes})


@require_safe
@reading_page("format", "page")
@offers("theme_detail")
def theme_detail(request, slug, output):
    theme = get_object_or_404(Theme.objects.all(), slug=slug)
    paragraphs = Paragraph.objects.for_theme(theme).for_reading()
    if output != "html":
        page = SimpleNamespace(request=request, theme=theme, paragraphs=paragraphs)
        return formats.render(output, "theme_detail", page)
    page = paginate(request, paragraphs)
    shown = list(page.object_list)
    fragments.attach(shown, lang="both")
    return render(
        request,
        "declarations/theme_detail.html",
        {"theme": theme, "page": page, "paragraphs": shown, "lang": "both"},
    )
