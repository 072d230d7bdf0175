"""Plain functions that turn the sources and curation files into fixtures,
and load those fixtures into the database without losing curators' work.

The build is pure: it reads files and returns the fixture texts, so a fault
anywhere means nothing is written. Every fault names the file, the line and
what is wrong, as a CorpusError.
"""

import csv
import datetime
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from declarations.models import (
    Document,
    Instrument,
    Mention,
    Paragraph,
    Section,
    Theme,
)

ROMAN_HEADING = re.compile(r"^[IVXLC]+$")
GUILLEMET_TITLE = re.compile(r"«([^»]+)»")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The Chinese records we may load as the original: whole and trusted.
TRUSTED_CONFIDENCE = {"high", "medium"}
THEMES_FIXTURE = "themes.json"
INSTRUMENTS_FIXTURE = "instruments.json"
DOCUMENTS_DIR = "documents"


class CorpusError(Exception):
    """A fault in a source or curation file, located by file and line."""

    def __init__(self, path, line, message):
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


@dataclass
class SourceParagraph:
    section_key: str
    number: int
    position: int
    label: str
    text: str
    line: int
    themes: list = field(default_factory=list)
    chinese: dict | None = None


@dataclass
class SourceSection:
    key: str
    heading: str
    position: int
    line: int
    paragraphs: list = field(default_factory=list)


def section_key(heading):
    """Return the URL key of a section heading: 'II' → 'ii'."""
    return heading.lower()


def label_for(heading, number):
    """Return the citation label of a paragraph: ('II', 14) → 'II.14'."""
    return f"{heading or 'Preamble'}.{number}"


# --- Reading the sources ------------------------------------------------------


def parse_declaration(path, first_line, headings):
    """Return the sections of a declaration: the preamble, then one section per
    heading, each a list of one-line paragraphs."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if len(lines) < first_line:
        raise CorpusError(
            path, len(lines), f"the declaration should start on line {first_line}"
        )
    preamble = SourceSection("preamble", "", 0, first_line)
    sections = [preamble]
    expected = list(headings)
    seen_text = {}
    position = 0
    for number, raw in enumerate(lines[first_line - 1 :], start=first_line):
        text = raw.strip()
        if ROMAN_HEADING.match(text):
            if text in (s.heading for s in sections):
                raise CorpusError(path, number, f"repeated section heading '{text}'")
            if not expected or text != expected[0]:
                wanted = expected[0] if expected else "none"
                raise CorpusError(
                    path, number, f"missing section heading '{wanted}' before '{text}'"
                )
            if not sections[-1].paragraphs:
                raise CorpusError(path, number, f"{sections[-1].key} has no paragraphs")
            expected.pop(0)
            sections.append(
                SourceSection(section_key(text), text, len(sections), number)
            )
            continue
        if not text:
            raise CorpusError(path, number, "empty paragraph")
        if text in seen_text:
            raise CorpusError(
                path,
                number,
                f"duplicated paragraph (same text as line {seen_text[text]})",
            )
        seen_text[text] = number
        section = sections[-1]
        position += 1
        paragraph_number = len(section.paragraphs) + 1
        section.paragraphs.append(
            SourceParagraph(
                section_key=section.key,
                number=paragraph_number,
                position=position,
                label=label_for(section.heading, paragraph_number),
                # Stored exactly as in the source: only the line ending is dropped.
                text=raw,
                line=number,
            )
        )
    if expected:
        raise CorpusError(path, len(lines), f"missing section heading '{expected[0]}'")
    if not sections[-1].paragraphs:
        raise CorpusError(path, len(lines), f"{sections[-1].key} has no paragraphs")
    return sections


def read_lines(path, first, last):
    """Return lines first..last (1-based, inclusive) of a text file, joined."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return "\n\n".join(line.strip() for line in lines[first - 1 : last] if line.strip())


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
]
PARAGRAPH_THEME_COLUMNS = ["label", "themes"]
MENTION_COLUMNS = ["label", "instrument", "verb"]
ALIAS_SEPARATOR = " | "


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
        instruments[slug] = row
    return instruments


def instrument_names(row):
    """Return every name by which the text may name an instrument."""
    aliases = [
        a.strip() for a in row["aliases"].split(ALIAS_SEPARATOR.strip()) if a.strip()
    ]
    return [row["title_en"], *aliases]


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
        text = paragraphs[label].text.casefold()
        if not any(
            name.casefold() in text for name in instrument_names(instruments[slug])
        ):
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


