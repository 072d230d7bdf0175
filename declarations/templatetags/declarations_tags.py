"""Template helpers for the reading pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def highlight(context, text):
    """Return the text escaped, with every term of the page's search (the
    context's `terms`) wrapped in <mark>.

    English matches ignore case, as the search does; Chinese has no case.
    """
    terms = context.get("terms")
    if not terms:
        return text
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with some parameters set or removed
    (a value of None removes one), for links that keep the reader's state."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
