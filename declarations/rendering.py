"""Text to safe HTML: the one place curator and source text becomes markup.

Curators write Markdown; readers get HTML that nh3 has cut down to an
explicit allow-list, so no script, style, event handler or foreign URL
scheme ever reaches a public page.
"""

import re

import markdown
import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "sup",
    "sub",
    "abbr",
    "cite",
    "q",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Return sanitised HTML for curator-written Markdown."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def link_instruments(text, targets):
    """Return plain text as HTML with every name of the given instruments
    linked to its page, the note shown on hover and focus.

    targets: (names, url, note) for each instrument the paragraph mentions.
    Longer names win where names overlap ("SCO Charter" inside a title).
    """
    by_name = {}
    for names, url, note in targets:
        for name in names:
            by_name.setdefault(name.casefold(), (url, note))
    if not by_name:
        return ""
    pattern = re.compile(
        "|".join(re.escape(name) for name in sorted(by_name, key=len, reverse=True)),
        re.IGNORECASE,
    )
    pieces, last = [], 0
    for match in pattern.finditer(text):
        url, note = by_name[match.group().casefold()]
        pieces.append(escape(text[last : match.start()]))
        pieces.append(
            f'<a class="xref" href="{escape(url)}" data-note="{escape(note)}">'
            f"{escape(match.group())}</a>"
        )
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)
