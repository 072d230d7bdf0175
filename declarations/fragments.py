"""Each paragraph's reading HTML, rendered once and stored.

A reading page is mostly its paragraphs, and a paragraph's HTML is the same
on every page that shows it in the same language: rendering it through the
template each time was most of a cold page's cost. So the HTML of
templates/declarations/includes/_paragraph.html is stored per paragraph,
language and variant, in the "fragments" cache, keyed by the paragraph's
reading_version. The writer of derived data (declarations/derived.py)
gives a paragraph a new version whenever anything its HTML shows changes, so a
stored fragment is never stale and an edit renders again only the
paragraphs it touched. The release is in the key too: a deploy that changes
the template renders everything again.

What differs between requests is marked in the stored HTML with characters
from Unicode's private use area, which the corpus never contains, and
finished per request without the template (finish()):
- the paragraph's text, between TEXT and END, with its language (a tag
  of the registry) between two TEXT marks before it: the page's search
  terms are marked in it, or a quoted passage;
- the staff's "Edit" link, between STAFF and END: kept for staff only.
"""

import re
from html import unescape

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.html import escape

from declarations import languages, scripts, search
from declarations.models import Paragraph
from declarations.release import release

TEXT, STAFF, END = "\ue000", "\ue001", "\ue002"
MARKS = {"staff": STAFF, "end": END}
# The language stands between two TEXT marks, so that any registered tag
# reads as one, whatever the text after it begins with.
TEXT_PIECE = re.compile(f"{TEXT}([^{TEXT}]*){TEXT}([^{END}]*){END}")
STAFF_PIECE = re.compile(f"{STAFF}([^{END}]*){END}")
TAG = re.compile(r"(<[^>]+>)")
# A mark typed into a text by mistake must not end its piece early.
NO_MARKS = {ord(TEXT): None, ord(STAFF): None, ord(END): None}
TEMPLATE = "declarations/includes/_paragraph.html"


def store():
    return caches["fragments"]


def key(paragraph, lang, theme_links, script=scripts.SIMPLIFIED):
    links = "themes" if theme_links else "plain"
    # The language alone names the page but for the script beside the English.
    shown = lang if script == scripts.shown(lang) else f"{lang}+{script}"
    return f"{release()}:{paragraph.pk}:{paragraph.reading_version}:{shown}:{links}"


def attach(
    paragraphs, *, lang, script=None, theme_links=False, tallies=None, others=None
):
    """Give each paragraph its stored reading HTML (`fragment`), rendering
    and storing the missing ones in one pass. script: the Chinese shown
    beside the English (declarations.scripts). tallies: a function
    returning the subject tallies by paragraph, called only if something is
    rendered (see the subject_line tag). others: a function returning the
    rest of the page's paragraphs (light rows, as the shown ones), whose
    missing fragments in the same variant are rendered in that pass too."""
    script = scripts.shown(lang, script)
    keyed = {
        key(paragraph, lang, theme_links, script): paragraph for paragraph in paragraphs
    }
    found = store().get_many(keyed)
    missing = {k: paragraph for k, paragraph in keyed.items() if k not in found}
    if missing and others is not None:
        # A search shows a few paragraphs, and the next search others: each
        # pass costs its queries and the subject tallies whatever it
        # renders, so the first pass renders the whole variant's missing.
        rest = {key(p, lang, theme_links, script): p for p in others()}
        rest = {k: p for k, p in rest.items() if k not in keyed}
        stored = store().get_many(rest)
        missing.update({k: p for k, p in rest.items() if k not in stored})
    if missing:
        loaded = loaded_for_reading(missing.values())
        if theme_links:
            prefetch_related_objects(list(loaded.values()), "themes")
        context = {
            "lang": lang,
            "script": script,
            "theme_links": theme_links,
            "tallies": tallies() if tallies else None,
            "marks": MARKS,
        }
        rendered = {
            k: render_to_string(TEMPLATE, {**context, "paragraph": loaded[p.pk]})
            for k, p in missing.items()
        }
        store().set_many(rendered)
        found.update(rendered)
    for k, paragraph in keyed.items():
        paragraph.fragment = found[k]


def loaded_for_reading(paragraphs):
    """Return {pk: paragraph} with what a fragment shows loaded: pages pass
    light rows (ParagraphQuerySet.for_fragments), loaded here only for the
    paragraphs to render, or rows of for_reading(), used as they are."""
    ready = [p for p in paragraphs if hasattr(p, "published_annotation_count")]
    light = [p.pk for p in paragraphs if not hasattr(p, "published_annotation_count")]
    ready += Paragraph.objects.filter(pk__in=light).for_reading() if light else []
    return {paragraph.pk: paragraph for paragraph in ready}


def text_piece(paragraph, lang):
    """Return the paragraph's text as a fragment stores it: our linked
    English where there is one, else the text escaped, between marks."""
    if lang == "en":
        html = paragraph.text_en_html or escape(paragraph.text_en)
    else:
        html = escape(paragraph.text_row(lang).text)
    return f"{TEXT}{lang}{TEXT}{html.translate(NO_MARKS)}{END}"


def finish(fragment, *, terms=None, quoted=None, staff=False):
    """Return a stored fragment as this request shows it: search terms or
    the quoted passage marked in the text, the Edit link for staff only."""

    def text(match):
        lang, html = match.groups()
        if quoted and quoted[0] == lang:
            return quote_marked(html, quoted)
        return highlighted(html, terms, languages.get(lang)) if terms else html

    # With nothing to mark, the text as stored: a template, not a callback,
    # for the pages that show every paragraph unmarked.
    fragment = TEXT_PIECE.sub(text if terms or quoted else r"\2", fragment)
    return STAFF_PIECE.sub(r"\1" if staff else "", fragment)


def highlighted(html, terms, language):
    """Return HTML with what the search terms match (search.spans, the rule
    the search follows in the text's language) wrapped in <mark>, in its
    text, never in its tags."""
    return "".join(
        piece if TAG.fullmatch(piece) else marked(unescape(piece), terms, language)
        for piece in TAG.split(html)
    )


def marked(text, terms, language):
    """Return text escaped, with the spans the terms match wrapped in <mark>."""
    pieces, last = [], 0
    for start, end in search.spans(text, terms, language):
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def quote_marked(html, quoted):
    """Return a paragraph's text HTML with the quoted range (offsets in its
    plain text) marked: the first <mark> has id="quote", and a passage that
    crosses a link is marked on each side of its tags, so the markup stays
    well nested."""
    _, start, end = quoted
    out, offset, first = [], 0, True
    for piece in TAG.split(html):
        if TAG.fullmatch(piece):
            out.append(piece)
            continue
        plain = unescape(piece)
        lo, hi = max(start - offset, 0), min(end - offset, len(plain))
        if lo < hi:
            mark = '<mark id="quote">' if first else "<mark>"
            first = False
            out.append(
                escape(plain[:lo])
                + mark
                + escape(plain[lo:hi])
                + "</mark>"
                + escape(plain[hi:])
            )
        else:
            out.append(escape(plain))
        offset += len(plain)
    return "".join(out)
