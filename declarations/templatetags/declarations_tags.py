"""Template helpers for the reading pages."""

import json
import re
from html import unescape

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import mark_safe

from declarations import exports, search, subjects
from declarations.models import Instrument, Paragraph

register = template.Library()


@register.filter
def absolute(path):
    """Return a site path as an absolute URL on the configured public origin."""
    return exports.absolute(path)


@register.simple_tag(takes_context=True)
def highlight(context, text):
    """Return the text escaped, with what the page's search (the context's
    `terms`, search.Term) matches wrapped in <mark>, by the rule the search
    follows: whole English words in any form, Chinese as substrings."""
    terms = context.get("terms")
    if not terms:
        return text
    return mark_safe(marked(text, terms))


@register.simple_tag(takes_context=True)
def highlight_html(context, html):
    """Return our own derived HTML (linked English) with the page's search
    terms marked in its text, never inside its tags."""
    terms = context.get("terms")
    if not terms:
        return mark_safe(html)
    pieces = TAG.split(html)
    return mark_safe(
        "".join(
            piece if TAG.fullmatch(piece) else marked(unescape(piece), terms)
            for piece in pieces
        )
    )


TAG = re.compile(r"(<[^>]+>)")


@register.inclusion_tag("declarations/includes/_instrument_notes.html")
def instrument_notes(paragraphs):
    """Print once the note of each instrument the shown paragraphs mention.

    Every link to an instrument points its aria-describedby at "note-<slug>"
    (declarations.rendering.link_instruments), and reader.js shows that text
    on hover and focus: one copy per page, however often the text names it.
    """
    if isinstance(paragraphs, Paragraph):
        paragraphs = [paragraphs]
    return {"instruments": Instrument.objects.noted_in(paragraphs)}


@register.simple_tag
def quote_marked(html, text, quoted):
    """Return a paragraph's text (our derived HTML where there is one, else
    the plain text escaped) with the quoted range marked: the first <mark>
    has id="quote", and a passage that crosses a link is marked on each
    side of its tags, so the markup stays well nested."""
    _, start, end = quoted
    pieces = TAG.split(html) if html else [escape(text)]
    out, offset, first = [], 0, True
    for piece in pieces:
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
    return mark_safe("".join(out))


def search_pattern(terms):
    return re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )


