"""The entity curation files: entities.csv and memberships.csv under
fixtures/curation/, and each document's paragraph_entities.csv and
subjects.csv. Their columns live here; they are read and checked for the
build (declarations/corpus/fixtures.py) and written back by
declarations/corpus/export.py.
"""

import datetime
from pathlib import Path

from declarations.corpus import CorpusError
from declarations.corpus.curation_files import (
    check_row_key,
    join_aliases,
    names_found,
    read_csv,
    split_aliases,
)
from declarations.models import Entity, EntityMention, Membership, ParagraphSubject

ENTITY_COLUMNS = ["slug", "kind", "name_en", "name_zh", "aliases", "note", "sources"]
MEMBERSHIP_COLUMNS = ["entity", "status", "since", "until", "sources"]
PARAGRAPH_ENTITY_COLUMNS = ["paragraph", "entity", "role", "words"]
SUBJECT_COLUMNS = ["paragraph", "subject", "words", "note"]
# Entities that can be the named subjects of a paragraph ('endorses').
STATE_KINDS = {
    Entity.Kind.MEMBER_STATE,
    Entity.Kind.PARTNER_STATE,
    Entity.Kind.OTHER_STATE,
}


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
    needs its source (the declaration's Chinese text, or standard usage cited)."""
    entities = {}
    kinds = set(Entity.Kind.values)
    for line, row in read_csv(path, ENTITY_COLUMNS):
        slug = check_row_key(path, line, row, entities, "entity", kinds)
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
