"""Loading the fixtures into the database without losing curators' work.

Sourced text is always brought up to date. A row a curator changed (a
theme, an instrument, an entity with its memberships, a paragraph's Chinese
text, themes, instrument or entity links and subject) keeps the curator's
version, and the report names it, but only when the corpus would have
changed it: nothing is "kept" that nobody touched.
Every write goes through the models' save() and delete(), whose receivers
route it to the writer of derived data (declarations/derived.py), so links
are relinked and pages invalidated as for any other edit; what is cheaper
written once for the whole load is written at its end
(declarations.derived.corpus_loaded, written_together).
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch

from declarations import derived
from declarations.corpus import CorpusError
from declarations.corpus.fixtures import fixture_paths
from declarations.models import (
    TEXT_ATTRIBUTES,
    TEXTS,
    Annotation,
    Concept,
    Document,
    Entity,
    EntityMention,
    Expression,
    Instrument,
    Label,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    Section,
    Theme,
)
from declarations.text import text_problems

OUTCOMES = ("created", "changed", "unchanged")


@dataclass
class LoadReport:
    """What a load did, row by row: each row created, changed or unchanged,
    and the curators' changes it kept over the corpus, by name."""

    outcomes: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)

    def record(self, row, outcome):
        # A paragraph is one row, though its themes and links load apart:
        # any change makes the whole row changed.
        if self.outcomes.get(row) in (None, "unchanged"):
            self.outcomes[row] = outcome

    def count(self, outcome):
        """Return how many rows had the given outcome."""
        return Counter(self.outcomes.values())[outcome]

    def summary(self):
        """Return the one-line account the load_corpus command prints."""
        counts = ", ".join(f"{self.count(o)} {o}" for o in OUTCOMES)
        kept = "; ".join(self.kept) if self.kept else "none"
        return f"{counts}. Kept as curators changed them: {kept}."


def typed(model, values):
    """Return fixture values as the model's fields hold them (a paragraph's
    texts, rows of their own, as given)."""
    return {
        name: value
        if name in TEXT_ATTRIBUTES or model._meta.get_field(name).is_relation
        else model._meta.get_field(name).to_python(value)
        for name, value in values.items()
    }


def differing(instance, values):
    """Return the names of the fields whose values differ from the instance's
    (a related row compared by its id: the row itself is not read)."""
    return [name for name, value in values.items() if differs(instance, name, value)]


def differs(instance, name, value):
    if name not in TEXT_ATTRIBUTES:
        field = instance._meta.get_field(name)
        if field.is_relation:
            return getattr(instance, field.attname) != getattr(value, "pk", value)
    return getattr(instance, name) != value


class Known:
    """The rows a load looks up by their natural keys: each table read once,
    when the load first asks for one of its rows, with what the loader
    compares prefetched (a paragraph's texts, themes, links and subject; a
    concept's labels and paragraphs; an entity's memberships), then kept in
    step with the rows the load creates (upsert adds them). A load looks up
    the same documents, sections, paragraphs and instruments hundreds of
    times; asking the database each time was most of a reload's time."""

    KEYS = {
        Document: ("slug",),
        Theme: ("slug",),
        Instrument: ("slug",),
        Entity: ("slug",),
        Expression: ("document", "tag"),
        Section: ("document", "key"),
        Paragraph: ("document", "label"),
        Concept: ("kind", "key"),
        Annotation: ("key",),
    }

    def __init__(self):
        self.tables = {}

    @staticmethod
    def rows(model):
        queryset = model._default_manager.all()
        if model is Paragraph:
            return queryset.select_related("subject").prefetch_related(
                TEXTS,
                "themes",
                Prefetch(
                    "mentions", queryset=Mention.objects.select_related("instrument")
                ),
                Prefetch(
                    "entity_mentions",
                    queryset=EntityMention.objects.select_related("entity"),
                ),
            )
        if model is Concept:
            return queryset.prefetch_related("labels", "paragraphs")
        if model is Entity:
            return queryset.prefetch_related("memberships")
        return queryset

    def key(self, model, lookup):
        """Return the key of the row a lookup ({field: value}, a related
        row as a row) names."""
        if set(lookup) != set(self.KEYS[model]):
            raise ValueError(f"{model.__name__} is not looked up by {sorted(lookup)}")
        return tuple(
            getattr(lookup[name], "pk", lookup[name])
            if model._meta.get_field(name).is_relation
            else model._meta.get_field(name).to_python(lookup[name])
            for name in self.KEYS[model]
        )

    def table(self, model):
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = {}
            for row in self.rows(model):
                self.add(row)
        return table

    def add(self, row):
        model = type(row)
        names = [model._meta.get_field(name).attname for name in self.KEYS[model]]
        self.tables[model][tuple(getattr(row, name) for name in names)] = row

    def find(self, model, **lookup):
        """Return the row the lookup names, or None."""
        return self.table(model).get(self.key(model, lookup))

    def get(self, model, **lookup):
        """Return the row the lookup names; raise the model's DoesNotExist."""
        row = self.find(model, **lookup)
        if row is None:
            named = ", ".join(f"{name} {value!r}" for name, value in lookup.items())
            raise model.DoesNotExist(f"no {model._meta.verbose_name} with {named}")
        return row

    def paragraph(self, document_slug, label):
        """Return a document's paragraph by its label (a natural key)."""
        document = self.get(Document, slug=document_slug)
        return self.get(Paragraph, document=document, label=label)


