"""The project's editorial notes on a document
(fixtures/curation/<doc>/editorial_notes.csv): remarks on the translation
published under the project's name, each with its basis, never a change to
the text. Read and checked here for the build (declarations/corpus/fixtures.py).
"""

import uuid
from pathlib import Path

from declarations.corpus import CorpusError
from declarations.corpus.curation_files import read_csv
from declarations.markdown_html import markdown_problems
from declarations.models import Annotation

# The project's editorial notes on a document: the paragraph, the passage
# (copied exactly from its English; may be blank), the note (Markdown) and
# its basis (what it relies on, with how sure that is).
EDITORIAL_NOTE_COLUMNS = ["label", "quote", "body", "basis"]
# The namespace of the stable keys of editorial notes (uuid5 of the row's
# document, label and quote), so that a reload updates a note, never adds one.
EDITORIAL_NOTE_NAMESPACE = uuid.UUID("6d1f6c1e-4b7a-5f57-9a0e-3c2f1d5a8e21")


def editorial_note_key(document_slug, label, quote):
    """Return the stable key of an editorial note, from its row."""
    return str(
        uuid.uuid5(EDITORIAL_NOTE_NAMESPACE, f"{document_slug}\n{label}\n{quote}")
    )


def read_editorial_notes(path, document_slug, paragraphs):
    """Return the editorial notes of a document as (key, label, quote, body,
    basis), each checked: the paragraph exists, the quote occurs in its
    English, a body and a basis (of the length an annotation stores) are
    given, and no two rows share a key.
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
        # The basis is stored as the annotation's source_citation, which an
        # import of the exported annotations checks against its length.
        limit = Annotation._meta.get_field("source_citation").max_length
        if len(row["basis"]) > limit:
            raise CorpusError(
                path,
                line,
                f"the basis of the note on {label} has {len(row['basis'])} "
                f"characters, more than {limit}",
            )
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
