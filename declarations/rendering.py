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


# What a curator may make the text link (Instrument.clean() and the
# curation-file reader refuse the rest, naming the limit). Names match whole
# words only, so a short name can't link inside longer words; still, a name
# of one to three letters ("a", "UN") would link all over the corpus. The
# shortest real alias is "UN Charter" (10): 4 leaves room for acronyms such as
# "SDGs" without letting "a" or "the" through.
MIN_NAME_LENGTH = 4
MAX_ALIASES = 20
MAX_ALIAS_LENGTH = 200
# The note (kind, title, place, date and this) is shown in a tooltip.
MAX_DESCRIPTION_LENGTH = 600

# The storage budget: the linked English of all paragraphs (text_en_html)
# may hold at most 4 characters per character of their English text, plus
# 100,000 characters so that a small corpus can still link. Each link adds
# about 130 characters of markup, so the real corpus (42,000 characters of
# English, about 50,000 linked) is far below it, while aliases that link
# common words in thousands of places are refused (Instrument.clean()).
HTML_BUDGET_PER_CHARACTER = 4
HTML_BUDGET_HEADROOM = 100_000


def stored_html_budget(english_characters):
    """Return how many characters of linked English the corpus may store."""
    return HTML_BUDGET_PER_CHARACTER * english_characters + HTML_BUDGET_HEADROOM


def alias_problems(aliases):
    """Return what makes an instrument's aliases unfit to link, in words
    (an empty list when every alias may be linked)."""
    problems = []
    if len(aliases) > MAX_ALIASES:
        problems.append(f"{len(aliases)} aliases; at most {MAX_ALIASES}.")
    for name in aliases:
        if len(name) < MIN_NAME_LENGTH:
            problems.append(
                f"'{name}' is shorter than {MIN_NAME_LENGTH} characters: it "
                "would link in too many places."
            )
        elif len(name) > MAX_ALIAS_LENGTH:
            problems.append(
                f"An alias is {len(name):,} characters long; at most "
                f"{MAX_ALIAS_LENGTH}."
            )
    return problems


def names_pattern(names):
    """Return a regex finding any of the names as whole words, ignoring case.

    Longer names come first so that they win where names overlap ("SCO
    Charter" over "Charter"); a match may not start or end inside a word.
    """
    alternatives = "|".join(
        re.escape(name) for name in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def instrument_spans(text, targets):
    """Yield (start, end, value) for every name of the given instruments in
    the text, as whole words, by the rule link_instruments follows.
    targets: (names, value) for each instrument."""
    by_name = {}
    for names, value in targets:
        for name in names:
            by_name.setdefault(name.casefold(), value)
    if not by_name:
        return
    for match in names_pattern(by_name).finditer(text):
        yield match.start(), match.end(), by_name[match.group().casefold()]


def link_instruments(text, targets):
    """Return plain text as HTML with every name of the given instruments
    linked to its page.

    targets: (names, url, slug) for each instrument the paragraph mentions.
    A link names its instrument (data-instrument) and points its description
    at the note that the page prints once per instrument ("note-<slug>",
    templates/declarations/includes/_instrument_notes.html): a note copied
    into every link made one curator's long note multiply the stored corpus.
    """
    by_name = {}
    for names, url, slug in targets:
        for name in names:
            by_name.setdefault(name.casefold(), (url, slug))
    if not by_name:
        return ""
    pieces, last = [], 0
    for match in names_pattern(by_name).finditer(text):
        url, slug = by_name[match.group().casefold()]
        pieces.append(escape(text[last : match.start()]))
        pieces.append(
            f'<a class="xref" href="{escape(url)}" data-instrument="{escape(slug)}" '
            f'aria-describedby="note-{escape(slug)}">{escape(match.group())}</a>'
        )
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)
