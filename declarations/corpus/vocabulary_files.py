"""The vocabulary's curation file, fixtures/curation/termbase.csv (its rule
for sources in fixtures/curation/termbase.md), read and checked for the
build, and the vocabulary fixture built from it and the other curation
files (declarations/vocabulary.py holds the models).

Every concept the site names gets labels: a term from the termbase alone;
a theme, entity or instrument from its own file (its names, aliases and
Chinese name) and from any termbase row that names it ('entity:who'). A
termbase row gives a label's source; a label from the other files without
a row is sourced from the text where the text bears it (the first
paragraph, in reading order), an English one otherwise as the curators'
own; a Chinese one without either is a fault.
"""

import datetime
import re

from declarations import languages, search
from declarations.corpus import CorpusError
from declarations.corpus.curation_files import SLUG, read_csv, split_aliases
from declarations.vocabulary import CHINESE_TAGS, LANGUAGE_TAGS, Concept, Label

TERMBASE_COLUMNS = [
    "concept",
    "language",
    "role",
    "label",
    "source",
    "confidence",
    "note",
]
ADDRESS_SOURCE = re.compile(
    r"^(?P<address>https?://\S+) (?:checked (?P<checked>\d{4}-\d{2}-\d{2})|not opened)$"
)
TEXT_SOURCE = re.compile(r"^text(?: (?P<label>\S+))?$")


def concept_reference(path, line, cell, rows):
    """Return (kind, key) of a 'kind:key' cell; the key must name a row of
    that kind's file (a term's key only needs to be a slug)."""
    kind, _, key = cell.partition(":")
    if kind not in Concept.Kind.values or not SLUG.match(key):
        raise CorpusError(
            path,
            line,
            f"concept '{cell}' is not kind:slug (kinds: term, entity, "
            "theme, instrument)",
        )
    if kind != Concept.Kind.TERM and key not in rows[kind]:
        raise CorpusError(path, line, f"unknown {kind} '{key}'")
    return kind, key


def read_source(path, line, cell):
    """Return a termbase source cell as the Label fields it stands for,
    leaving a paragraph from the text to be found later ('paragraph':
    None, or the label it names)."""
    if cell == "curators":
        return {"source": Label.Source.CURATORS}
    if match := TEXT_SOURCE.match(cell):
        return {"source": Label.Source.TEXT, "paragraph": match["label"]}
    if match := ADDRESS_SOURCE.match(cell):
        checked = match["checked"]
        if checked:
            try:
                datetime.date.fromisoformat(checked)
            except ValueError:
                raise CorpusError(
                    path, line, f"'{checked}' is not a YYYY-MM-DD date"
                ) from None
        return {
            "source": Label.Source.ADDRESS,
            "address": match["address"],
            "checked_on": checked or None,
        }
    raise CorpusError(
        path,
        line,
        f"source '{cell}' is none of: text, text <label>, curators, "
        "<address> checked YYYY-MM-DD, <address> not opened",
    )


