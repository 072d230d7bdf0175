"""Template helpers for the reading pages."""

import functools
import itertools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from declarations import (
    download_links,
    endorsements,
    filter_form,
    fragments,
    instrument_links,
    language_switch,
    languages,
    page_parts,
    public_urls,
    querystrings,
    results_summary,
    scripts,
)
from declarations.models import Instrument, Paragraph

register = template.Library()


def slot(name):
    """Make a tag a slot of a page's frame (declarations.page_parts.frame):
    rendered with `slots` in its context, the tag writes its mark in place
    of its output, and each request fills the mark with what the tag
    returns for it."""

    def decorator(function):
        @functools.wraps(function)
        def tag(context, *args):
            if context.get("slots"):
                return mark_safe(page_parts.mark(name))
            return function(context, *args)

        return tag

    return decorator


@register.filter
def absolute(path):
    """Return a site path as an absolute URL on the configured public origin."""
    return public_urls.absolute(path)


@register.simple_tag(takes_context=True)
def reading_html(context, paragraph):
    """Return a paragraph's reading HTML as this page shows it: stored once
    (declarations.fragments; views attach a page's paragraphs in one pass),
    finished with the page's search terms or quoted passage, and the Edit
    link for staff."""
    if not hasattr(paragraph, "fragment"):
        fragments.attach(
            [paragraph],
            lang=context.get("lang"),
            script=context.get("script"),
            theme_links=context.get("theme_links", False),
        )
    request = context.get("request")
    return mark_safe(
        fragments.finish(
            paragraph.fragment,
            terms=context.get("terms"),
            quoted=context.get("quoted"),
            staff=request is not None and request.user.is_staff,
        )
    )


@register.simple_tag(takes_context=True)
@slot("reading_sections")
def reading_sections(context, paragraphs):
    """Return the page's paragraphs in their sections, as the loop
    {% regroup paragraphs by section as groups %}{% for group in groups %}
    <section …><h2 …><a href="{% in_language … %}">…</a></h2>{% for paragraph
    in group.list %}{% reading_html paragraph %}{% endfor %}</section>{% endfor
    %} wrote them (with its line breaks and indents), without the template
    engine's lookups for each section and paragraph."""
    out = ["\n    "]
    for section, group in itertools.groupby(paragraphs, lambda p: p.section):
        key = conditional_escape(section.key)
        href = conditional_escape(in_language(context, section.get_absolute_url()))
        out.append(
            f'\n    <section class="section" id="section-{key}" '
            f'data-section="{key}" aria-labelledby="heading-{key}">\n'
            f'      <h2 id="heading-{key}"><a href="{href}">'
            f"{conditional_escape(section.title)}</a></h2>\n      "
        )
        for paragraph in group:
            out.append(f"\n      {reading_html(context, paragraph)}\n      ")
        out.append("\n    </section>\n    ")
    return mark_safe("".join(out))


@register.filter
def shown_text(paragraph, tag):
    """Return the paragraph's text (a ParagraphText) in a language or script
    (a ?lang= value: 'zh' for the simplified Chinese, 'zh-Hant', 'ru'…; a
    fragment's second column, declarations.scripts.second_column); None when it
    has none shown."""
    return paragraph.chinese_shown(tag)


@register.filter
def outlet(source, text):
    """Return the name of the outlet at one of a text's sources
    (ParagraphText.outlet)."""
    return text.outlet(source)


@register.filter
def chinese_in_script(paragraph, script):
    """Return the Chinese text a page in a script shows (a ParagraphText:
    Paragraph.chinese_in_script)."""
    return paragraph.chinese_in_script(script)


@register.simple_tag
def second_column(lang, script):
    """The ?lang= value of the text a page shows beside or instead of the
    English (declarations.scripts.second_column)."""
    return scripts.second_column(lang, script or scripts.SIMPLIFIED)


@register.filter
def title_in(document, lang):
    """Return the document's title in a language or script (Document.title_in)."""
    return document.title_in(lang)


@register.filter
def title_provenance(document, lang):
    """Return where the document's title in a language comes from
    (Document.title_provenance_in)."""
    return document.title_provenance_in(lang)


@register.filter
def chinese_title(document, lang):
    """Return (tag, title) of the document's Chinese title in the script of
    a ?lang= value (Document.chinese_title)."""
    return document.chinese_title(lang)


@register.filter
def registered_language(lang):
    """Return the registered language a ?lang= value names (None for both)."""
    return None if lang == languages.BOTH else languages.get(lang)


@register.simple_tag
def missing_words(language):
    """Return what a reading page says of a paragraph with no text in a
    registered language, its words in that language marked with its tag
    (RegisteredLanguage.missing_parts)."""
    own, rest = language.missing_parts()
    if not own:
        return rest
    return format_html('<span lang="{}">{}</span>{}', language.tag, own, rest)


@register.simple_tag
def reading_text(paragraph, lang):
    """Return the paragraph's text in a fragment being stored, marked for
    declarations.fragments.finish."""
    return mark_safe(fragments.text_piece(paragraph, lang))


