"""Reading pages as data: JSON, CSV and plain text, in the shapes that
docs/DATA.md documents. Every function takes what the HTML page shows, so
that a page and its data always agree."""

from declarations import endorsements, languages
from declarations.models.texts import CHINESE, TRADITIONAL, Expression
from declarations.public_urls import absolute
from declarations.spreadsheet import csv_text

CSV_COLUMNS = [
    "document",
    "label",
    "section",
    "number",
    "themes",
    "instruments",
    "english",
    "chinese",
    "permalink",
    "entities",
    "subject",
    # Appended, so that readers of the first nine columns keep working.
    "theme_labels",
    "instrument_titles",
    "chinese_sources",
    "chinese_confidence",
    # What each text is (its expression's tag and status, Expression).
    "english_expression",
    "english_status",
    "chinese_expression",
    "chinese_status",
    # The Chinese as the press printed it, in traditional characters.
    "chinese_traditional",
    # What each Chinese column is, as citations state it: of which text it
    # is a conversion, by what tool, and an edit its source notes; who
    # entered a text a curator entered.
    "chinese_statement",
    "chinese_traditional_statement",
]

# Excel reads a CSV file without a byte order mark in the system's legacy
# code page, and the Chinese turns to mojibake. Every CSV is served with one
# by default: a reader who opens a download never sees a query string.
# Python's csv module opened as "utf-8" reads the mark into the first column
# name ("\ufeffdocument"), so ?bom=0 offers the plain form (docs/DATA.md).
# Labels hold spaces and commas; slugs and URLs hold neither.
LABEL_SEPARATOR = "; "


def one_line(text):
    """Return text with its line breaks as spaces: a plain-text export keeps
    one record a line, which no field can break or forge."""
    return " ".join(text.splitlines())


def chinese_provenance(paragraph):
    """Return where a paragraph's Chinese text comes from, as every export
    names it: its sources (URLs), confidence, notes and the line of the
    sources file it was read from; None where no Chinese is loaded. A
    curator's login name, stored beside an entry, is never exported."""
    if not paragraph.text_zh:
        return None
    stored = paragraph.text_zh_provenance or {}
    return {
        "sources": list(stored.get("sources", [])),
        "confidence": stored.get("confidence") or None,
        "notes": stored.get("notes") or None,
        "source_line": stored.get("source_line") or stored.get("line") or None,
    }


def text_data(row):
    """Return one of a paragraph's texts (a ParagraphText) with what it is:
    its expression's tag and status, a line saying where it comes from,
    its own sources, and for a conversion what it was converted from and
    by what tool. A curator's login name is never exported."""
    source = row.converted_from
    return {
        "tag": row.tag,
        "status": row.status,
        "description": row.reader_line(),
        "statement": row.statement,
        "text": row.text,
        "sources": list(row.provenance.get("sources", [])),
        "printed_by": row.provenance.get("printed_by") or None,
        "confidence": row.provenance.get("confidence") or None,
        "notes": row.provenance.get("notes") or None,
        "converted_from": None
        if source is None
        else {"tag": source.tag, "tool": row.expression.tool or None},
        "conversion_edit": row.conversion_edit or None,
    }


def paragraph_data(paragraph):
    """Return one paragraph (from for_reading().with_facets())."""
    return {
        "document": paragraph.document.slug,
        "label": paragraph.label,
        "section": paragraph.section.key,
        "number": paragraph.number,
        "position": paragraph.position,
        "id": paragraph.anchor,
        "permalink": absolute(paragraph.get_absolute_url()),
        "text_en": paragraph.text_en,
        "text_zh": paragraph.text_in("zh") or None,
        "text_zh_origin": (paragraph.text_zh_origin or None)
        if paragraph.has_chinese
        else None,
        "text_zh_provenance": chinese_provenance(paragraph)
        if paragraph.has_chinese
        else None,
        "texts": [text_data(row) for row in paragraph.shown_texts()],
        "themes": [theme.slug for theme in paragraph.themes.all()],
        "theme_labels": [theme.name_en for theme in paragraph.themes.all()],
        "instruments": [
            {
                "slug": mention.instrument.slug,
                "verb": mention.verb,
                "title_en": mention.instrument.title_en,
                # As this paragraph's Chinese original prints it, if it does.
                "title_zh": mention.title_zh or None,
            }
            for mention in paragraph.mentions.all()
        ],
        "entities": [
            {"slug": link.entity.slug, "role": link.role, "words": link.word_list}
            for link in paragraph.entity_mentions.all()
        ],
        "subject": subject_data(paragraph),
    }