def read_chinese(path, paragraphs_by_line):
    """Attach the trusted Chinese records to their paragraphs; return the title
    record. Truncated or low-confidence records are not the original: skipped."""
    title = None
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as error:
                raise CorpusError(path, number, f"invalid JSON: {error.msg}") from None
            for key in (
                "line",
                "kind",
                "zh_hans",
                "truncated",
                "confidence",
                "sources",
            ):
                if key not in record:
                    raise CorpusError(path, number, f"record has no '{key}'")
            if record["truncated"] or record["confidence"] not in TRUSTED_CONFIDENCE:
                continue
            provenance = {
                "source_line": number,
                "confidence": record["confidence"],
                "sources": record["sources"],
                "notes": record.get("notes", ""),
                "zh_hant": record.get("zh_hant", ""),
            }
            if record["kind"] == "title":
                title = (record["zh_hans"], provenance)
            elif record["kind"] in {"preamble", "paragraph"}:
                paragraph = paragraphs_by_line.get(record["line"])
                if paragraph is None:
                    raise CorpusError(
                        path,
                        number,
                        f"English line {record['line']} is not a paragraph",
                    )
                if not paragraph.text.startswith(record.get("en_start", "")):
                    raise CorpusError(
                        path,
                        number,
                        f"en_start differs from the English of line {record['line']}",
                    )
                if paragraph.chinese is not None:
                    raise CorpusError(
                        path, number, f"a second record for line {record['line']}"
                    )
                paragraph.chinese = {
                    "text": record["zh_hans"],
                    "provenance": provenance,
                }
    return title


# --- Building the fixtures -----------------------------------------------------


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
    }
    for config_path in document_configs(corpus_dir):
        slug, records = build_document(corpus_dir, config_path, themes, instruments)
        outputs[f"{DOCUMENTS_DIR}/{slug}.json"] = fixture_text(records)
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
            "aliases": "\n".join(instrument_names(row)[1:]),
            "description": row["description"],
        },
    }


def read_config(path):
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CorpusError(path, 0, f"invalid TOML: {error}") from None


def build_document(corpus_dir, config_path, themes, instruments):
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
    title = read_chinese(zh_path, {p.line: p for p in paragraphs.values()})

    overview = ""
    if "overview_lines" in english:
        overview = read_lines(en_path, *english["overview_lines"])
    title_zh, title_provenance = title or ("", {})
    records = [
        {
            "model": "declarations.document",
            "fields": {
                "slug": slug,
                "title_en": config["title_en"],
                "title_zh": title_zh,
                "title_zh_provenance": title_provenance,
                "short_title_en": config["short_title_en"],
                "adopted_on": config["adopted_on"].isoformat(),
                "place_en": config["place_en"],
                "issuing_body_en": config["issuing_body_en"],
                "source_en": english["provenance"],
                "source_zh": chinese["provenance"],
                "overview": overview,
                "overview_attribution": english.get("overview_attribution", ""),
            },
        }
    ]
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
    return slug, records


def write_fixtures(outputs, corpus_dir):
    """Write the built fixtures; return the paths whose content changed."""
    changed = []
    for relative, text in sorted(outputs.items()):
        path = Path(corpus_dir, relative)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        changed.append(path)
    return changed


# --- Loading the fixtures -----------------------------------------------------


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # records where a curator's work was kept over the corpus
    touched_documents: set = field(default_factory=set)

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def upsert(model, lookup, values, report):
    """Create or update one row, saving only when a value differs."""
    values = {
        name: value
        if model._meta.get_field(name).is_relation
        else model._meta.get_field(name).to_python(value)
        for name, value in values.items()
    }
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        report.count("created")
        return instance, True
    differs = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if differs:
        for name in differs:
            setattr(instance, name, values[name])
        instance.save(update_fields=differs)
        report.count("updated")
        return instance, True
    report.count("unchanged")
    return instance, False


def create_only(model, lookup, values, report):
    """Create a row that curators own once loaded; leave an existing one be."""
    if model.objects.filter(**lookup).exists():
        report.count("kept")
        return
    model.objects.create(**lookup, **values)
    report.count("created")


def fixture_paths(corpus_dir):
    """Return the fixture files to load, taxonomies first."""
    corpus_dir = Path(corpus_dir)
    return [
        corpus_dir / THEMES_FIXTURE,
        corpus_dir / INSTRUMENTS_FIXTURE,
        *sorted((corpus_dir / DOCUMENTS_DIR).glob("*.json")),
    ]


def load_corpus(corpus_dir):
    """Load every fixture in one transaction; return a LoadReport."""
    report = LoadReport()
    with transaction.atomic():
        for path in fixture_paths(corpus_dir):
            try:
                records = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as error:
                raise CorpusError(
                    path, getattr(error, "lineno", 0), str(error)
                ) from None
            load_records(path, records, report)
        for document in Document.objects.filter(slug__in=report.touched_documents):
            document.touch()
    return report


