"""The curation files under fixtures/curation/: reviewed, person-readable
decisions (themes, instruments, entities and SCO memberships, each
paragraph's themes, instrument and entity links, and recorded subjects).
Their columns and the alias format live here, and so do both directions:
reading them for the build, checked line by line, and writing them back
from the database (export_curation) for review and commit.
"""

import csv
import datetime
import io
import re
import uuid
from pathlib import Path

from declarations.corpus import CorpusError
from declarations.models import (
    Document,
    Entity,
    EntityMention,
    Instrument,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    Theme,
)
from declarations.rendering import (
    MAX_DESCRIPTION_LENGTH,
    alias_problems,
    markdown_problems,
    names_pattern,
)

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
]
# date_source: where an instrument's place and date come from; the kinds
# are Instrument.DATE_SOURCE_KINDS.
DATE_SOURCE = re.compile(r"^(text|inferred|outside)(?::\s*(\S.*))?$")
PARAGRAPH_THEME_COLUMNS = ["label", "themes"]
MENTION_COLUMNS = ["label", "instrument", "verb"]
# The project's editorial notes on a document: the paragraph, the passage
# (copied exactly from its English; may be blank), the note (Markdown) and
# its basis (what it relies on, with how sure that is).
EDITORIAL_NOTE_COLUMNS = ["label", "quote", "body", "basis"]
# The namespace of the stable keys of editorial notes (uuid5 of the row's
# document, label and quote), so that a reload updates a note, never adds one.
EDITORIAL_NOTE_NAMESPACE = uuid.UUID("6d1f6c1e-4b7a-5f57-9a0e-3c2f1d5a8e21")
ENTITY_COLUMNS = ["slug", "kind", "name_en", "name_zh", "aliases", "note", "sources"]
MEMBERSHIP_COLUMNS = ["entity", "status", "since", "until", "sources"]
PARAGRAPH_ENTITY_COLUMNS = ["paragraph", "entity", "role", "words"]
SUBJECT_COLUMNS = ["paragraph", "subject", "words", "note"]
# Aliases in instruments.csv and entities.csv, and the words of an entity
# link when a paragraph names it in several ways, share one separator.
ALIAS_SEPARATOR = " | "
# Entities that can be the named subjects of a paragraph ('endorses').
STATE_KINDS = {
    Entity.Kind.MEMBER_STATE,
    Entity.Kind.PARTNER_STATE,
    Entity.Kind.OTHER_STATE,
}


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
            yield reader.line_num, {key: value.strip() for key, value in row.items()}