def subject_data(paragraph):
    """Return a paragraph's recorded subject, or None when it speaks for the
    member states as a whole (from for_reading().with_facets())."""
    subject = paragraph.recorded_subject
    if subject is None:
        return None
    data = {"kind": subject.kind, "words": subject.words, "note": subject.note}
    if subject.names_its_states:
        tally = endorsements.tally(subject, links=paragraph.entity_mentions.all())
        data.update(
            summary=tally.summary,
            member_states=len(tally.members),
            supporting=[e.slug for e in tally.supporting],
            absent=[e.slug for e, _ in tally.absent],
        )
    return data


def subject_matrix_data(matrix):
    """Return the overview's member state × paragraph matrix as JSON-ready
    values: one cell per state and paragraph."""
    return {
        "member_states_on": matrix.date.isoformat(),
        "values": list(endorsements.CELL_VALUES),
        "paragraphs": [
            {
                "label": t.subject.paragraph.label,
                "permalink": absolute(t.subject.paragraph.get_absolute_url()),
                "subject": t.subject.kind,
                "words": t.subject.words,
                "summary": t.summary if t.subject.names_its_states else None,
            }
            for t in matrix.tallies
        ],
        "rows": [
            {
                "entity": state.slug,
                "name_en": state.name_en,
                "url": absolute(state.get_absolute_url()),
                "cells": {t.subject.paragraph.label: value for t, value in cells},
            }
            for state, cells in matrix.rows
        ],
    }


def subject_matrix_csv(matrix):
    """Return the member state × paragraph matrix as CSV: one row a state."""
    return csv_text(
        ["entity", "name_en", *(t.subject.paragraph.label for t in matrix.tallies)],
        (
            [state.slug, state.name_en, *(value for _, value in cells)]
            for state, cells in matrix.rows
        ),
    )


def document_summary(document):
    english, chinese = document.text_statuses
    return {
        "slug": document.slug,
        "title_en": document.title_en,
        "title_zh": document.title_zh or None,
        "adopted_on": document.adopted_on.isoformat(),
        "place": document.place_en,
        "issuing_body": document.issuing_body_en,
        "url": absolute(document.get_absolute_url()),
        # Deprecated (docs/schemas/document.schema.json): each text's notes,
        # as "texts" gives them with the rest of what it is.
        "source_en": english["notes"],
        "source_zh": chinese["notes"],
        "texts": [
            text_status_data(status)
            for status in [english, chinese, *document.other_text_statuses]
        ],
        "title_zh_provenance": title_provenance(document),
        "synthetic": document.is_synthetic,
    }


def text_status_data(status):
    """Return a language's status as the JSON names it (Document.text_status)."""
    return {
        "language": status["language"],
        "tag": status["tag"],
        "status": status["status"],
        "description": status["description"],
        "translator": status["translator"],
        "sources": status["sources"],
    }


def title_provenance(document):
    """Return where the Chinese title comes from; None where it is blank."""
    if not document.title_zh:
        return None
    stored = document.title_provenance_in(CHINESE)
    return {
        "sources": list(stored.get("sources", [])),
        "confidence": stored.get("confidence") or None,
        "notes": stored.get("notes") or None,
        "source_line": stored.get("source_line") or None,
    }


def section_summary(section):
    return {
        "key": section.key,
        "title": section.title,
        "paragraph_count": section.paragraph_count,
        "url": absolute(section.get_absolute_url()),
    }


def document_data(document, paragraphs, filters=None):
    """Return a document with its table of contents and the given paragraphs."""
    return {
        **document_summary(document),
        "paragraph_count": document.paragraph_count,
        "chinese_count": document.chinese_count,
        "sections": [section_summary(s) for s in document.sections.all()],
        "filters": filters or {},
        "paragraphs": [paragraph_data(p) for p in paragraphs],
    }