def upsert(model, lookup, values, known=None):
    """Create or update one row, saving only what differs; return the row and
    'created', 'changed' or 'unchanged'. known: the load's Known rows, which
    find the row (else the database) and learn a created one."""
    values = typed(model, values)
    if known is not None:
        instance = known.find(model, **lookup)
    else:
        instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        if known is not None:
            known.add(instance)
        return instance, "created"
    differs = differing(instance, values)
    if not differs:
        return instance, "unchanged"
    for name in differs:
        setattr(instance, name, values[name])
    instance.save(update_fields=differs)
    return instance, "changed"


def load_taxonomy_row(known, model, fields, report):
    """Load a theme, an instrument or an entity unless a curator changed it."""
    slug = fields.pop("slug")
    row = f"{model._meta.verbose_name} '{slug}'"
    instance = known.find(model, slug=slug)
    if instance is not None and instance.curated:
        if differing(instance, typed(model, fields)):
            report.kept.append(row)
        report.record(row, "unchanged")
        return
    report.record(row, upsert(model, {"slug": slug}, fields, known)[1])


def load_corpus(corpus_dir):
    """Load every fixture in one transaction; return a LoadReport."""
    report = LoadReport()
    with transaction.atomic(), derived.written_together():
        load_all(corpus_dir, report)
        paragraphs, labels = derived.corpus_loaded()
    for paragraph in paragraphs:
        report.record(
            paragraph_row(paragraph.document.slug, paragraph.label), "changed"
        )
    for label in labels:
        report.record(f"concept {label.concept.kind}:{label.concept.key}", "changed")
    return report


def load_all(corpus_dir, report):
    """Load the records of every fixture file."""
    known = Known()
    for path in fixture_paths(corpus_dir):
        try:
            records = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CorpusError(path, getattr(error, "lineno", 0), str(error)) from None
        load_records(path, records, report, known)


def load_records(path, records, report, known):
    """Load one fixture file: each record where it stands, in order, then
    what is gathered across its records (links, memberships, editorial
    notes, the vocabulary) once all of them are in."""
    gathered = Gathered(known)
    for index, record in enumerate(records):
        fields = dict(record.get("fields", {}))
        model = record.get("model")
        where = f"record {index + 1} ({model})"
        for name, value in fields.items():
            if problems := text_problems(value):
                raise CorpusError(path, 0, f"{where}, field '{name}' {problems[0]}")
        load_record = RECORD_LOADERS.get(model)
        if load_record is None:
            raise CorpusError(path, 0, f"record {index + 1}: unknown model '{model}'")
        try:
            load_record(gathered, fields, report)
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise CorpusError(path, 0, f"{where}: {error!r}") from None
        except ObjectDoesNotExist as error:
            raise CorpusError(path, 0, f"{where}: {error}") from None
    gathered.sync(path, report)