@register.simple_tag(takes_context=True)
@slot("instrument_notes")
def instrument_notes(context, paragraphs):
    """Print once the note of each instrument the shown paragraphs mention.

    Every link to an instrument points its aria-describedby at "note-<slug>"
    (declarations.instrument_links.link_instruments), and reader.js shows that text
    on hover and focus: one copy per page, however often the text names it.
    A page that holds them already (a DocumentIndex's Notes) passes them in
    `noted_instruments`; otherwise they are queried.
    """
    noted = context.get("noted_instruments")
    if noted is None:
        if isinstance(paragraphs, Paragraph):
            paragraphs = [paragraphs]
        noted = Instrument.objects.noted_in(paragraphs)
    return mark_safe(instrument_links.notes_html(noted))


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
    `lang`) and, beside the English, its script (`script`); the default,
    both languages in simplified characters, needs no parameter."""
    return querystrings.in_language(url, context.get("lang"), context.get("script"))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with some parameters set or removed
    (a value of None removes one), for links that keep the reader's state."""
    return querystrings.links(context["request"]).changed(**changes)


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
        result = (context.get("tallies") or {}).get(paragraph.pk) or endorsements.tally(
            subject
        )
    return {"paragraph": paragraph, "subject": subject, "tally": result}


MATRIX_LABEL_WIDTH = 110
MATRIX_CELL = (64, 26)
MATRIX_STYLE = {
    endorsements.SUPPORTING: ("#1d4e89", "#ffffff", "supports"),
    endorsements.PROPOSES: ("#e8f0fa", "#1d4e89", "proposes"),
    endorsements.ABSENT: ("#fde2e1", "#1b1f24", "absent"),
    endorsements.NOT_APPLICABLE: ("#f6f8fa", "#57606a", "n/a"),
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
                        "description": endorsements.CELL_VALUES[value],
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


@register.simple_tag(takes_context=True)
@slot("document_contents")
def document_contents(context):
    """Return the document page's contents (_toc.html), rendered once per
    corpus version and filled for this page (declarations.page_parts)."""
    return page_parts.contents(
        context["index"],
        context["document"],
        filtering=context["filter"].is_filtering,
        lang=context.get("lang"),
    )


@register.simple_tag(name="download_links", takes_context=True)
@slot("download_links")
def download_links_tag(context):
    """Return the document page's download links, written without the
    template engine (declarations.download_links)."""
    return download_links.download_links(
        filtering=context["filter"].is_filtering,
        links=querystrings.links(context["request"]),
        reading_list=kept(
            context, "reading-list-url", lambda: reverse("declarations:reading-list")
        ),
    )


@register.simple_tag(name="filter_form", takes_context=True)
@slot("filter_form")
def filter_form_tag(context):
    """Return the document page's filter form, written without the
    template engine (declarations.filter_form)."""
    return filter_form.filter_form(
        filterset=context["filter"],
        url=context["index"].url,
        lang=context.get("lang"),
        script=context.get("script"),
    )


@register.simple_tag(name="language_switch", takes_context=True)
@slot("language_switch")
def language_switch_tag(context):
    """Return a reading page's language switch, written without the
    template engine (declarations.language_switch)."""
    return language_switch.language_switch(
        lang=context.get("lang"),
        script=context.get("script"),
        document=context["document"],
        links=querystrings.links(context["request"]),
        script_src=kept(
            context,
            "script-switch-url",
            lambda: static("declarations/script-switch.js"),
        ),
    )


@register.simple_tag
def script_switch(simplified, traditional, current):
    """Return the 简/繁 switch between two links, `current` the tag shown
    (declarations.language_switch.script_switch)."""
    return language_switch.script_switch(simplified, traditional, current)


@register.simple_tag(name="results_summary", takes_context=True)
@slot("results_summary")
def results_summary_tag(context):
    """Return the document page's results summary, written without the
    template engine (declarations.results_summary)."""
    return results_summary.summary(
        filterset=context["filter"],
        document=context["document"],
        paragraphs=context["paragraphs"],
        lang=context.get("lang"),
        script=context.get("script"),
        links=querystrings.links(context["request"]),
    )


def kept(context, name, compute):
    """Return compute(): on a page with a DocumentIndex (the context's
    `index`), once per corpus version (page_parts.kept), for a value that
    depends only on the deployment, as a per_version block's would (a URL
    reversed or a static file's: tens of microseconds each)."""
    index = context.get("index")
    return compute() if index is None else page_parts.kept(index, name, compute)


@register.tag
def per_version(parser, token):
    """{% per_version "name" %}…{% endper_version %}: what is inside, rendered
    once per corpus version into the page's DocumentIndex (the context's
    `index`) and reused by every request of the version; rendered every time
    on pages without an index. What is inside must depend on nothing but
    the version's data and the deployment (declarations.page_parts)."""
    try:
        _, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("per_version takes one name") from None
    nodelist = parser.parse(("endper_version",))
    parser.delete_first_token()
    return PerVersionNode(name.strip("\"'"), nodelist)


class PerVersionNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        index = context.get("index")
        if index is None:
            return self.nodelist.render(context)
        return page_parts.kept(index, self.name, lambda: self.nodelist.render(context))
