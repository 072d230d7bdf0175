"""Curators' annotations in and out: a JSON export (for backups and review)
and its import, idempotent by each annotation's stable key. The import also
reads the Web Annotations the site publishes (declarations.web_annotations).
"""

import datetime
import json
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from declarations import derived
from declarations.corpus import CorpusError
from declarations.models import Annotation, Paragraph
from declarations.text import text_problems, web_address_problems
from declarations.web_annotations import (
    NotAWebAnnotation,
    is_web_annotation,
    records as web_annotation_records,
)

ANNOTATION_FIELDS = [
    "kind",
    "status",
    "body",
    "quote",
    "source_url",
    "source_citation",
]


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


# Every field of an export is a string (or null); nothing nests.
RECORD_FIELDS = [
    "key",
    "document",
    "paragraph",
    *ANNOTATION_FIELDS,
    "author",
    "last_changed_by",
    "created_at",
    "updated_at",
]
REQUIRED_FIELDS = ["key", "document", "paragraph", "body", "kind", "status"]


def read_annotation_records(path, *, editorial_notes=False, authors=False):
    """Return the records of an annotations file, each checked against the
    export's schema and the model's own validation (the admin form's).
    An editorial note (the project's) or a recorded author or editor is
    accepted only when asked for (editorial_notes, authors)."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CorpusError(path, error.lineno, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise CorpusError(path, 0, "the JSON is nested too deeply") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, 0, f"cannot read the file: {error}") from None
    if is_web_annotation(records):
        try:
            records = web_annotation_records(records)
        except NotAWebAnnotation as error:
            raise CorpusError(path, 0, f"Web Annotation: {error}") from None
    if not isinstance(records, list):
        raise CorpusError(path, 0, "the file must hold a JSON list of annotations")
    for index, record in enumerate(records, start=1):
        check_record(path, f"annotation {index}", record)
        check_permitted(path, f"annotation {index}", record, editorial_notes, authors)
    return records


# An annotation's dates lie between the SCO's founding year and today (a
# day of leeway for clocks): anything else is a mistake, and a far date
# with a large offset cannot even be turned into UTC.
EARLIEST = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


def moment_problem(value):
    """Return why a record's date and time cannot be stored, or None."""
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed, but no such day: 2025-02-30
        moment = None
    if moment is None:
        return "not a date and time (YYYY-MM-DDTHH:MM:SS±HH:MM)"
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    latest = timezone.now() + datetime.timedelta(days=1)
    try:
        in_range = EARLIEST <= moment.astimezone(datetime.UTC) <= latest
    except OverflowError:
        in_range = False
    if not in_range:
        return f"{value} is not between 2001 and today"
    return None


def check_permitted(path, where, record, editorial_notes, authors):
    """Refuse what only an explicit flag lets in: the project's editorial
    notes are published under its name, and a recorded author or editor
    claims someone's account."""
    if record.get("kind") == Annotation.Kind.EDITORIAL_NOTE and not editorial_notes:
        raise CorpusError(
            path,
            0,
            f"{where}, field 'kind': an editorial note is the project's; "
            "import it only with --editorial-notes",
        )
    for name in ("author", "last_changed_by"):
        if record.get(name) and not authors:
            raise CorpusError(
                path,
                0,
                f"{where}, field '{name}': an account is recorded only with --authors",
            )


def check_record(path, where, record):
    if not isinstance(record, dict):
        raise CorpusError(path, 0, f"{where} is not an object")
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        raise CorpusError(path, 0, f"{where} has no {', '.join(missing)}")
    for name, value in record.items():
        if name not in RECORD_FIELDS:
            raise CorpusError(path, 0, f"{where}: unknown field '{name}'")
        if value is not None and not isinstance(value, str):
            raise CorpusError(
                path,
                0,
                f"{where}, field '{name}': a string, not {type(value).__name__}",
            )
        if problems := text_problems(value):
            raise CorpusError(path, 0, f"{where}, field '{name}' {problems[0]}")
    if record.get("source_url") and (
        problems := web_address_problems(record["source_url"])
    ):
        raise CorpusError(path, 0, f"{where}, field 'source_url': {problems[0]}")
    for name in REQUIRED_FIELDS:
        if record[name] is None:
            raise CorpusError(path, 0, f"{where}, field '{name}': required, not null")
    try:
        uuid.UUID(record["key"])
    except ValueError:
        raise CorpusError(path, 0, f"{where}, field 'key': not a UUID") from None
    for name in ("created_at", "updated_at"):
        if record.get(name) and (problem := moment_problem(record[name])):
            raise CorpusError(path, 0, f"{where}, field '{name}': {problem}")
    candidate = Annotation(
        **{name: record.get(name) or "" for name in ANNOTATION_FIELDS}
    )
    try:
        candidate.full_clean(
            exclude=["key", "paragraph", "author", "last_changed_by"],
            validate_unique=False,
        )
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CorpusError(
            path, 0, f"{where}, field '{name}': {' '.join(messages)}"
        ) from None


def import_annotations(path, *, editorial_notes=False, authors=False):
    """Create or update annotations from an export, by key; return the counts.
    editorial_notes, authors: accept those (read_annotation_records)."""
    records = read_annotation_records(
        path, editorial_notes=editorial_notes, authors=authors
    )
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(), derived.written_together():
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
            }
            # A Web Annotation names no accounts: keep whoever is recorded.
            for name in ["author", "last_changed_by"]:
                if name in record:
                    values[name] = users.get(record[name])
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