class Gathered:
    """What a fixture file's records say about rows loaded with others:
    kept until every record of the file is in, then synced at once."""

    def __init__(self, known):
        self.known = known
        self.mentions_by_paragraph = {}
        self.links_by_paragraph = {}
        self.subjects_by_paragraph = {}
        self.memberships_by_entity = {}
        self.paragraph_keys = []
        self.editorial_keys = {}
        self.vocabulary = {}

    def sync(self, path, report):
        for slug, memberships in self.memberships_by_entity.items():
            try:
                sync_memberships(self.known, slug, memberships, report)
            except ObjectDoesNotExist as error:
                raise CorpusError(path, 0, f"entity '{slug}': {error}") from None
        for key in self.paragraph_keys:
            try:
                sync_mentions(
                    self.known, key, self.mentions_by_paragraph.get(key, {}), report
                )
                sync_entity_links(
                    self.known,
                    key,
                    self.links_by_paragraph.get(key, {}),
                    self.subjects_by_paragraph.get(key),
                    report,
                )
            except ObjectDoesNotExist as error:
                raise CorpusError(path, 0, f"{paragraph_row(*key)}: {error}") from None
        documents = {document_slug for document_slug, _ in self.paragraph_keys}
        remove_dropped_editorial_notes(documents, self.editorial_keys, report)
        for key, (fields, labels) in self.vocabulary.items():
            try:
                sync_concept(self.known, fields, labels, report)
            except ObjectDoesNotExist as error:
                raise CorpusError(
                    path, 0, f"concept {key[0]}:{key[1]}: {error}"
                ) from None


def load_entity(gathered, fields, report):
    gathered.memberships_by_entity.setdefault(fields["slug"], [])
    load_taxonomy_row(gathered.known, Entity, fields, report)


def gather_membership(gathered, fields, report):
    gathered.memberships_by_entity.setdefault(fields.pop("entity")[0], []).append(
        typed(Membership, fields)
    )


def load_document(gathered, fields, report):
    slug = fields.pop("slug")
    _, outcome = upsert(Document, {"slug": slug}, fields, gathered.known)
    report.record(f"document '{slug}'", outcome)


def load_expression(gathered, fields, report):
    """Load what a document's text in a language is (its status, sources and
    notes): the corpus states it; curators do not edit it."""
    known = gathered.known
    document = known.get(Document, slug=fields.pop("document")[0])
    tag = fields.pop("tag")
    derived_from = fields.pop("derived_from")
    fields["derived_from"] = (
        known.get(Expression, document=document, tag=derived_from[1])
        if derived_from
        else None
    )
    _, outcome = upsert(Expression, {"document": document, "tag": tag}, fields, known)
    report.record(f"expression {document.slug} {tag}", outcome)


def load_section(gathered, fields, report):
    known = gathered.known
    document = known.get(Document, slug=fields.pop("document")[0])
    key = fields.pop("key")
    _, outcome = upsert(Section, {"document": document, "key": key}, fields, known)
    report.record(f"section {document.slug} {key}", outcome)


def gather_mention(gathered, fields, report):
    document_slug, label = fields["paragraph"]
    gathered.mentions_by_paragraph.setdefault((document_slug, label), {})[
        fields["instrument"][0]
    ] = fields["verb"]


def gather_entity_link(gathered, fields, report):
    key = tuple(fields["paragraph"])
    gathered.links_by_paragraph.setdefault(key, {})[fields["entity"][0]] = (
        fields["role"],
        fields["words"],
    )


def gather_subject(gathered, fields, report):
    gathered.subjects_by_paragraph[tuple(fields["paragraph"])] = (
        fields["kind"],
        fields["words"],
        fields["note"],
    )


def gather_editorial_note(gathered, fields, report):
    document_slug, key = load_editorial_note(gathered.known, fields, report)
    gathered.editorial_keys.setdefault(document_slug, set()).add(key)


def load_theme(gathered, fields, report):
    load_taxonomy_row(gathered.known, Theme, fields, report)


def load_instrument(gathered, fields, report):
    load_taxonomy_row(gathered.known, Instrument, fields, report)


def load_paragraph_record(gathered, fields, report):
    gathered.paragraph_keys.append(load_paragraph(gathered.known, fields, report))


def gather_concept(gathered, fields, report):
    gathered.vocabulary[(fields["kind"], fields["key"])] = (fields, [])


def gather_label(gathered, fields, report):
    gathered.vocabulary[tuple(fields["concept"])][1].append(fields)


