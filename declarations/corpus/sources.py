"""Reading the sources: the declaration's English text, one paragraph a line
under its section headings, and the Chinese records recovered from news
sources. Pure functions of the files; nothing here touches the database.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from declarations.corpus import CorpusError
from declarations.models.texts import REMOVED_MARKER

ROMAN_HEADING = re.compile(r"^[IVXLC]+$")
# The Chinese records we may load as the original: whole and trusted.
TRUSTED_CONFIDENCE = {"high", "medium"}


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
            if provenance["notes"].startswith(REMOVED_MARKER):
                # What the text is, kept apart from the notes that say so:
                # a curator who rewrites the notes does not change the text.
                provenance["removed_insertions"] = True
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
