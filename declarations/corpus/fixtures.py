"""Building the Django fixtures from the sources and the curation files.

The build is pure: it reads files and returns the fixture texts, so a fault
anywhere means nothing is written. The same input gives the same bytes.
"""

import json
import tomllib
from pathlib import Path

from declarations import languages
from declarations.corpus import CorpusError
from declarations.corpus.curation_files import (
    check_printed_titles,
    instrument_names,
    read_instruments,
    read_mentions,
    read_paragraph_themes,
    read_printed_by,
    read_themes,
)
from declarations.corpus.editorial_notes import read_editorial_notes
from declarations.corpus.entity_files import (
    entity_names,
    read_entities,
    read_memberships,
    read_paragraph_entities,
    read_subjects,
)
from declarations.corpus.sources import parse_declaration, read_chinese, read_lines
from declarations.corpus.vocabulary_files import Text, build_labels, vocabulary_records
from declarations.models import (
    CHINESE,
    CONVERSION_TOOL,
    TRADITIONAL,
    Annotation,
    Expression,
    Paragraph,
)
from declarations.models.texts import CONVERSIONS

THEMES_FIXTURE = "themes.json"
INSTRUMENTS_FIXTURE = "instruments.json"
ENTITIES_FIXTURE = "entities.json"
VOCABULARY_FIXTURE = "vocabulary.json"
DOCUMENTS_DIR = "documents"


def document_configs(corpus_dir):
    """Return the paths of every document's curation config, sorted."""
    return sorted(Path(corpus_dir, "curation").glob("*/document.toml"))