# How each model's record is loaded: a row upserted where it stands (in
# file order: a section after its document, a paragraph after its
# section), or gathered for Gathered.sync.
RECORD_LOADERS = {
    "declarations.theme": load_theme,
    "declarations.instrument": load_instrument,
    "declarations.entity": load_entity,
    "declarations.membership": gather_membership,
    "declarations.document": load_document,
    "declarations.expression": load_expression,
    "declarations.section": load_section,
    "declarations.paragraph": load_paragraph_record,
    "declarations.mention": gather_mention,
    "declarations.entitymention": gather_entity_link,
    "declarations.paragraphsubject": gather_subject,
    "declarations.concept": gather_concept,
    "declarations.label": gather_label,
    "declarations.annotation": gather_editorial_note,
}


LABEL_FACTS = (
    "language",
    "role",
    "text",
    "source",
    "paragraph_id",
    "address",
    "checked_on",
    "confidence",
    "note",
    "listed",
)


def sync_concept(known, fields, labels, report):
    """Make an uncurated concept, its labels and (for a term) its paragraphs
    those of the corpus; a curated one is kept and named in the report."""
    kind, key = fields["kind"], fields["key"]
    row = f"concept {kind}:{key}"
    link = (
        {}
        if kind == Concept.Kind.TERM
        else {
            kind: known.get(
                {"entity": Entity, "theme": Theme, "instrument": Instrument}[kind],
                slug=key,
            )
        }
    )
    concept, outcome = upsert(Concept, {"kind": kind, "key": key}, link, known)
    report.record(row, outcome)

    def paragraph(natural):
        if natural is None:
            return None
        return known.paragraph(*natural).pk

    wanted = {}
    for label in labels:
        values = typed(Label, {**label, "concept": None, "paragraph": None})
        values.pop("concept")
        values.pop("paragraph")
        values["paragraph_id"] = paragraph(label["paragraph"])
        wanted[tuple(values[name] for name in LABEL_FACTS)] = values
    current = {
        tuple(getattr(label, name) for name in LABEL_FACTS): label
        for label in concept.labels.all()
    }
    paragraphs = {paragraph(natural) for natural in fields["paragraphs"]}
    same_paragraphs = {p.pk for p in concept.paragraphs.all()} == paragraphs
    if set(current) == set(wanted) and same_paragraphs:
        return
    if concept.curated:
        report.kept.append(f"{row} labels")
        return
    for facts, label in current.items():
        if facts not in wanted:
            label.delete()
    for facts, values in wanted.items():
        if facts not in current:
            Label.objects.create(concept=concept, **values)
    if not same_paragraphs:
        concept.paragraphs.set(paragraphs)
    report.record(row, "changed")


def load_editorial_note(known, fields, report):
    """Upsert one of the project's editorial notes by its stable key; return
    its document's slug and the key."""
    document_slug, label = fields.pop("paragraph")
    paragraph = known.paragraph(document_slug, label)
    key = fields.pop("key")
    _, outcome = upsert(
        Annotation, {"key": key}, {**fields, "paragraph": paragraph}, known
    )
    report.record(f"editorial note on {document_slug} {label}", outcome)
    return document_slug, key


def remove_dropped_editorial_notes(documents, kept, report):
    """Delete the editorial notes of the loaded documents that their
    editorial_notes.csv no longer lists (one by one, so the derived-data
    receivers see each delete)."""
    dropped = Annotation.objects.filter(
        kind=Annotation.Kind.EDITORIAL_NOTE, paragraph__document__slug__in=documents
    ).select_related("paragraph__document")
    for note in dropped:
        if str(note.key) not in kept.get(note.paragraph.document.slug, set()):
            report.record(
                f"editorial note on {note.paragraph.document.slug} "
                f"{note.paragraph.label}",
                "changed",
            )
            note.delete()


def paragraph_row(document_slug, label):
    return f"{document_slug} {label}"


