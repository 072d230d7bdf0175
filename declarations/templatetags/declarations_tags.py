"""Template helpers for the reading pages."""

import json
import re
from html import unescape

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import mark_safe

from declarations import exports, subjects

register = template.Library()


@register.filter
def absolute(path):
    """Return a site path as an absolute URL on the configured public origin."""
    return exports.absolute(path)


@register.simple_tag(takes_context=True)
def highlight(context, text):
    """Return the text escaped, with every term of the page's search (the
    context's `terms`) wrapped in <mark>.

    English matches ignore case, as the search does; Chinese has no case.
    """
    terms = context.get("terms")
    if not terms:
        return text
    return mark_safe(marked(text, search_pattern(terms)))


@register.simple_tag(takes_context=True)
def highlight_html(context, html):
    """Return our own derived HTML (linked English) with the page's search
    terms marked in its text, never inside its tags."""
    terms = context.get("terms")
    if not terms:
        return mark_safe(html)
    pattern = search_pattern(terms)
    pieces = TAG.split(html)
    return mark_safe(
        "".join(
            piece if TAG.fullmatch(piece) else marked(unescape(piece), pattern)
            for piece in pieces
        )
    )


TAG = re.compile(r"(<[^>]+>)")


def search_pattern(terms):
    return re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )


def marked(text, pattern):
    """Return text escaped, with the pattern's matches wrapped in <mark>."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# Height a paragraph takes on the narrowest screen (360 px, English above
# Chinese), fitted on the Tianjin declaration: a row of margin and padding,
# then so many pixels per character of each language.
ROW_PX, EN_PX_PER_CHAR, ZH_PX_PER_CHAR, MISSING_ZH_PX = 80, 0.68, 1.6, 30
EXTENT_STEP_PX, EXTENT_STEPS = 100, 12


@register.filter
def reading_extent(paragraph, lang):
    """Return the CSS class that reserves the paragraph's estimated height.

    Off-screen paragraphs are not laid out (content-visibility: auto) until
    they come near; meanwhile they hold this much room, so the scroll bar is
    about right and nothing laid out on demand spills into the next one.
    Erring high is harmless: the browser keeps the real height once seen.
    """
    height = ROW_PX
    if lang != "zh":
        height += EN_PX_PER_CHAR * len(paragraph.text_en)
    if lang != "en":
        height += (
            ZH_PX_PER_CHAR * len(paragraph.text_zh)
            if paragraph.text_zh
            else MISSING_ZH_PX
        )
    steps = min(EXTENT_STEPS, -(-int(height) // EXTENT_STEP_PX))
    return f"extent-{steps}"


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
