"""Curators' Markdown to safe HTML (annotation bodies and their preview).

Curators write Markdown; readers get HTML that nh3 has cut down to an
explicit allow-list, so no script, style, event handler or foreign URL
scheme ever reaches a public page. The source text's own markup, its
instrument links, is built escaped by declarations/instrument_links.py.
"""

import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from markdown import inlinepatterns
from markdown.extensions import Extension

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


# What Python-Markdown renders in bounded time. Its link parsers scan, in
# Python, from every "[" to the matching "]" and from every "](" to the
# matching ")": with escaped or code-spanned closers ("[\\]" * 3333) every
# scan runs to the end of the block, and a 10,000-character preview took
# 16 s. BoundedLinks (below) replaces those scans with anchored regexes of
# bounded length, so each "[" costs at most a fixed number of steps whatever
# follows it. Block markers nested a few hundred deep ("- - - … x",
# ">>>> … x") recurse, so nesting is limited; the length limit bounds the rest.
# tests/test_untrusted_input.py MarkdownCostTests proves the bound with hypothesis.
MAX_MARKDOWN_LENGTH = 10_000
MAX_BLOCK_NESTING = 8
MAX_LINK_TEXT = 500
MAX_LINK_TARGET = 2_000
MAX_LINK_TITLE = 300
BLOCK_MARKERS = re.compile(r"^\s*((?:(?:[-*+]|\d{1,9}[.)])\s+|>\s*)+)")
BLOCK_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")

# A link's text: no bracket inside, at most MAX_LINK_TEXT characters.
LINK_TEXT = re.compile(rf"[^\[\]]{{0,{MAX_LINK_TEXT}}}\]")
# A link's target: "(url)", "(<url>)", either with a quoted title; a URL may
# hold one level of balanced parentheses (Wikipedia's "Foo_(bar)").
LINK_TARGET = re.compile(
    rf"""\(\s*(?:<(?P<angled>[^<>\n]{{0,{MAX_LINK_TARGET}}})>"""
    rf"""|(?P<bare>(?:[^\s()<>]|\([^\s()<>]{{0,{MAX_LINK_TARGET}}}\))"""
    rf"""{{0,{MAX_LINK_TARGET}}}))"""
    rf"""(?:\s+(?P<title>"[^"\n]{{0,{MAX_LINK_TITLE}}}"|'[^'\n]{{0,{MAX_LINK_TITLE}}}'))?"""
    r"""\s*\)"""
)
# The id of a reference link, "[text][id]".
REFERENCE_ID = re.compile(rf"\s?\[([^\[\]]{{0,{MAX_LINK_TEXT}}})\]")


class BoundedScans:
    """Link parsing with Python-Markdown's results for ordinary links, in
    bounded steps: the text and target are matched by anchored, length-bounded
    regexes instead of scanned to the end of the block. A link whose text holds
    brackets, or whose parts are longer than the limits above, stays text."""

    RE_LINK = REFERENCE_ID

    def getText(self, data, index):  # noqa: N802 (Python-Markdown's name)
        match = LINK_TEXT.match(data, index)
        if match is None:
            return "", index, False
        return data[index : match.end() - 1], match.end(), True

    def getLink(self, data, index):  # noqa: N802 (Python-Markdown's name)
        match = LINK_TARGET.match(data, index)
        if match is None:
            return "", None, index, False
        href = match["angled"] if match["angled"] is not None else match["bare"]
        title = match["title"]
        if title is not None:
            title = " ".join(self.unescape(title[1:-1]).split())
        return self.unescape(href).strip(), title, match.end(), True


def bounded(processor_class):
    """Return the Python-Markdown link processor class with bounded scans."""
    return type(
        f"Bounded{processor_class.__name__}", (BoundedScans, processor_class), {}
    )


class BoundedLinks(Extension):
    """Replace every link and image parser of Python-Markdown with one whose
    cost per "[" is bounded (BoundedScans)."""

    # name: (class, pattern, priority) as markdown.inlinepatterns registers them.
    PROCESSORS = {
        "reference": ("ReferenceInlineProcessor", "REFERENCE_RE", 170),
        "link": ("LinkInlineProcessor", "LINK_RE", 160),
        "image_link": ("ImageInlineProcessor", "IMAGE_LINK_RE", 150),
        "image_reference": ("ImageReferenceInlineProcessor", "IMAGE_REFERENCE_RE", 140),
        "short_reference": ("ShortReferenceInlineProcessor", "REFERENCE_RE", 130),
        "short_image_ref": (
            "ShortImageReferenceInlineProcessor",
            "IMAGE_REFERENCE_RE",
            125,
        ),
    }

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        for name, (class_name, pattern, priority) in self.PROCESSORS.items():
            processor_class = bounded(getattr(inlinepatterns, class_name))
            md.inlinePatterns.register(
                processor_class(getattr(inlinepatterns, pattern), md), name, priority
            )


def markdown_problems(text):
    """Return what makes a Markdown text too costly to render, in words
    (an empty list when it may be rendered)."""
    problems = []
    if len(text) > MAX_MARKDOWN_LENGTH:
        problems.append(
            f"The text is {len(text):,} characters long; the limit is "
            f"{MAX_MARKDOWN_LENGTH:,}."
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
    html = markdown.markdown(
        text, extensions=["sane_lists", BoundedLinks()], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
