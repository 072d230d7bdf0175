"""Parts of a document page rendered once per corpus version, filled per request.

Some parts of the document page are the same for every request of a
corpus version: the links in its head and the site's header and footer
(the templates' per_version blocks, declarations_tags.per_version), and
its contents (the sections with their paragraph and Chinese counts) but
for the language its links keep, whether the page is filtered, and how
many paragraphs of each section match. They are rendered once per version
into the document's DocumentIndex (declarations.reading_index), which
lives exactly as long as the version, so they follow every change as the
page cache does; into the contents a request puts its own values at marks
from Unicode's private use area, as declarations/fragments.py marks the
pieces of a stored paragraph (the corpus has no such characters). The
Cite panel shows today's date (its citation's access date): it is rendered
once per version and day (of_the_day).

A filtered document page is itself such a part: its template rendered once
per version with a mark in place of each part a request varies (the
template's slots, declarations_tags.slot), its frame, into which each
request puts its own parts (frame, filled). Through the template engine
the rest of the page cost about as much as its slots.
"""

import datetime
import re

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

SLOT, END = "\ue003", "\ue004"
TOC = "declarations/includes/_toc.html"
CITE_PANEL = "declarations/includes/_cite_panel.html"


def mark(name):
    return f"{SLOT}{name}{END}"


MARKS = re.compile(f"{SLOT}([^{END}]*){END}")


# What the in_language tag writes after a URL for a language it is given.
LANGUAGE = f"?lang={mark('lang')}"


def kept(index, name, render):
    """Return the part of the index's version named `name`, rendered by
    render() on first use."""
    html = index.parts.get(name)
    if html is None:
        html = index.parts[name] = render()
    return html


def of_the_day(index, name, render):
    """Return the part of the index's version named `name` as render()
    renders it today: for a part that shows today's date (a citation's
    access date), rendered once per version and day, as the page cache
    keys its pages by day (declarations.page_cache.page_digest)."""
    today = datetime.date.today()
    day, html = index.parts.get(name, (None, None))
    if day != today:
        html = render()
        index.parts[name] = (today, html)
    return html


def contents(index, document, *, filtering, lang):
    """Return the page's contents (templates/declarations/includes/_toc.html
    as the document page renders it): rendered once per version, filled with
    the language shown (as the in_language tag writes it) and, on a filtered
    page, each section's matches (Document.count_matches_by_section)."""
    html = kept(
        index, ("contents", filtering), lambda: rendered_contents(index, filtering)
    )
    html = html.replace(
        LANGUAGE, escape(f"?lang={lang}") if lang and lang != "both" else ""
    )
    if filtering:
        for section in document.sections.all():
            html = html.replace(mark(section.key), str(section.match_count))
    return mark_safe(html)


def rendered_contents(index, filtering):
    document = index.document()
    for section in document.sections.all():
        section.match_count = mark(section.key)
    return render_to_string(
        TOC,
        {
            "document": document,
            "filter": {"is_filtering": filtering},
            "lang": mark("lang"),
        },
    )


def frame(index, name, render):
    """Return the frame of the index's version named `name`, rendered by
    render() on first use: the text before, between and after its marks,
    and the marks' names between them (text, name, text, …, text)."""
    return kept(index, name, lambda: MARKS.split(render()))


def filled(pieces, values):
    """Return a frame (frame()) with each mark replaced by its value in
    `values` (by the mark's name)."""
    out = list(pieces)
    out[1::2] = [values[name] for name in pieces[1::2]]
    return "".join(out)