def theme_data(theme, paragraph_count=None):
    data = {
        "slug": theme.slug,
        "name_en": theme.name_en,
        "name_zh": theme.name_zh,
        "description": theme.description,
        "url": absolute(theme.get_absolute_url()),
    }
    if paragraph_count is not None:
        data["paragraph_count"] = paragraph_count
    return data


def instrument_data(instrument, mention_count=None):
    chinese = instrument.chinese_title
    data = {
        "slug": instrument.slug,
        "title_en": instrument.title_en,
        "title_source": source_data(
            instrument.title_source_parts, instrument.title_source_display
        ),
        "title_zh": chinese.title_zh if chinese else None,
        "title_zh_source": chinese_title_source(chinese),
        "kind": instrument.kind,
        "kind_reason": instrument.kind_reason or None,
        "place": instrument.place or None,
        "adopted_on": instrument.adopted_on.isoformat()
        if instrument.adopted_on
        else None,
        "year": instrument.year,
        "date_text": instrument.date_text or None,
        "date_source": source_data(
            instrument.date_source_parts, instrument.date_source_display
        ),
        "aliases": instrument.alias_list,
        "url": absolute(instrument.get_absolute_url()),
    }
    if mention_count is not None:
        data["mention_count"] = mention_count
    return data


def entity_data(entity, paragraph_count=None):
    data = {
        "slug": entity.slug,
        "kind": entity.kind,
        "name_en": entity.name_en,
        "name_zh": entity.name_zh or None,
        "aliases": entity.alias_list,
        "note": entity.note or None,
        "sources": entity.sources or None,
        "url": absolute(entity.get_absolute_url()),
    }
    if paragraph_count is not None:
        data["paragraph_count"] = paragraph_count
    return data


def membership_data(membership):
    return {
        "status": membership.status,
        "since": membership.since.isoformat(),
        "until": membership.until.isoformat() if membership.until else None,
        "sources": membership.sources,
    }


def source_data(parts, description):
    """Return where an instrument's title, or its place and date, come from
    (Instrument.title_source_parts and _display, or date_source_…); None
    where nothing is said."""
    kind, detail = parts
    if kind is None:
        return None
    return {"kind": kind, "detail": detail, "description": description}


def chinese_title_source(mention):
    """Return the paragraph whose Chinese original prints an instrument's
    Chinese title (Instrument.chinese_title), with that text's confidence;
    None where no loaded Chinese prints it."""
    if mention is None:
        return None
    paragraph = mention.paragraph
    return {
        "document": paragraph.document.slug,
        "label": paragraph.label,
        "permalink": absolute(paragraph.get_absolute_url()),
        "confidence": paragraph.text_zh_provenance.get("confidence"),
    }


def text_columns(row):
    """Return a text's expression tag and what it is, in words (blank when
    the paragraph has no such text shown): 'en', 'unofficial translation'."""
    if row is None:
        return ["", ""]
    return [row.tag, Expression.Status(row.status).label.lower()]


def statement(row):
    """Return what a text is as citations state it (ParagraphText.statement);
    blank when the paragraph has no such text shown."""
    return row.statement if row is not None else ""


def shown_text(paragraph, tag):
    """Return a paragraph's text in an expression as a reader is shown it;
    blank where it has none shown."""
    shown = paragraph.chinese_shown(tag)
    return shown.text if shown else ""


def language_columns(lang):
    """Return the registered language whose text a CSV asked in a language
    (a ?lang= value) appends, with the names of its three columns: a
    language that ?lang=both does not show (not the English or the Chinese,
    which every CSV holds); (None, []) otherwise."""
    if lang is None or languages.shown_by_both(lang):
        return None, []
    language = languages.get(lang)
    name = language.name.lower()
    return language, [name, f"{name}_expression", f"{name}_status"]


