"""Importing an official original text in one step: a plain UTF-8 file of
the Chinese original (the preamble, then sections headed 一, 二, …, one
paragraph a line) aligned to the English paragraphs. Nothing is written
unless every section's count matches.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from declarations import derived
from declarations.corpus import CorpusError
from declarations.models import Paragraph
from declarations.text import text_problems, web_address_problems

CHINESE_NUMERALS = "一二三四五六七八九十"
# A heading alone on its line ("二", "二、") or glued to its first paragraph
# ("二、成员国…"), as the two published layouts of the original print it.
CHINESE_HEADING = re.compile(rf"^([{CHINESE_NUMERALS}])(?:[、．.]\s*(.*))?$")


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
        if problems := text_problems(text):
            raise CorpusError(path, number, f"the line {problems[0]}")
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


def import_original(
    document, path, *, provenance, tag="zh-Hans", overwrite=False, dry_run=False
):
    """Fill the document's Chinese text in an expression (zh-Hans, or
    zh-Hant: then its simplified conversion is made again where it is one)
    from the official original, recording its provenance (sources,
    source_kind, confidence, notes) with each paragraph, as a curator's entry
    in the admin records it."""
    for url in provenance["sources"]:
        if problems := web_address_problems(url):
            raise CorpusError(path, 0, f"--source-url: {problems[0]}")
    alignment = align_original(document, path)
    report = ImportReport(
        rows=[(a.paragraph.label, a.paragraph.text_en, a.text) for a in alignment]
    )
    if dry_run:
        return report
    imported_at = timezone.now().isoformat()
    with transaction.atomic(), derived.written_together():
        for item in alignment:
            paragraph = item.paragraph
            row = paragraph.text_row(tag)
            current = row.text if row is not None else ""
            if current == item.text:
                report.unchanged += 1
                continue
            if current and not overwrite:
                report.kept += 1
                continue
            outcome = "replaced" if current else "filled"
            paragraph.set_text(
                tag,
                item.text,
                origin=Paragraph.ChineseOrigin.IMPORT,
                provenance={
                    **provenance,
                    "file": Path(path).name,
                    "line": item.line,
                    "imported_at": imported_at,
                },
            )
            # The text is a row of its own, which save() writes.
            paragraph.save(update_fields=["reading_version"])
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report