def load_records(path, records, report):
    mentions_by_paragraph = {}
    for index, record in enumerate(records):
        fields = dict(record.get("fields", {}))
        model = record.get("model")
        try:
            if model == "declarations.theme":
                create_only(Theme, {"slug": fields.pop("slug")}, fields, report)
            elif model == "declarations.instrument":
                create_only(Instrument, {"slug": fields.pop("slug")}, fields, report)
            elif model == "declarations.document":
                _, changed = upsert(
                    Document, {"slug": fields.pop("slug")}, fields, report
                )
                if changed:
                    report.touched_documents.add(_.slug)
            elif model == "declarations.section":
                document = Document.objects.get(slug=fields.pop("document")[0])
                _, changed = upsert(
                    Section,
                    {"document": document, "key": fields.pop("key")},
                    fields,
                    report,
                )
                if changed:
                    report.touched_documents.add(document.slug)
            elif model == "declarations.paragraph":
                load_paragraph(fields, report)
            elif model == "declarations.mention":
                document_slug, label = fields["paragraph"]
                mentions_by_paragraph.setdefault((document_slug, label), {})[
                    fields["instrument"][0]
                ] = fields["verb"]
            else:
                raise CorpusError(
                    path, 0, f"record {index + 1}: unknown model '{model}'"
                )
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise CorpusError(
                path, 0, f"record {index + 1} ({model}): {error!r}"
            ) from None
        except ObjectDoesNotExist as error:
            raise CorpusError(
                path, 0, f"record {index + 1} ({model}): {error}"
            ) from None
    if any(r.get("model") == "declarations.paragraph" for r in records):
        sync_mentions(records, mentions_by_paragraph, report)


def load_paragraph(fields, report):
    """Upsert a paragraph's sourced text, keeping curator-owned Chinese,
    themes and links."""
    document = Document.objects.get(slug=fields["document"][0])
    section = Section.objects.get(document=document, key=fields["section"][1])
    theme_slugs = [natural[0] for natural in fields["themes"]]
    sourced = {
        "section": section,
        "number": fields["number"],
        "position": fields["position"],
        "text_en": fields["text_en"],
    }
    existing = Paragraph.objects.filter(
        document=document, label=fields["label"]
    ).first()
    chinese = {
        "text_zh": fields["text_zh"],
        "text_zh_origin": fields["text_zh_origin"],
        "text_zh_provenance": fields["text_zh_provenance"],
    }
    if existing is not None and existing.text_zh_origin in {
        Paragraph.ChineseOrigin.CURATOR,
        Paragraph.ChineseOrigin.IMPORT,
    }:
        report.count("kept")
    else:
        sourced.update(chinese)
    paragraph, changed = upsert(
        Paragraph, {"document": document, "label": fields["label"]}, sourced, report
    )
    if paragraph.themes_curated:
        report.count("kept")
    else:
        current = set(paragraph.themes.values_list("slug", flat=True))
        if current != set(theme_slugs):
            themes = list(Theme.objects.filter(slug__in=theme_slugs))
            if len(themes) != len(set(theme_slugs)):
                raise Theme.DoesNotExist(f"unknown theme among {theme_slugs}")
            paragraph.themes.set(themes)
            changed = True
    if changed:
        report.touched_documents.add(document.slug)


def sync_mentions(records, mentions_by_paragraph, report):
    """Make each uncurated paragraph's instrument links those of the corpus."""
    instruments = {i.slug: i for i in Instrument.objects.all()}
    for record in records:
        if record.get("model") != "declarations.paragraph":
            continue
        fields = record["fields"]
        key = (fields["document"][0], fields["label"])
        paragraph = Paragraph.objects.get(document__slug=key[0], label=key[1])
        if paragraph.mentions_curated:
            report.count("kept")
            continue
        wanted = mentions_by_paragraph.get(key, {})
        current = {
            m.instrument.slug: m
            for m in paragraph.mentions.select_related("instrument")
        }
        changed = False
        for slug, mention in current.items():
            if slug not in wanted:
                mention.delete()
                changed = True
            elif mention.verb != wanted[slug]:
                mention.verb = wanted[slug]
                mention.save(update_fields=["verb"])
                changed = True
        for slug, verb in wanted.items():
            if slug not in current:
                if slug not in instruments:
                    raise Instrument.DoesNotExist(f"unknown instrument '{slug}'")
                Mention.objects.create(
                    paragraph=paragraph, instrument=instruments[slug], verb=verb
                )
                changed = True
        if changed:
            report.count("updated")
            report.touched_documents.add(key[0])