def marked(text, terms):
    """Return text escaped, with the spans the terms match wrapped in <mark>."""
    pieces, last = [], 0
    for start, end in search.spans(text, terms):
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value):
    """Return a value as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(
        json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
            JSON_SCRIPT_ESCAPES
        )
    )


@register.simple_tag(takes_context=True)
def in_language(context, url):
    """Return a reading page's URL showing the page's language (the context's
    `lang`); the default, both languages, needs no parameter."""
    lang = context.get("lang")
    return f"{url}?lang={lang}" if lang and lang != "both" else url


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


TIMELINE_WIDTH = 900
TIMELINE_MARGIN = 60
TIMELINE_ROW = 18
TIMELINE_LABEL_GAP = 40


@register.simple_tag
def timeline_points(instruments):
    """Return where each dated instrument sits on the overview's timeline:
    x by year, stacked upward where years repeat."""
    if not instruments:
        return {"points": [], "height": 0, "ticks": []}
    first, last = instruments[0].year, instruments[-1].year
    span = max(last - first, 1)
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN

    def x(year):
        return TIMELINE_MARGIN + round((year - first) * usable / span)

    stacks, points = {}, []
    for instrument in instruments:
        level = stacks.get(instrument.year, 0)
        stacks[instrument.year] = level + 1
        points.append(
            {"instrument": instrument, "x": x(instrument.year), "level": level}
        )
    height = (max(stacks.values()) + 2) * TIMELINE_ROW + 30
    for point in points:
        point["y"] = height - 40 - point["level"] * TIMELINE_ROW
    # Label each year that has instruments, leaving out those that would
    # overlap the last label drawn (the list under the chart names them all).
    ticks, last_x = [], None
    for year in sorted(stacks, reverse=True):
        if last_x is None or last_x - x(year) >= TIMELINE_LABEL_GAP:
            ticks.append({"year": year, "x": x(year)})
            last_x = x(year)
    return {
        "points": points,
        "height": height,
        "width": TIMELINE_WIDTH,
        "ticks": ticks[::-1],
        "axis": height - 28,
    }


HEATMAP_LABEL_WIDTH = 360
HEATMAP_CELL = (64, 26)


@register.simple_tag
def heatmap(document, overview):
    """Return the overview's theme × section grid laid out for SVG: each
    cell's position, count, shade and the filtered view it links to."""
    width, height = HEATMAP_CELL
    base = document.get_absolute_url()
    largest = overview.largest_cell or 1
    columns = [
        {"x": HEATMAP_LABEL_WIDTH + i * width + width // 2, "section": section}
        for i, section in enumerate(overview.sections)
    ]
    rows = []
    for index, (theme, counts) in enumerate(overview.rows):
        y = 40 + index * height
        cells = [
            {
                "x": HEATMAP_LABEL_WIDTH + i * width,
                "y": y,
                "count": count,
                "shade": round(0.08 + 0.92 * count / largest, 2) if count else 0,
                # The same shade in tenths, for the table phones show
                # (a CSS class: the policy allows no inline style).
                "level": round(10 * (0.08 + 0.92 * count / largest)) if count else 0,
                "light_text": count * 2 > largest,
                "url": f"{base}?theme={theme.slug}&section={section.key}",
                "section": section,
            }
            for i, (section, count) in enumerate(counts)
        ]
        rows.append({"theme": theme, "y": y, "cells": cells})
    return {
        "width": HEATMAP_LABEL_WIDTH + len(columns) * width + 10,
        "height": 40 + len(rows) * height + 10,
        "cell_width": width - 4,
        "cell_height": height - 4,
        "columns": columns,
        "rows": rows,
    }


@register.inclusion_tag("declarations/includes/_subject.html", takes_context=True)
def subject_line(context, paragraph):
    """Show who a paragraph speaks for when it is not the member states as a
    whole: the named states, counted against the member states at the
    document's date, and the absent ones. Pages listing a whole document or
    section pass every tally in `tallies` (a fixed number of queries);
    elsewhere the tag runs its own, only for a paragraph with named states."""
    subject = paragraph.recorded_subject
    result = None
    if subject is not None and subject.names_its_states:
        result = (context.get("tallies") or {}).get(paragraph.pk) or subjects.tally(
            subject
        )
    return {"paragraph": paragraph, "subject": subject, "tally": result}


MATRIX_LABEL_WIDTH = 110
MATRIX_CELL = (64, 26)
MATRIX_STYLE = {
    subjects.SUPPORTING: ("#1d4e89", "#ffffff", "supports"),
    subjects.ABSENT: ("#fde2e1", "#1b1f24", "absent"),
    subjects.NOT_APPLICABLE: ("#f6f8fa", "#57606a", "n/a"),
}


@register.simple_tag
def subject_grid(matrix):
    """Return the member state × paragraph matrix laid out for SVG, narrow
    enough for a 390 px screen with four paragraphs."""
    width, height = MATRIX_CELL
    columns = [
        {
            "x": MATRIX_LABEL_WIDTH + i * width + width // 2,
            "paragraph": tally.subject.paragraph,
        }
        for i, tally in enumerate(matrix.tallies)
    ]
    rows = []
    for index, (state, cells) in enumerate(matrix.rows):
        y = 34 + index * height
        rows.append(
            {
                "state": state,
                "y": y,
                "cells": [
                    {
                        "x": MATRIX_LABEL_WIDTH + i * width,
                        "value": value,
                        "fill": MATRIX_STYLE[value][0],
                        "ink": MATRIX_STYLE[value][1],
                        "word": MATRIX_STYLE[value][2],
                        "description": subjects.CELL_VALUES[value],
                        "paragraph": tally.subject.paragraph,
                    }
                    for i, (tally, value) in enumerate(cells)
                ],
            }
        )
    return {
        "width": MATRIX_LABEL_WIDTH + len(columns) * width + 6,
        "height": 34 + len(rows) * height + 6,
        "cell_width": width - 4,
        "cell_height": height - 4,
        "columns": columns,
        "rows": rows,
    }