def load_paragraph(known, fields, report):
    """Upsert a paragraph's sourced text, keeping curator-owned Chinese,
    themes and links; return its (document slug, label)."""
    document = known.get(Document, slug=fields["document"][0])
    section = known.get(Section, document=document, key=fields["section"][1])
    label = fields["label"]
    row = paragraph_row(document.slug, label)
    sourced = {
        "section": section,
        "number": fields["number"],
        "position": fields["position"],
        "text_en": fields["text_en"],
    }
    chinese = {
        "text_zh": fields["text_zh"],
        "text_zh_origin": fields["text_zh_origin"],
        "text_zh_provenance": fields["text_zh_provenance"],
    }
    existing = known.find(Paragraph, document=document, label=label)
    if existing is not None and existing.chinese_is_curated:
        if differing(existing, typed(Paragraph, chinese)):
            report.kept.append(f"{row} Chinese text")
    else:
        sourced.update(chinese)
    paragraph, outcome = upsert(
        Paragraph, {"document": document, "label": label}, sourced, known
    )
    report.record(row, outcome)

    theme_slugs = {natural[0] for natural in fields["themes"]}
    if {theme.slug for theme in paragraph.themes.all()} != theme_slugs:
        if paragraph.themes_curated:
            report.kept.append(f"{row} themes")
        else:
            paragraph.themes.set(
                [known.get(Theme, slug=slug) for slug in sorted(theme_slugs)]
            )
            report.record(row, "changed")
    return (document.slug, label)


def sync_mentions(known, key, wanted, report):
    """Make an uncurated paragraph's instrument links those of the corpus."""
    paragraph = known.paragraph(*key)
    current = {m.instrument.slug: m for m in paragraph.mentions.all()}
    if {slug: m.verb for slug, m in current.items()} == wanted:
        return
    row = paragraph_row(*key)
    if paragraph.mentions_curated:
        report.kept.append(f"{row} instrument links")
        return
    for slug, mention in current.items():
        if slug not in wanted:
            mention.delete()
        elif mention.verb != wanted[slug]:
            mention.verb = wanted[slug]
            mention.save(update_fields=["verb"])
    for slug, verb in wanted.items():
        if slug not in current:
            Mention.objects.create(
                paragraph=paragraph,
                instrument=known.get(Instrument, slug=slug),
                verb=verb,
            )
    report.record(row, "changed")


def sync_memberships(known, slug, wanted, report):
    """Make an uncurated entity's SCO memberships those of the corpus."""
    entity = known.get(Entity, slug=slug)
    key = ("status", "since", "until", "sources")

    def facts(values):
        return tuple(values[name] for name in key)

    current = {facts(vars(m)): m for m in entity.memberships.all()}
    wanted = {facts(values): values for values in wanted}
    if set(current) == set(wanted):
        return
    row = f"entity '{slug}'"
    if entity.curated:
        report.kept.append(f"{row} memberships")
        return
    for facts_, membership in current.items():
        if facts_ not in wanted:
            membership.delete()
    for facts_, values in wanted.items():
        if facts_ not in current:
            Membership.objects.create(entity=entity, **values)
    report.record(row, "changed")


def sync_entity_links(known, key, wanted, subject, report):
    """Make an uncurated paragraph's entity links and subject those of the
    corpus."""
    paragraph = known.paragraph(*key)
    current = {link.entity.slug: link for link in paragraph.entity_mentions.all()}
    try:
        current_subject = paragraph.subject
    except ParagraphSubject.DoesNotExist:
        current_subject = None
    links_same = {
        slug: (link.role, link.words) for slug, link in current.items()
    } == wanted
    subject_same = (
        (current_subject.kind, current_subject.words, current_subject.note)
        if current_subject
        else None
    ) == subject
    if links_same and subject_same:
        return
    row = paragraph_row(*key)
    if paragraph.entities_curated:
        report.kept.append(f"{row} entity links and subject")
        return
    if not links_same:
        for slug, link in current.items():
            if slug not in wanted:
                link.delete()
            elif (link.role, link.words) != wanted[slug]:
                link.role, link.words = wanted[slug]
                link.save(update_fields=["role", "words"])
        for slug, (role, words) in wanted.items():
            if slug not in current:
                EntityMention.objects.create(
                    paragraph=paragraph,
                    entity=known.get(Entity, slug=slug),
                    role=role,
                    words=words,
                )
    if not subject_same:
        if subject is None:
            current_subject.delete()
        else:
            kind, words, note = subject
            ParagraphSubject.objects.update_or_create(
                paragraph=paragraph,
                defaults={"kind": kind, "words": words, "note": note},
            )
    report.record(row, "changed")
