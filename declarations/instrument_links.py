"""Instrument names in the text: the rule that finds them (whole words, any
case, longest first) and the links the reading English carries to each
instrument's page, with the limits on what a curator may make the text link.
"""

import re

from django.utils.html import conditional_escape, escape

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
    notes_html): a note copied into every link made one curator's long note
    multiply the stored corpus.
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


def notes_html(instruments):
    """Return a page's notes of the instruments (each with a slug and a
    note: an Instrument, or a DocumentIndex's Note) that its links point
    at, each once, hidden: the markup of the template it replaced
    (templates/declarations/includes/_instrument_notes.html, quoted below),
    byte for byte, without the template engine, which cost a fortieth of an
    uncached filtered document page to render it."""
    # {% if instruments %}<div hidden id="instrument-notes">
    # {% for instrument in instruments %}<p id="note-{{ instrument.slug }}">{{
    # instrument.note }}</p>
    # {% endfor %}</div>{% endif %}
    if not instruments:
        return "\n"
    notes = "".join(
        f'<p id="note-{conditional_escape(instrument.slug)}">'
        f"{conditional_escape(instrument.note)}</p>\n"
        for instrument in instruments
    )
    return f'<div hidden id="instrument-notes">\n{notes}</div>\n'