def csv_text(columns, rows):
    """Return rows as CSV in the curation files' layout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def curation_files(corpus_dir):
    """Return {path: text} of every curation file, from the database."""
    curation = Path(corpus_dir, "curation")
    files = {
        curation / "themes.csv": csv_text(
            THEME_COLUMNS,
            [
                [t.slug, t.name_en, t.name_zh, t.description]
                for t in Theme.objects.order_by("position", "slug")
            ],
        ),
        curation / "instruments.csv": csv_text(
            INSTRUMENT_COLUMNS,
            [
                [
                    i.slug,
                    i.kind,
                    i.title_en,
                    i.short_title,
                    i.place,
                    i.adopted_on.isoformat() if i.adopted_on else "",
                    i.adopted_year or "",
                    i.date_text,
                    join_aliases(i.alias_list),
                    i.description,
                    i.date_source,
                ]
                for i in Instrument.objects.order_by("slug")
            ],
        ),
    }
    kinds = Entity.Kind.values
    entities = sorted(Entity.objects.all(), key=lambda e: (kinds.index(e.kind), e.slug))
    files[curation / "entities.csv"] = csv_text(
        ENTITY_COLUMNS,
        [
            [
                e.slug,
                e.kind,
                e.name_en,
                e.name_zh,
                join_aliases(e.alias_list),
                e.note,
                e.sources,
            ]
            for e in entities
        ],
    )
    files[curation / "memberships.csv"] = csv_text(
        MEMBERSHIP_COLUMNS,
        [
            [
                m.entity.slug,
                m.status,
                m.since.isoformat(),
                m.until.isoformat() if m.until else "",
                m.sources,
            ]
            for m in sorted(
                Membership.objects.select_related("entity"),
                key=lambda m: (m.entity.slug, m.since, m.status),
            )
        ],
    )
    for document in Document.objects.real():
        folder = curation / document.slug
        paragraphs = (
            Paragraph.objects.filter(document=document)
            .order_by("position")
            .prefetch_related("themes")
        )
        files[folder / "paragraph_themes.csv"] = csv_text(
            PARAGRAPH_THEME_COLUMNS,
            [
                [
                    p.label,
                    " ".join(
                        t.slug for t in sorted(p.themes.all(), key=lambda t: t.position)
                    ),
                ]
                for p in paragraphs
            ],
        )
        mentions = Mention.objects.filter(paragraph__document=document).order_by(
            "paragraph__position", "instrument__slug"
        )
        files[folder / "mentions.csv"] = csv_text(
            MENTION_COLUMNS,
            [
                [m.paragraph.label, m.instrument.slug, m.verb]
                for m in mentions.select_related("paragraph", "instrument")
            ],
        )
        links = EntityMention.objects.filter(paragraph__document=document).order_by(
            "paragraph__position", "entity__slug"
        )
        files[folder / "paragraph_entities.csv"] = csv_text(
            PARAGRAPH_ENTITY_COLUMNS,
            [
                [link.paragraph.label, link.entity.slug, link.role, link.words]
                for link in links.select_related("paragraph", "entity")
            ],
        )
        subjects = ParagraphSubject.objects.filter(
            paragraph__document=document
        ).order_by("paragraph__position")
        files[folder / "subjects.csv"] = csv_text(
            SUBJECT_COLUMNS,
            [
                [s.paragraph.label, s.kind, s.words, s.note]
                for s in subjects.select_related("paragraph")
            ],
        )
    return files


def export_curation(corpus_dir, dry_run=False):
    """Write the curation files from the database; return the changed paths."""
    changed = []
    for path, text in curation_files(corpus_dir).items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(path)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed


# Reading, checked line by line.


def read_themes(path):
    """Return the theme taxonomy, in file order."""
    themes = {}
    for line, row in read_csv(path, THEME_COLUMNS):
        slug = row["slug"]
        if not SLUG.match(slug):
            raise CorpusError(path, line, f"'{slug}' is not a valid slug")
        if slug in themes:
            raise CorpusError(path, line, f"theme '{slug}' is listed twice")
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
        slug = row["slug"]
        if not SLUG.match(slug):
            raise CorpusError(path, line, f"'{slug}' is not a valid slug")
        if slug in instruments:
            raise CorpusError(path, line, f"instrument '{slug}' is listed twice")
        if row["kind"] not in kinds:
            raise CorpusError(
                path,
                line,
                f"unknown kind '{row['kind']}' (one of {', '.join(sorted(kinds))})",
            )
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
        instruments[slug] = row
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
    match = DATE_SOURCE.match(source)
    if match is None or (match.group(1) != "text" and not match.group(2)):
        raise CorpusError(
            path,
            line,
            f"date_source '{source}' must be 'text', 'text: <where>', "
            "'inferred: <how>' or 'outside: <citation>'",
        )


def editorial_note_key(document_slug, label, quote):
    """Return the stable key of an editorial note, from its row."""
    return str(
        uuid.uuid5(EDITORIAL_NOTE_NAMESPACE, f"{document_slug}\n{label}\n{quote}")
    )


def read_editorial_notes(path, document_slug, paragraphs):
    """Return the editorial notes of a document as (key, label, quote, body,
    basis), each checked: the paragraph exists, the quote occurs in its
    English, a body and a basis are given, and no two rows share a key.
    A document without the file has no notes."""
    if not Path(path).exists():
        return []
    notes = []
    seen = {}
    for line, row in read_csv(path, EDITORIAL_NOTE_COLUMNS):
        label, quote = row["label"], row["quote"]
        if label not in paragraphs:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if quote and quote not in paragraphs[label].text:
            raise CorpusError(
                path, line, f"the quote '{quote}' does not occur in {label}'s English"
            )
        for column in ("body", "basis"):
            if not row[column]:
                raise CorpusError(path, line, f"the note on {label} has no {column}")
        if problems := markdown_problems(row["body"]):
            raise CorpusError(path, line, f"the note on {label}: {' '.join(problems)}")
        key = editorial_note_key(document_slug, label, quote)
        if key in seen:
            raise CorpusError(
                path,
                line,
                f"a second note on {label} with the same quote (line {seen[key]})",
            )
        seen[key] = line
        notes.append((key, label, quote, row["body"], row["basis"]))
    return notes


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


def read_date(path, line, row, column, required=True):
    """Return a YYYY-MM-DD cell as a date string, or '' when blank and allowed."""
    value = row[column]
    if not value and not required:
        return ""
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CorpusError(
            path, line, f"{column} '{value}' is not a YYYY-MM-DD date"
        ) from None


def entity_names(row):
    """Return every name by which the text may name an entity."""
    return [row["name_en"], *split_aliases(row["aliases"])]


def read_entities(path):
    """Return the entities by slug, their fields checked: a Chinese name
    needs its source (the authentic text, or standard usage cited)."""
    entities = {}
    kinds = set(Entity.Kind.values)
    for line, row in read_csv(path, ENTITY_COLUMNS):
        slug = row["slug"]
        if not SLUG.match(slug):
            raise CorpusError(path, line, f"'{slug}' is not a valid slug")
        if slug in entities:
            raise CorpusError(path, line, f"entity '{slug}' is listed twice")
        if row["kind"] not in kinds:
            raise CorpusError(
                path,
                line,
                f"unknown kind '{row['kind']}' (one of {', '.join(sorted(kinds))})",
            )
        if not row["name_en"]:
            raise CorpusError(path, line, f"entity '{slug}' has no name_en")
        if row["name_zh"] and "Chinese name:" not in row["sources"]:
            raise CorpusError(
                path,
                line,
                f"entity '{slug}' has a Chinese name but its sources do not say "
                "where the Chinese name comes from ('Chinese name: …')",
            )
        entities[slug] = {**row, "line": line}
    return entities


def read_memberships(path, entities):
    """Return the SCO memberships, each with its dates and sources checked."""
    statuses = set(Membership.Status.values)
    memberships = []
    seen = set()
    for line, row in read_csv(path, MEMBERSHIP_COLUMNS):
        slug, status = row["entity"], row["status"]
        if slug not in entities:
            raise CorpusError(path, line, f"unknown entity '{slug}'")
        if status not in statuses:
            raise CorpusError(
                path,
                line,
                f"unknown status '{status}' (one of {', '.join(sorted(statuses))})",
            )
        since = read_date(path, line, row, "since")
        until = read_date(path, line, row, "until", required=False)
        if until and until <= since:
            raise CorpusError(path, line, f"until {until} is not after since {since}")
        if not row["sources"]:
            raise CorpusError(path, line, f"the membership of '{slug}' has no sources")
        if (slug, status, since) in seen:
            raise CorpusError(path, line, f"'{slug}' {status} since {since} twice")
        seen.add((slug, status, since))
        memberships.append({**row, "since": since, "until": until})
    return memberships


def read_paragraph_entities(path, paragraphs, entities, source_path):
    """Return the (label, entity slug, role, words) links, each checked
    against the text, and check that every name of every entity that a
    paragraph prints has its link."""
    roles = set(EntityMention.Role.values)
    links = []
    seen = {}
    for line, row in read_csv(path, PARAGRAPH_ENTITY_COLUMNS):
        label, slug, role = row["paragraph"], row["entity"], row["role"]
        if label not in paragraphs:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if slug not in entities:
            raise CorpusError(path, line, f"unknown entity '{slug}'")
        if role not in roles:
            raise CorpusError(
                path, line, f"unknown role '{role}' (one of {', '.join(sorted(roles))})"
            )
        if role == EntityMention.Role.ENDORSES and (
            entities[slug]["kind"] not in STATE_KINDS
        ):
            raise CorpusError(path, line, f"'{slug}' is not a state: it cannot endorse")
        if (label, slug) in seen:
            raise CorpusError(
                path, line, f"{label} links '{slug}' twice (line {seen[label, slug]})"
            )
        words = split_aliases(row["words"])
        if not words:
            raise CorpusError(path, line, f"{label} → '{slug}' has no words")
        for word in words:
            if word not in paragraphs[label].text:
                raise CorpusError(
                    path, line, f"{label} does not print the words '{word}'"
                )
        seen[label, slug] = line
        links.append((label, slug, role, join_aliases(words)))
    for paragraph in paragraphs.values():
        for slug, row in entities.items():
            for word in names_found(paragraph.text, entity_names(row)):
                if (paragraph.label, slug) not in seen:
                    raise CorpusError(
                        source_path,
                        paragraph.line,
                        f"{paragraph.label} names '{word}' but has no link to "
                        f"entity '{slug}' in {Path(path).name}",
                    )
    return links


def read_subjects(path, paragraphs, links):
    """Return the (label, kind, words, note) subjects of the paragraphs that
    do not speak for the member states as a whole. A subject of named states
    needs its 'endorses' links, and an 'endorses' link needs such a subject."""
    kinds = set(ParagraphSubject.Kind.values)
    endorsing = {label for label, _, role, _ in links if role == "endorses"}
    subjects = []
    seen = {}
    for line, row in read_csv(path, SUBJECT_COLUMNS):
        label, kind, words = row["paragraph"], row["subject"], row["words"]
        if label not in paragraphs:
            raise CorpusError(path, line, f"paragraph '{label}' does not exist")
        if label in seen:
            raise CorpusError(
                path, line, f"paragraph '{label}' is listed twice (line {seen[label]})"
            )
        if kind not in kinds:
            raise CorpusError(
                path,
                line,
                f"unknown subject '{kind}' (one of {', '.join(sorted(kinds))})",
            )
        if not words or words not in paragraphs[label].text:
            raise CorpusError(path, line, f"{label} does not print the words '{words}'")
        if kind == ParagraphSubject.Kind.NAMED_STATES and label not in endorsing:
            raise CorpusError(
                path, line, f"{label} names its states but no link 'endorses' them"
            )
        seen[label] = line
        subjects.append((label, kind, words, row["note"]))
    named = {label for label, kind, _, _ in subjects if kind == "named-states"}
    for label in sorted(endorsing - named):
        raise CorpusError(
            path, 0, f"{label} has links 'endorses' but no subject 'named-states'"
        )
    return subjects
