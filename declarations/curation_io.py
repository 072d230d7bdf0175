"""What curators' work goes in and out through, besides the admin.

- import_original: load the official Chinese text of a document in one step;
- export_curation: write the database's themes and links back into the
  reviewable curation files under fixtures/curation/;
- export_annotations / import_annotations: back up and restore annotations,
  idempotently by their stable key.

Every writer runs in one transaction and checks everything before it writes,
so a fault leaves the database as it was.
"""

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from declarations.importers import (
    ALIAS_SEPARATOR,
    INSTRUMENT_COLUMNS,
    MENTION_COLUMNS,
    PARAGRAPH_THEME_COLUMNS,
    THEME_COLUMNS,
    CorpusError,
)
from declarations.models import (
    Annotation,
    Document,
    Instrument,
    Mention,
    Paragraph,
    Theme,
)

CHINESE_NUMERALS = "一二三四五六七八九十"
# A heading alone on its line ("二", "二、") or glued to its first paragraph
# ("二、成员国…"), as the two published layouts of the original print it.
CHINESE_HEADING = re.compile(rf"^([{CHINESE_NUMERALS}])(?:[、．.]\s*(.*))?$")


# --- The Chinese original -------------------------------------------------------


@dataclass
class Alignment:
    paragraph: Paragraph
    text: str
    line: int


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    filled: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: int = 0


def parse_chinese_original(path):
    """Return [(section position, [(line, text), …]), …] from a plain-text file:
    the preamble, then sections headed 一, 二, …"""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CorpusError(path, 0, f"not UTF-8 text ({error.reason})") from None
    sections = [(0, [])]
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().lstrip("\ufeff")
        if not text:
            continue
        heading = CHINESE_HEADING.match(text)
        if heading:
            position = CHINESE_NUMERALS.index(heading.group(1)) + 1
            expected = sections[-1][0] + 1
            if position != expected:
                found = heading.group(1)
                wanted = CHINESE_NUMERALS[expected - 1]
                problem = (
                    f"repeated section heading '{found}'"
                    if position < expected
                    else f"missing section heading '{wanted}' before '{found}'"
                )
                raise CorpusError(path, number, problem)
            sections.append((position, []))
            if heading.group(2):
                sections[-1][1].append((number, heading.group(2).strip()))
            continue
        sections[-1][1].append((number, text))
    return sections


def align_original(document, path):
    """Return the alignment of a Chinese original to the document's English
    paragraphs, refusing when any section's paragraph count differs."""
    parsed = dict(parse_chinese_original(path))
    sections = list(document.sections.all())
    if len(parsed) != len(sections):
        raise CorpusError(
            path,
            0,
            f"the file has {len(parsed) - 1} numbered sections, "
            f"the English has {len(sections) - 1}",
        )
    paragraphs = Paragraph.objects.filter(document=document).select_related("section")
    by_section = {}
    for paragraph in paragraphs.order_by("position"):
        by_section.setdefault(paragraph.section.position, []).append(paragraph)
    alignment = []
    for section in sections:
        english = by_section.get(section.position, [])
        chinese = parsed[section.position]
        if len(english) != len(chinese):
            raise CorpusError(
                path,
                chinese[0][0] if chinese else 0,
                f"{section.title} has {len(chinese)} paragraphs in the file "
                f"but {len(english)} in the English; nothing was imported",
            )
        alignment += [
            Alignment(paragraph, text, line)
            for paragraph, (line, text) in zip(english, chinese, strict=True)
        ]
    return alignment