def paragraphs_csv(paragraphs, bom=True, lang=None):
    """Return one CSV row per paragraph, with a header, after a byte order
    mark unless bom is False (spreadsheet.csv_text); asked in a language
    other than the English and the Chinese (lang, a ?lang= value), its text,
    tag and status are appended (language_columns)."""
    language, extra_columns = language_columns(lang)
    rows = []
    for paragraph in paragraphs:
        provenance = chinese_provenance(paragraph)
        row = [
            paragraph.document.slug,
            paragraph.label,
            paragraph.section.key,
            paragraph.number,
            " ".join(theme.slug for theme in paragraph.themes.all()),
            " ".join(m.instrument.slug for m in paragraph.mentions.all()),
            paragraph.text_en,
            paragraph.text_in("zh"),
            absolute(paragraph.get_absolute_url()),
            " ".join(link.entity.slug for link in paragraph.entity_mentions.all()),
            paragraph.recorded_subject.kind if paragraph.recorded_subject else "",
            LABEL_SEPARATOR.join(theme.name_en for theme in paragraph.themes.all()),
            LABEL_SEPARATOR.join(
                m.instrument.title_en for m in paragraph.mentions.all()
            ),
            " ".join(provenance["sources"]) if provenance else "",
            (provenance["confidence"] or "") if provenance else "",
            *text_columns(paragraph.text_row("en")),
            *text_columns(paragraph.chinese_shown("zh")),
            shown_text(paragraph, TRADITIONAL),
            statement(paragraph.chinese_shown("zh")),
            statement(paragraph.chinese_shown(TRADITIONAL)),
        ]
        if language is not None:
            shown = paragraph.chinese_shown(language.tag)
            row += [shown_text(paragraph, language.tag), *text_columns(shown)]
        rows.append(row)
    return csv_text([*CSV_COLUMNS, *extra_columns], rows, bom=bom)


def plain_text(document, paragraphs, lang):
    """Return the document as plain text in one language (a registered tag
    or its ?lang= value: 'en', 'zh', 'zh-Hant', 'ru'), one paragraph a line,
    each with its label; a missing text is said, never filled."""
    language = languages.get(lang)
    lines = [one_line(document.title_in(lang) or document.title_en), ""]
    section = None
    for paragraph in paragraphs:
        if paragraph.section_id != section:
            section = paragraph.section_id
            lines += ["", paragraph.section.title, ""]
        shown = paragraph.chinese_shown(lang)
        text = shown.text if shown else f"[{language.text_noun} not available]"
        lines.append(f"{paragraph.label}\t{one_line(text)}")
    return "\n".join(lines + sources_footer(document, paragraphs, lang)) + "\n"


# The name the plain text gives the notes on where a language's texts come
# from (its expression's notes), by the language's Akoma Ntoso code.
SOURCE_NOTES = {"eng": "English", "zho": "Chinese"}


def sources_footer(document, paragraphs, lang):
    """Return the lines that close a plain-text export: where its text comes
    from and, for a text recovered paragraph by paragraph (not a
    translation: the Chinese in either script), each paragraph's own
    status, sources and confidence."""
    lines = ["", "", "Sources", ""]
    status = document.text_status(lang)
    # The expression's tag and status as the JSON and CSV name them.
    this = f"This text ({status['tag']}, {status['status']}): {status['description']}"
    if status["is_translation"]:
        translator = status["translator"] or "not identified"
        lines.append(f"{this}; translator {translator}.")
    else:
        lines.append(f"{this}.")
    for source in status["sources"]:
        lines.append(f"Source: {one_line(source)}")
    name = SOURCE_NOTES.get(languages.get(lang).akn)
    if name is not None:
        lines.append(f"{name}: {one_line(status['notes'])}")
    if status["is_translation"]:
        return lines
    for paragraph in paragraphs:
        row = paragraph.text_row(lang)
        if row is not None:
            provenance = row.provenance
            # Each text's own status: IV.4's is a quotation as printed,
            # not a conversion like most of the document's.
            confidence = provenance.get("confidence") or "not stated"
            sources = " ".join(provenance.get("sources", [])) or "no source URL"
            lines.append(
                f"{paragraph.label}\t{row.statement}; confidence {confidence}: "
                f"{one_line(sources)}"
            )
    return lines