def read_termbase(path, rows):
    """Return the termbase's labels, checked line by line: [(line, label
    fields)]. rows: {'entity'|'theme'|'instrument': {slug: row}}."""
    labels, seen = [], set()
    for line, row in read_csv(path, TERMBASE_COLUMNS):
        concept = concept_reference(path, line, row["concept"], rows)
        if row["language"] not in LANGUAGE_TAGS:
            raise CorpusError(
                path,
                line,
                f"language '{row['language']}' is not one of "
                + ", ".join(LANGUAGE_TAGS),
            )
        if row["role"] not in Label.Role.values:
            raise CorpusError(
                path,
                line,
                f"role '{row['role']}' is not one of {', '.join(Label.Role.values)}",
            )
        if row["confidence"] not in Label.Confidence.values:
            raise CorpusError(
                path,
                line,
                f"confidence '{row['confidence']}' is not high, medium or low",
            )
        if not row["label"]:
            raise CorpusError(path, line, "the label is empty")
        key = (concept, row["language"], row["label"])
        if key in seen:
            raise CorpusError(path, line, f"'{row['label']}' is listed twice")
        seen.add(key)
        labels.append(
            (
                line,
                {
                    "concept": concept,
                    "language": row["language"],
                    "role": row["role"],
                    "text": row["label"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                    "listed": True,
                    **read_source(path, line, row["source"]),
                },
            )
        )
    return labels


def derived_labels(themes, entities, instruments):
    """Return the labels the theme, entity and instrument files give, in
    file order: [(concept, language, role, text)]."""
    labels = []
    for slug, row in themes.items():
        labels.append((("theme", slug), "en", "preferred", row["name_en"]))
        labels.append((("theme", slug), "zh-Hans", "preferred", row["name_zh"]))
    for slug, row in entities.items():
        concept = ("entity", slug)
        labels.append((concept, "en", "preferred", row["name_en"]))
        for alias in split_aliases(row["aliases"]):
            labels.append((concept, "en", "alternative", alias))
        if row["name_zh"]:
            labels.append((concept, "zh-Hans", "preferred", row["name_zh"]))
    for slug, row in instruments.items():
        concept = ("instrument", slug)
        labels.append((concept, "en", "preferred", row["title_en"]))
        if row["short_title"]:
            labels.append((concept, "en", "short", row["short_title"]))
        for alias in split_aliases(row["aliases"]):
            labels.append((concept, "en", "alternative", alias))
    return labels


class Text:
    """The paragraphs of every document, as the build made them, to find
    which bear a label (by the search's rule)."""

    def __init__(self):
        # [(document slug, label, English, shown Chinese or '')], in order.
        self.paragraphs = []
        # Each paragraph's English stems: a paragraph lacking one of a
        # label's stems cannot bear it, and most lack them (a build asks of
        # some 600 labels).
        self.english_stems = []

    def add(self, document, label, english, chinese):
        """Add a paragraph (its English, and its Chinese if shown)."""
        self.paragraphs.append((document, label, english, chinese))
        stemmer = languages.get("en").stemmer
        self.english_stems.append(set(search.word_offsets(english, stemmer)[2]))

    def bearing(self, language, text):
        """Return the (document, label) of every paragraph bearing a label."""
        if language in CHINESE_TAGS:
            return [
                (document, label)
                for document, label, _, chinese in self.paragraphs
                if text in chinese
            ]
        english = languages.get("en")
        wanted = set(search.stems(text, english.stemmer))
        return [
            (document, label)
            for (document, label, paragraph, _), stems in zip(
                self.paragraphs, self.english_stems, strict=True
            )
            if wanted <= stems
            and search.spans(paragraph, search.exact([text]), english)
        ]


def build_labels(path, rows, text):
    """Return {concept: [label fields]} for every concept: the termbase's
    labels and those the other files derive, each with its source."""
    listed = read_termbase(path, rows)
    by_key = {}
    for line, fields in listed:
        by_key[(fields["concept"], fields["language"], fields["text"])] = (
            line,
            fields,
        )
    concepts = {}
    for slug_kind in ("theme", "entity", "instrument"):
        for slug in rows[slug_kind]:
            concepts[(slug_kind, slug)] = []
    derived = derived_labels(rows["theme"], rows["entity"], rows["instrument"])
    for concept, language, role, label_text in derived:
        if (concept, language, label_text) in by_key:
            continue  # the termbase row gives its role and source
        fields = {
            "concept": concept,
            "language": language,
            "role": role,
            "text": label_text,
            "confidence": Label.Confidence.HIGH.value,
            "note": "",
            "listed": False,
        }
        if text.bearing(language, label_text):
            fields.update(source=Label.Source.TEXT, paragraph=None)
        elif language in CHINESE_TAGS:
            raise CorpusError(
                path,
                0,
                f"{concept[0]}:{concept[1]}: the Chinese name '{label_text}' is not in "
                "a shown Chinese paragraph and has no row here giving its source",
            )
        else:
            fields.update(source=Label.Source.CURATORS)
        by_key[(concept, language, label_text)] = (0, fields)
    for line, fields in by_key.values():
        if fields["source"] == Label.Source.TEXT:
            fields["paragraph"] = text_source(path, line, fields, text)
        concepts.setdefault(fields["concept"], []).append(fields)
    for concept, labels in concepts.items():
        check_concept(path, concept, labels, rows)
    return concepts


def text_source(path, line, fields, text):
    """Return [document, label] of the paragraph a label from the text
    cites: the one the row names, or the first that bears it."""
    bearing = text.bearing(fields["language"], fields["text"])
    named = fields.get("paragraph")
    where = "English" if fields["language"] == "en" else "shown Chinese"
    if named:
        for document, label in bearing:
            if label == named:
                return [document, label]
        raise CorpusError(
            path, line, f"the {where} of {named} does not bear '{fields['text']}'"
        )
    if not bearing:
        raise CorpusError(
            path, line, f"no paragraph's {where} bears '{fields['text']}'"
        )
    return list(bearing[0])


def check_concept(path, concept, labels, rows):
    """Check a concept's labels together: one preferred label a language,
    an English one among them, and an entity's Chinese name agreeing with
    entities.csv."""
    name = f"{concept[0]}:{concept[1]}"
    preferred = {}
    for fields in labels:
        if fields["role"] == Label.Role.PREFERRED:
            if fields["language"] in preferred:
                raise CorpusError(
                    path,
                    0,
                    f"{name} has two preferred {fields['language']} labels: "
                    f"'{preferred[fields['language']]}' and '{fields['text']}'",
                )
            preferred[fields["language"]] = fields["text"]
    if "en" not in preferred:
        raise CorpusError(path, 0, f"{name} has no preferred English label")
    if concept[0] == "entity":
        name_zh = rows["entity"][concept[1]]["name_zh"]
        if preferred.get("zh-Hans", "") != name_zh:
            raise CorpusError(
                path,
                0,
                f"{name}: the preferred Chinese label '{preferred.get('zh-Hans', '')}' "
                f"differs from its name_zh in entities.csv '{name_zh}'",
            )


def vocabulary_records(concepts, text):
    """Return the vocabulary fixture's records, byte-stable: concepts sorted
    by kind and key, each followed by its labels."""
    records = []
    order = {role: index for index, role in enumerate(Label.Role.values)}
    for concept in sorted(concepts):
        labels = sorted(
            concepts[concept],
            key=lambda f: (f["language"], order[f["role"]], f["text"]),
        )
        paragraphs = []
        if concept[0] == Concept.Kind.TERM:
            for fields in labels:
                for found in text.bearing(fields["language"], fields["text"]):
                    if list(found) not in paragraphs:
                        paragraphs.append(list(found))
        records.append(
            {
                "model": "declarations.concept",
                "fields": {
                    "kind": concept[0],
                    "key": concept[1],
                    "paragraphs": paragraphs,
                },
            }
        )
        for fields in labels:
            records.append(
                {
                    "model": "declarations.label",
                    "fields": {
                        "concept": list(concept),
                        "language": fields["language"],
                        "role": fields["role"],
                        "text": fields["text"],
                        "source": str(fields["source"]),
                        "paragraph": fields.get("paragraph"),
                        "address": fields.get("address", ""),
                        "checked_on": fields.get("checked_on"),
                        "confidence": fields["confidence"],
                        "note": fields["note"],
                        "listed": fields["listed"],
                    },
                }
            )
    return records


def source_cell(label):
    """Return a label's source as a termbase cell (the reverse of
    read_source)."""
    if label.source == Label.Source.TEXT:
        return f"text {label.paragraph.label}"
    if label.source == Label.Source.ADDRESS:
        if label.checked_on:
            return f"{label.address} checked {label.checked_on.isoformat()}"
        return f"{label.address} not opened"
    return "curators"


def termbase_rows():
    """Return the termbase's rows from the database: every label written in
    it (Label.listed), by concept, language, role and text."""
    order = {role: index for index, role in enumerate(Label.Role.values)}
    labels = Label.objects.filter(listed=True).select_related("concept", "paragraph")
    labels = sorted(
        labels,
        key=lambda label: (
            label.concept.kind,
            label.concept.key,
            label.language,
            order[label.role],
            label.text,
        ),
    )
    return [
        [
            f"{label.concept.kind}:{label.concept.key}",
            label.language,
            label.role,
            label.text,
            source_cell(label),
            label.confidence,
            label.note,
        ]
        for label in labels
    ]
