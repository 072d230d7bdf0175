"""Text to safe HTML: the one place curator and source text becomes markup.

Curators write Markdown; readers get HTML that nh3 has cut down to an
explicit allow-list, so no script, style, event handler or foreign URL
scheme ever reaches a public page.
"""

import re

import markdown
import nh3
from django.core.exceptions import ValidationError
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


# What Python-Markdown renders in bounded time. An unclosed "[" or "(" makes
# its link parser scan the rest of the block, so a few thousand of them took
# a worker 30 s; block markers nested a few hundred deep ("- - - … x") end in
# a RecursionError. Inputs past these limits are refused with a message
# (tests/test_probe.py measures the worst accepted ones in executed lines).
MAX_MARKDOWN_LENGTH = 10_000
MAX_UNCLOSED_BRACKETS = 10
MAX_BRACKET_DEPTH = 8
MAX_BLOCK_NESTING = 8
BLOCK_MARKERS = re.compile(r"^\s*((?:(?:[-*+>]|\d{1,9}[.)])\s+)+)")
BLOCK_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")


def markdown_problems(text):
    """Return what makes a Markdown text too costly to render, in words
    (an empty list when it may be rendered)."""
    problems = []
    if len(text) > MAX_MARKDOWN_LENGTH:
        problems.append(
            f"The text is {len(text):,} characters long; the limit is "
            f"{MAX_MARKDOWN_LENGTH:,}."
        )
    unclosed, deepest = 0, 0
    for opening, closing in ("[]", "()"):
        depth = 0
        for character in text:
            if character == opening:
                depth += 1
                deepest = max(deepest, depth)
            elif character == closing and depth:
                depth -= 1
        unclosed += depth
    if unclosed > MAX_UNCLOSED_BRACKETS:
        problems.append(
            f"{unclosed} brackets or parentheses are never closed; at most "
            f"{MAX_UNCLOSED_BRACKETS} may be."
        )
    if deepest > MAX_BRACKET_DEPTH:
        problems.append(
            f"Brackets are nested {deepest} deep; at most {MAX_BRACKET_DEPTH}."
        )
    for number, line in enumerate(text.splitlines(), start=1):
        markers = BLOCK_MARKERS.match(line)
        if markers and len(BLOCK_MARKER.findall(markers.group(1))) > MAX_BLOCK_NESTING:
            problems.append(
                f"Line {number} nests lists or quotes more than "
                f"{MAX_BLOCK_NESTING} deep."
            )
            break
    return problems


def validate_markdown(text):
    """Raise a ValidationError naming what makes the text too costly to render."""
    if problems := markdown_problems(text):
        raise ValidationError(" ".join(problems), code="markdown-too-costly")


def render_markdown(text):
    """Return sanitised HTML for curator-written Markdown (refusing, with a
    ValidationError, a text that markdown_problems() finds too costly)."""
    validate_markdown(text)
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def instrument_spans(text, targets):
    """Yield (start, end, value) for every name of the given instruments in
    the text. targets: (names, value) for each instrument; longer names win
    where names overlap ("SCO Charter" inside a title)."""
    by_name = {}
    for names, value in targets:
        for name in names:
            by_name.setdefault(name.casefold(), value)
    if not by_name:
        return
    pattern = re.compile(
        "|".join(re.escape(name) for name in sorted(by_name, key=len, reverse=True)),
        re.IGNORECASE,
    )
    for match in pattern.finditer(text):
        yield match.start(), match.end(), by_name[match.group().casefold()]


def link_instruments(text, targets):
    """Return plain text as HTML with every name of the given instruments
    linked to its page, the note shown on hover and focus.

    targets: (names, url, note) for each instrument the paragraph mentions.
    """
    spans = list(
        instrument_spans(text, [(names, (url, note)) for names, url, note in targets])
    )
    if not targets:
        return ""
    pieces, last = [], 0
    for start, end, (url, note) in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(
            f'<a class="xref" href="{escape(url)}" data-note="{escape(note)}">'
            f"{escape(text[start:end])}</a>"
        )
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)