def fixture_text(records):
    """Return records as fixture JSON, byte-stable for the same input."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def build_corpus(corpus_dir):
    """Return {relative path: fixture text} for the whole corpus."""
    corpus_dir = Path(corpus_dir)
    curation = corpus_dir / "curation"
    themes = read_themes(curation / "themes.csv")
    instruments = read_instruments(curation / "instruments.csv")
    entities = read_entities(curation / "entities.csv")
    memberships = read_memberships(curation / "memberships.csv", entities)
    outputs = {
        THEMES_FIXTURE: fixture_text(
            [
                {"model": "declarations.theme", "fields": theme}
                for theme in themes.values()
            ]
        ),
        INSTRUMENTS_FIXTURE: fixture_text(
            [instrument_record(row) for _, row in sorted(instruments.items())]
        ),
        ENTITIES_FIXTURE: fixture_text(
            [entity_record(row) for _, row in sorted(entities.items())]
            + [membership_record(row) for row in memberships]
        ),
    }
    printed = {}  # label → the English of that paragraph in each document
    text = Text()
    for config_path in document_configs(corpus_dir):
        slug, records = build_document(
            corpus_dir, config_path, themes, instruments, entities
        )
        outputs[f"{DOCUMENTS_DIR}/{slug}.json"] = fixture_text(records)
        for record in records:
            if record["model"] == "declarations.paragraph":
                fields = record["fields"]
                printed.setdefault(fields["label"], []).append(fields["text_en"])
                text.add(slug, fields["label"], fields["text_en"], fields["text_zh"])
    check_printed_titles(curation / "instruments.csv", instruments, printed)
    rows = {"theme": themes, "entity": entities, "instrument": instruments}
    concepts = build_labels(curation / "termbase.csv", rows, text)
    outputs[VOCABULARY_FIXTURE] = fixture_text(vocabulary_records(concepts, text))
    return outputs


def instrument_record(row):
    return {
        "model": "declarations.instrument",
        "fields": {
            "slug": row["slug"],
            "title_en": row["title_en"],
            "short_title": row["short_title"],
            "kind": row["kind"],
            "place": row["place"],
            "adopted_on": row["adopted_on"] or None,
            "adopted_year": int(row["adopted_year"]) if row["adopted_year"] else None,
            "date_text": row["date_text"],
            "date_source": row["date_source"],
            "title_source": row["title_source"],
            "kind_reason": row["kind_reason"],
            "aliases": "\n".join(instrument_names(row)[1:]),
            "description": row["description"],
        },
    }


def entity_record(row):
    return {
        "model": "declarations.entity",
        "fields": {
            "slug": row["slug"],
            "kind": row["kind"],
            "name_en": row["name_en"],
            "name_zh": row["name_zh"],
            "aliases": "\n".join(entity_names(row)[1:]),
            "note": row["note"],
            "sources": row["sources"],
        },
    }


def membership_record(row):
    return {
        "model": "declarations.membership",
        "fields": {
            "entity": [row["entity"]],
            "status": row["status"],
            "since": row["since"],
            "until": row["until"] or None,
            "sources": row["sources"],
        },
    }


def read_config(path):
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CorpusError(path, 0, f"invalid TOML: {error}") from None


def setting_line(config_path, table, key):
    """Return the line of a setting in a table of a TOML config (tomllib
    gives values, not lines), or 0 when it is not written there."""
    current = ""
    lines = Path(config_path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]")
        elif current == table and stripped.split("=")[0].strip() == key:
            return number
    return 0


def expression_records(config_path, config, titles):
    """Return the fixture records of a document's expressions, from the
    [expressions.<tag>] tables of its config, checked: each tag registered,
    each status one of Expression.Status, a conversion made from an
    expression listed before it by a conversion the tool has; each with its
    title from the sources ({tag: (title, provenance)})."""
    slug, tables = config["slug"], config.get("expressions", {})
    records, listed = [], []
    for tag, settings in tables.items():
        table = f"expressions.{tag}"

        def fault(key, message, table=table):
            line = setting_line(config_path, table, key)
            return CorpusError(config_path, line, f"[{table}] {key} {message}")

        if tag not in languages.REGISTRY:
            raise CorpusError(
                config_path,
                setting_line(config_path, table, "status"),
                f"[{table}] '{tag}' is not a tag of the language registry",
            )
        status = settings.get("status")
        if status not in Expression.Status.values:
            raise fault(
                "status",
                f"{status!r} is not one of {', '.join(Expression.Status.values)}",
            )
        fields = {
            "document": [slug],
            "tag": tag,
            "status": status,
            "derived_from": None,
            "tool": "",
            "translator": settings.get("translator", ""),
            "sources": settings.get("sources", []),
            "notes": settings.get("notes", ""),
            "title": titles.get(tag, ("", {}))[0],
            "title_provenance": titles.get(tag, ("", {}))[1],
        }
        if not isinstance(fields["translator"], str):
            raise fault("translator", "must be a string")
        if not isinstance(fields["notes"], str):
            raise fault("notes", "must be a string")
        sources = fields["sources"]
        if not isinstance(sources, list) or not all(
            isinstance(source, str) for source in sources
        ):
            raise fault("sources", "must be a list of strings")
        if status == Expression.Status.CONVERSION:
            # A conversion is never typed: the tool is the project's own.
            source = settings.get("derived_from")
            if source not in listed or (source, tag) not in CONVERSIONS:
                raise fault(
                    "derived_from",
                    f"{source!r} is not an expression listed before it that "
                    f"{CONVERSION_TOOL} converts to {tag}",
                )
            fields["derived_from"], fields["tool"] = [slug, source], CONVERSION_TOOL
        listed.append(tag)
        records.append({"model": "declarations.expression", "fields": fields})
    return records


def build_document(corpus_dir, config_path, themes, instruments, entities):
    """Return the slug and fixture records of one document."""
    config = read_config(config_path)
    try:
        slug = config["slug"]
        english, chinese = config["english"], config["chinese"]
        en_path = corpus_dir / english["file"]
        zh_path = corpus_dir / chinese["file"]
        headings = config["sections"]["headings"]
        first_line = english["first_line"]
    except KeyError as error:
        raise CorpusError(config_path, 0, f"missing setting {error}") from None
    if slug != config_path.parent.name:
        raise CorpusError(config_path, 0, f"slug '{slug}' differs from its folder name")

    sections = parse_declaration(en_path, first_line, headings)
    paragraphs = {p.label: p for s in sections for p in s.paragraphs}
    read_paragraph_themes(
        config_path.parent / "paragraph_themes.csv", paragraphs, themes
    )
    mentions = read_mentions(
        config_path.parent / "mentions.csv", paragraphs, instruments, en_path
    )
    links = read_paragraph_entities(
        config_path.parent / "paragraph_entities.csv", paragraphs, entities, en_path
    )
    subjects = read_subjects(config_path.parent / "subjects.csv", paragraphs, links)
    title = read_chinese(zh_path, {p.line: p for p in paragraphs.values()})
    read_printed_by(config_path.parent / "printed_by.csv", paragraphs)
    notes = read_editorial_notes(
        config_path.parent / "editorial_notes.csv", slug, paragraphs
    )

    overview = ""
    if "overview_lines" in english:
        overview = read_lines(en_path, *english["overview_lines"])
    records = [document_record(config, overview)]
    records += expression_records(config_path, config, printed_titles(title))
    records += paragraph_records(slug, sections)
    records += link_records(slug, mentions, links, subjects, notes)
    return slug, records


def printed_titles(title):
    """Return {tag: (title, provenance)} of the title as the Chinese sources
    print it: the simplified, and the traditional its record names
    (zh_hant), each with the record's sources, confidence and notes."""
    if not title:
        return {}
    simplified, provenance = title
    provenance = dict(provenance)
    traditional = provenance.pop("zh_hant", "")
    titles = {CHINESE: (simplified, provenance)}
    if traditional:
        titles[TRADITIONAL] = (traditional, provenance)
    return titles


