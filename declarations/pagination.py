"""The pages of a long list (a theme's paragraphs, an instrument's or an
entity's mentions), for the HTML page and its JSON alike."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PAGE_SIZE = 100


def paginate(request, queryset):
    """Return the requested page of a long list; a bad page number gives a 404."""
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from None