def import_original(document, path, *, overwrite=False, dry_run=False):
    """Fill the document's Chinese text from the official original."""
    alignment = align_original(document, path)
    report = ImportReport(
        rows=[(a.paragraph.label, a.paragraph.text_en, a.text) for a in alignment]
    )
    if dry_run:
        return report
    imported_at = timezone.now().isoformat()
    with transaction.atomic():
        for item in alignment:
            paragraph = item.paragraph
            if paragraph.text_zh == item.text:
                report.unchanged += 1
                continue
            if paragraph.text_zh and not overwrite:
                report.kept += 1
                continue
            outcome = "replaced" if paragraph.text_zh else "filled"
            paragraph.text_zh = item.text
            paragraph.text_zh_origin = Paragraph.ChineseOrigin.IMPORT
            paragraph.text_zh_provenance = {
                "file": Path(path).name,
                "line": item.line,
                "imported_at": imported_at,
            }
            paragraph.save(
                update_fields=["text_zh", "text_zh_origin", "text_zh_provenance"]
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
        document.touch()
    return report


# --- Curation files ---------------------------------------------------------------


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
                    ALIAS_SEPARATOR.join(i.alias_list),
                    i.description,
                ]
                for i in Instrument.objects.order_by("slug")
            ],
        ),
    }
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


# --- Annotations ---------------------------------------------------------------------


ANNOTATION_FIELDS = ["kind", "status", "body", "source_url", "source_citation"]


def export_annotations():
    """Return every annotation as a JSON-ready list, in a stable order."""
    annotations = Annotation.objects.select_related(
        "paragraph__document", "author", "last_changed_by"
    ).order_by("paragraph__document__slug", "paragraph__position", "created_at", "key")
    return [
        {
            "key": str(a.key),
            "document": a.paragraph.document.slug,
            "paragraph": a.paragraph.label,
            **{name: getattr(a, name) for name in ANNOTATION_FIELDS},
            "author": a.author.get_username() if a.author else None,
            "last_changed_by": (
                a.last_changed_by.get_username() if a.last_changed_by else None
            ),
            "created_at": a.created_at.isoformat(),
            "updated_at": a.updated_at.isoformat(),
        }
        for a in annotations
    ]


def write_annotations(path):
    """Write the annotations export to a file; return how many it holds."""
    records = export_annotations()
    Path(path).write_text(
        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return len(records)


def read_annotation_records(path):
    """Return the records of an annotations file, each checked."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CorpusError(path, error.lineno, f"invalid JSON: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, 0, f"cannot read the file: {error}") from None
    if not isinstance(records, list):
        raise CorpusError(path, 0, "the file must hold a JSON list of annotations")
    kinds, statuses = set(Annotation.Kind.values), set(Annotation.Status.values)
    required = ["key", "document", "paragraph", "body", "kind", "status"]
    for index, record in enumerate(records, start=1):
        where = f"annotation {index}"
        if not isinstance(record, dict):
            raise CorpusError(path, 0, f"{where} is not an object")
        missing = [name for name in required if name not in record]
        if missing:
            raise CorpusError(path, 0, f"{where} has no {', '.join(missing)}")
        try:
            uuid.UUID(str(record["key"]))
        except ValueError:
            raise CorpusError(path, 0, f"{where}: key is not a UUID") from None
        if record["kind"] not in kinds:
            raise CorpusError(path, 0, f"{where}: unknown kind '{record['kind']}'")
        if record["status"] not in statuses:
            raise CorpusError(path, 0, f"{where}: unknown status '{record['status']}'")
    return records


def import_annotations(path):
    """Create or update annotations from an export, by key; return the counts."""
    records = read_annotation_records(path)
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for index, record in enumerate(records, start=1):
            paragraph = Paragraph.objects.filter(
                document__slug=record["document"], label=record["paragraph"]
            ).first()
            if paragraph is None:
                raise CorpusError(
                    path,
                    0,
                    f"annotation {index}: no paragraph {record['paragraph']} "
                    f"in '{record['document']}'",
                )
            values = {
                "paragraph": paragraph,
                **{name: record.get(name, "") or "" for name in ANNOTATION_FIELDS},
                "author": users.get(record.get("author")),
                "last_changed_by": users.get(record.get("last_changed_by")),
            }
            annotation = Annotation.objects.filter(key=record["key"]).first()
            if annotation is None:
                annotation = Annotation(key=record["key"], **values)
                if record.get("created_at"):
                    annotation.created_at = parse_datetime(record["created_at"])
                annotation.save()
                counts["created"] += 1
            elif any(
                getattr(annotation, name) != value for name, value in values.items()
            ):
                for name, value in values.items():
                    setattr(annotation, name, value)
                annotation.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts
