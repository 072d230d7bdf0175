"""The curation files under fixtures/curation/: reviewed, person-readable
decisions (themes, instruments, each paragraph's themes and instrument
links). Their columns, the CSV layout and the alias format live here, read
and checked line by line for the build; declarations/corpus/export.py
writes them back from the database with the same columns. The entity files
are in entity_files.py, the editorial notes in editorial_notes.py.
"""

import csv
import datetime
import re

from declarations import spreadsheet
from declarations.corpus import CorpusError
from declarations.instrument_links import (
    MAX_DESCRIPTION_LENGTH,
    alias_problems,
    names_pattern,
)
from declarations.models import (
    SOURCE_NOTE,
    Instrument,
    Mention,
)
from declarations.spreadsheet import read_cell
from declarations.text import text_problems

GUILLEMET_TITLE = re.compile(r"«([^»]+)»")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

THEME_COLUMNS = ["slug", "name_en", "name_zh", "description"]
INSTRUMENT_COLUMNS = [
    "slug",
    "kind",
    "title_en",
    "short_title",
    "place",
    "adopted_on",
    "adopted_year",
    "date_text",
    "aliases",
    "description",
    "date_source",
    "title_source",
    "kind_reason",
]
# date_source: where an instrument's place and date come from; the kinds
# are Instrument.DATE_SOURCE_KINDS. title_source says the same of its
# English title (Instrument.TITLE_SOURCE_KINDS), in the same form
# (SOURCE_NOTE, which the admin checks too).
PARAGRAPH_THEME_COLUMNS = ["label", "themes"]
MENTION_COLUMNS = ["label", "instrument", "verb"]
PRINTED_BY_COLUMNS = ["label", "printed_by", "reason"]
# Aliases in instruments.csv and entities.csv, and the words of an entity
# link when a paragraph names it in several ways, share one separator.
ALIAS_SEPARATOR = " | "


def split_aliases(cell):
    """Return the aliases of an instruments.csv cell: 'A | B' → ['A', 'B']."""
    return [a.strip() for a in cell.split(ALIAS_SEPARATOR.strip()) if a.strip()]


def join_aliases(aliases):
    """Return aliases as an instruments.csv cell."""
    return ALIAS_SEPARATOR.join(aliases)


def name_pattern(name):
    """Return the pattern of a name as a whole word, in any case: 'Iran'
    finds "Iran’s" but not "Iranian", 'UN' not "UNESCO"."""
    return re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)


def names_found(text, names):
    """Return the names found in a text, as printed there, in text order and
    each once: the words an entity link records. A name inside a longer one
    found at the same place ('Belarus' in 'Republic of Belarus') is not
    counted again."""
    matches = sorted(
        (match.start(), -match.end(), match.group())
        for name in names
        for match in name_pattern(name).finditer(text)
    )
    words, covered = [], -1
    for _start, negative_end, printed in matches:
        if -negative_end <= covered:
            continue
        covered = -negative_end
        if printed not in words:
            words.append(printed)
    return words


def read_csv(path, columns):
    """Yield (line number, row dict) from a curation CSV, checking its header."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise CorpusError(
                path,
                1,
                f"the header must be {','.join(columns)}, not {reader.fieldnames}",
            )
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise CorpusError(path, reader.line_num, "wrong number of columns")
            for key, value in row.items():
                if problems := text_problems(value):
                    raise CorpusError(
                        path, reader.line_num, f"column '{key}' {problems[0]}"
                    )
            yield (
                reader.line_num,
                {key: read_cell(value.strip()) for key, value in row.items()},
            )


def csv_text(columns, rows):
    """Return rows as CSV in the curation files' layout (the one CSV
    writer's, with its reversible formula escape)."""
    return spreadsheet.csv_text(columns, rows, lineterminator="\n")


def check_row_key(path, line, row, seen, noun, kinds=None):
    """Check a taxonomy row's slug (well formed, listed once) and, where the
    file has one, its kind; return the slug. Faults name the file and line."""
    slug = row["slug"]
    if not SLUG.match(slug):
        raise CorpusError(path, line, f"'{slug}' is not a valid slug")
    if slug in seen:
        raise CorpusError(path, line, f"{noun} '{slug}' is listed twice")
    if kinds is not None and row["kind"] not in kinds:
        raise CorpusError(
            path,
            line,
            f"unknown kind '{row['kind']}' (one of {', '.join(sorted(kinds))})",
        )
    return slug


def read_themes(path):
    """Return the theme taxonomy, in file order."""
    themes = {}
    for line, row in read_csv(path, THEME_COLUMNS):
        slug = check_row_key(path, line, row, themes, "theme")
        for column in ("name_en", "name_zh", "description"):
            if not row[column]:
                raise CorpusError(path, line, f"theme '{slug}' has no {column}")
        themes[slug] = {**row, "position": len(themes) + 1}
    return themes


def read_instruments(path):
    """Return the instruments by slug, their fields checked."""
    instruments = {}
    kinds = set(Instrument.Kind.values)
    for line, row in read_csv(path, INSTRUMENT_COLUMNS):
        slug = check_row_key(path, line, row, instruments, "instrument", kinds)
        if not row["title_en"]:
            raise CorpusError(path, line, f"instrument '{slug}' has no title_en")
        if row["adopted_on"]:
            try:
                datetime.date.fromisoformat(row["adopted_on"])
            except ValueError:
                raise CorpusError(
                    path,
                    line,
                    f"adopted_on '{row['adopted_on']}' is not a YYYY-MM-DD date",
                ) from None
        if row["adopted_year"] and not row["adopted_year"].isdigit():
            raise CorpusError(
                path, line, f"adopted_year '{row['adopted_year']}' is not a year"
            )
        # The limits Instrument.clean() sets in the admin.
        if problems := alias_problems(split_aliases(row["aliases"])):
            raise CorpusError(
                path, line, f"instrument '{slug}' aliases: {' '.join(problems)}"
            )
        if len(row["description"]) > MAX_DESCRIPTION_LENGTH:
            raise CorpusError(
                path,
                line,
                f"instrument '{slug}' description is {len(row['description']):,} "
                f"characters long; at most {MAX_DESCRIPTION_LENGTH}",
            )
        check_date_source(path, line, row)
        check_title_source(path, line, row)
        instruments[slug] = {**row, "line": line}
    return instruments


def check_date_source(path, line, row):
    """Fail unless a row with a place or date says where they come from, in
    the form 'text', 'text: <where>', 'inferred: <how>' or 'outside: <citation>'."""
    dated = any(row[c] for c in ("place", "adopted_on", "adopted_year", "date_text"))
    source = row["date_source"]
    if not source:
        if dated:
            raise CorpusError(
                path,
                line,
                f"instrument '{row['slug']}' has a place or date but no date_source "
                "(text, inferred: <how> or outside: <citation>)",
            )
        return
    match = SOURCE_NOTE.match(source)
    if match is None or (match.group(1) != "text" and not match.group(2)):
        raise CorpusError(
            path,
            line,
            f"date_source '{source}' must be 'text', 'text: <where>', "
            "'inferred: <how>' or 'outside: <citation>'",
        )


def check_title_source(path, line, row):
    """Fail unless a row says where its English title comes from, in the form
    'text: <label>', 'inferred: <how>' or 'outside: <citation>'. (That the
    labelled paragraph prints the title is checked with the text, by
    check_printed_titles.)"""
    source = row["title_source"]
    match = SOURCE_NOTE.match(source)
    if match is None or not match.group(2):
        raise CorpusError(
            path,
            line,
            f"instrument '{row['slug']}' title_source '{source}' must be "
            "'text: <label>', 'inferred: <how>' or 'outside: <citation>'",
        )


def check_printed_titles(path, instruments, paragraphs):
    """Fail unless each title said to be printed in the text ('text: II.16')
    is printed, word for word, in that paragraph of one of the documents.
    paragraphs: {label: [English text, …]} over every document."""
    for slug, row in instruments.items():
        kind, _, detail = row["title_source"].partition(":")
        if kind.strip() != "text":
            continue
        label = detail.split()[0]
        texts = paragraphs.get(label)
        if not texts:
            raise CorpusError(
                path,
                row["line"],
                f"instrument '{slug}' title_source names '{label}', "
                "which is no paragraph",
            )
        if not any(row["title_en"] in text for text in texts):
            raise CorpusError(
                path,
                row["line"],
                f"instrument '{slug}': {label} does not print its title_en "
                f"'{row['title_en']}' (title_source 'text: <label>' means word "
                "for word; else 'inferred: …' or 'outside: …')",
            )


def instrument_names(row):
    """Return every name by which the text may name an instrument."""
    return [row["title_en"], *split_aliases(row["aliases"])]


def read_paragraph_themes(path, paragraphs, themes):
    """Attach each paragraph's themes; every paragraph must have at least one."""
    seen = {}
    for line, row in read_csv(path, PARAGRAPH_THEME_COLUMNS):
        label = row["label"]
        if label not in paragraphs:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if label in seen:
            raise CorpusError(
                path, line, f"paragraph '{label}' is listed twice (line {seen[label]})"
            )
        seen[label] = line
        slugs = row["themes"].split()
        if not slugs:
            raise CorpusError(path, line, f"paragraph '{label}' has no theme")
        for slug in slugs:
            if slug not in themes:
                raise CorpusError(path, line, f"unknown theme slug '{slug}'")
        paragraphs[label].themes = slugs
    for label in paragraphs:
        if label not in seen:
            raise CorpusError(path, 0, f"paragraph '{label}' has no themes listed")


def read_mentions(path, paragraphs, instruments, source_path):
    """Return the (label, instrument slug, verb) mentions, each checked against
    the text, and check that every «…» title in the text is an instrument."""
    verbs = set(Mention.Verb.values)
    mentions = []
    seen = set()
    for line, row in read_csv(path, MENTION_COLUMNS):
        label, slug, verb = row["label"], row["instrument"], row["verb"]
        if label not in paragraphs:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if slug not in instruments:
            raise CorpusError(path, line, f"unknown instrument '{slug}'")
        if verb not in verbs:
            raise CorpusError(
                path, line, f"unknown verb '{verb}' (one of {', '.join(sorted(verbs))})"
            )
        if (label, slug) in seen:
            raise CorpusError(path, line, f"{label} mentions '{slug}' twice")
        # Whole words, as link_instruments() links them.
        names = names_pattern(instrument_names(instruments[slug]))
        if not names.search(paragraphs[label].text):
            raise CorpusError(path, line, f"{label} does not name instrument '{slug}'")
        seen.add((label, slug))
        mentions.append((label, slug, verb))
    by_title = {row["title_en"]: slug for slug, row in instruments.items()}
    for paragraph in paragraphs.values():
        for title in GUILLEMET_TITLE.findall(paragraph.text):
            slug = by_title.get(title)
            if slug is None:
                raise CorpusError(
                    source_path,
                    paragraph.line,
                    f"{paragraph.label} names «{title}», which is not an instrument",
                )
            if (paragraph.label, slug) not in seen:
                raise CorpusError(
                    source_path,
                    paragraph.line,
                    f"{paragraph.label} names «{title}» but has no mention of '{slug}'",
                )
    return mentions


def read_printed_by(path, paragraphs):
    """Record in the Chinese provenance of each listed paragraph which of
    its record's sources printed the text as the record gives it
    (printed_by), where the outlets quoting it differ; the reason (what the
    others print) is for the reviewer. The file is optional."""
    if not path.exists():
        return
    seen = {}
    for line, row in read_csv(path, PRINTED_BY_COLUMNS):
        label, printed_by = row["label"], row["printed_by"]
        paragraph = paragraphs.get(label)
        if paragraph is None:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if label in seen:
            raise CorpusError(
                path, line, f"paragraph '{label}' is listed twice (line {seen[label]})"
            )
        if paragraph.chinese is None:
            raise CorpusError(path, line, f"{label} has no Chinese record")
        provenance = paragraph.chinese["provenance"]
        if len(provenance["sources"]) < 2:
            fault = f"{label}'s Chinese record has one source only"
        elif printed_by not in provenance["sources"]:
            fault = f"'{printed_by}' is not a source of {label}'s Chinese"
        else:
            fault = "" if row["reason"] else "the reason is empty"
        if fault:
            raise CorpusError(path, line, fault)
        seen[label] = line
        provenance["printed_by"] = printed_by
        provenance["printed_by_reason"] = row["reason"]