def document_record(config, overview):
    """Return the fixture record of a document, from its config."""
    slug, english = config["slug"], config["english"]
    return {
        "model": "declarations.document",
        "fields": {
            "slug": slug,
            "title_en": config["title_en"],
            "short_title_en": config["short_title_en"],
            "adopted_on": config["adopted_on"].isoformat(),
            "place_en": config["place_en"],
            "issuing_body_en": config["issuing_body_en"],
            "overview": overview,
            "overview_attribution": english.get("overview_attribution", ""),
        },
    }


def paragraph_records(slug, sections):
    """Return the fixture records of a document's sections and paragraphs."""
    records = []
    for section in sections:
        records.append(
            {
                "model": "declarations.section",
                "fields": {
                    "document": [slug],
                    "key": section.key,
                    "position": section.position,
                    "heading": section.heading,
                },
            }
        )
    for section in sections:
        for paragraph in section.paragraphs:
            chinese_text = paragraph.chinese or {"text": "", "provenance": {}}
            records.append(
                {
                    "model": "declarations.paragraph",
                    "fields": {
                        "document": [slug],
                        "section": [slug, section.key],
                        "number": paragraph.number,
                        "position": paragraph.position,
                        "label": paragraph.label,
                        "text_en": paragraph.text,
                        "text_zh": chinese_text["text"],
                        "text_zh_origin": (
                            Paragraph.ChineseOrigin.CORPUS if paragraph.chinese else ""
                        ),
                        "text_zh_provenance": chinese_text["provenance"],
                        "themes": [[theme] for theme in paragraph.themes],
                    },
                }
            )
    return records


def link_records(slug, mentions, links, subjects, notes):
    """Return the fixture records of a document's instrument mentions, entity
    links, subjects and editorial notes."""
    records = []
    for label, instrument, verb in mentions:
        records.append(
            {
                "model": "declarations.mention",
                "fields": {
                    "paragraph": [slug, label],
                    "instrument": [instrument],
                    "verb": verb,
                },
            }
        )
    for label, entity, role, words in links:
        records.append(
            {
                "model": "declarations.entitymention",
                "fields": {
                    "paragraph": [slug, label],
                    "entity": [entity],
                    "role": role,
                    "words": words,
                },
            }
        )
    for label, kind, words, note in subjects:
        records.append(
            {
                "model": "declarations.paragraphsubject",
                "fields": {
                    "paragraph": [slug, label],
                    "kind": kind,
                    "words": words,
                    "note": note,
                },
            }
        )
    for key, label, quote, body, basis in notes:
        records.append(
            {
                "model": "declarations.annotation",
                "fields": {
                    "key": key,
                    "paragraph": [slug, label],
                    "kind": Annotation.Kind.EDITORIAL_NOTE.value,
                    "quote": quote,
                    "body": body,
                    "source_citation": basis,
                    "status": Annotation.Status.PUBLISHED.value,
                },
            }
        )
    return records


def write_fixtures(outputs, corpus_dir):
    """Write the built fixtures; return the paths whose content changed."""
    changed = []
    for relative in stale_fixtures(outputs, corpus_dir):
        path = Path(corpus_dir, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(outputs[relative], encoding="utf-8")
        temporary.replace(path)
        changed.append(path)
    return changed


def stale_fixtures(outputs, corpus_dir):
    """Return the names of the built fixtures that differ from those written
    in corpus_dir (missing ones included)."""
    stale = []
    for relative, text in sorted(outputs.items()):
        path = Path(corpus_dir, relative)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(relative)
    return stale


def fixture_paths(corpus_dir):
    """Return the fixture files to load, taxonomies first."""
    corpus_dir = Path(corpus_dir)
    return [
        corpus_dir / THEMES_FIXTURE,
        corpus_dir / INSTRUMENTS_FIXTURE,
        corpus_dir / ENTITIES_FIXTURE,
        *sorted((corpus_dir / DOCUMENTS_DIR).glob("*.json")),
        corpus_dir / VOCABULARY_FIXTURE,
    ]
