"""What every request for a document page shares, built once per corpus version.

A document page's contents (its sections and their counts), its paragraph
rows in reading order, which of its paragraphs carry each theme, section,
instrument and entity, the filter form's choice lists and their markup
(declarations.widgets), and the parts of the page rendered once
(declarations.page_parts) are the same for every request until the corpus
changes; and every change to the corpus
moves the corpus version (declarations.page_cache.corpus_version, the version
the page cache keys on). So each process builds them on the first request
of a version and keeps them until a request reads another version: then
they are dropped and built again, as exactly as the page cache is
invalidated. A request then filters and counts facets with set operations
on paragraph ids; only the search asks the database (for ids).

They are held in process memory, not in a cache: reading them back from a
shared cache would cost about what building them costs. Requests only read
them, but for the markup and page parts, which the first request that
needs one renders into them (the same whichever request renders it): what
a request records (a section's match count, a paragraph's fragment) goes on
its own copies (DocumentIndex.document, rows()).
"""

import copy
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

from django.http import Http404

from declarations.models import (
    Document,
    EntityMention,
    Instrument,
    Mention,
    Paragraph,
    ParagraphText,
    Section,
)
from declarations.search_rows import SearchRows

_lock = threading.Lock()
_current = {"version": object(), "vocabulary": None, "documents": {}}


def current(version):
    """Return this process's store for a corpus version (a dict of what is
    built): the one in use, or a new, empty one when the version changed."""
    global _current
    with _lock:
        if _current["version"] != version:
            _current = {"version": version, "vocabulary": None, "documents": {}}
        return _current


@dataclass
class Listing:
    """The choices of one model choice filter, in the filter's order, and
    each by the value its form field takes (its to_field_name)."""

    instances: list
    by_key: dict


def listing(filter_):
    """Return the Listing of a model choice filter's queryset."""
    # A copy: the filter's own queryset would keep the rows it read.
    instances = list(filter_.queryset.all())
    key = filter_.extra["to_field_name"]
    return Listing(instances, {str(getattr(i, key)): i for i in instances})


def vocabulary(version):
    """Return {filter name: Listing} for the document page's model choice
    filters (themes, instruments, entities) at a corpus version."""
    from declarations.filters import ParagraphFilter

    store = current(version)
    if store["vocabulary"] is None:
        store["vocabulary"] = {
            name: listing(ParagraphFilter.base_filters[name])
            for name in ParagraphFilter.LISTED
        }
    return store["vocabulary"]


class Note(NamedTuple):
    """An instrument's note as a page prints it once (the instrument_notes
    tag): its slug (the element id) and Instrument.note, worked out once
    per version."""

    pk: int
    slug: str
    note: str


class Row:
    """A paragraph as a page of stored fragments lists it: what the
    fragment's key needs, its label and section, and the fragment attached
    (declarations.fragments.attach)."""

    __slots__ = ("pk", "label", "section_id", "section", "reading_version", "fragment")

    def __init__(self, pk, label, section, reading_version):
        self.pk = pk
        self.label = label
        self.section_id = section.pk
        self.section = section
        self.reading_version = reading_version


@dataclass
class DocumentIndex:
    """One document's contents, paragraph rows and paragraph-id sets."""

    table_of_contents: Document
    rows: list  # (pk, label, section id, reading_version), in reading order
    by_section: dict  # section key: frozenset of paragraph ids
    by_theme: dict  # theme id: frozenset of paragraph ids
    by_instrument: dict
    by_entity: dict
    chinese: frozenset  # paragraphs whose Chinese is shown as the original
    noted: list  # Notes of the instruments it mentions, in noted_in's order
    vocabulary: dict = field(default_factory=dict)
    # The corpus version the index was built at.
    version: str | None = None
    # The filter form's class, built by the first ParagraphFilter given
    # this index (ParagraphFilter.get_form_class).
    form_class: type | None = None
    # The form's choice widgets' markup (declarations.widgets.Markup), by
    # field name and attributes, built on first use.
    markups: dict = field(default_factory=dict)
    # Parts of the page rendered once (declarations.page_parts), by name.
    parts: dict = field(default_factory=dict)
    # The filter form's fields as the query's values show them, by field
    # name and values (declarations.filter_form.widget_html).
    field_markups: dict = field(default_factory=dict)
    # The document's paragraphs, a queryset never evaluated: each request
    # takes a copy (paragraphs()).
    paragraph_query: object = None
    # The document's page, its path (Document.get_absolute_url: a URL
    # reversed once per version, not at each of a page's links to itself).
    url: str = ""
    # The document's text rows, which answer most searches without a
    # query (declarations.search_rows), read on the first (search_rows()).
    searched: object = None

    @classmethod
    def of(cls, slug, version):
        """Return the index of the document with this slug at a corpus
        version, built on first use; Http404 when there is no such document."""
        documents = current(version)["documents"]
        index = documents.get(slug)
        if index is None:
            index = documents[slug] = cls.build(slug, version)
        return index

    @classmethod
    def build(cls, slug, version):
        document = Document.objects.with_table_of_contents().filter(slug=slug).first()
        if document is None:
            raise Http404("No Document matches the given query.")
        # Read once per version; each request's copy of the document shares
        # it (a cached_property lives in the instance's __dict__).
        document.expressions_by_tag  # noqa: B018
        paragraphs = Paragraph.objects.filter(document=document)
        keys = {section.pk: section.key for section in document.sections.all()}
        rows = list(
            paragraphs.order_by("position").values_list(
                "pk", "label", "section_id", "reading_version"
            )
        )
        by_section = {}
        for pk, _, section_id, _ in rows:
            by_section.setdefault(keys[section_id], set()).add(pk)
        by_instrument = grouped(
            Mention.objects.filter(paragraph__document=document), "instrument_id"
        )
        return cls(
            table_of_contents=document,
            rows=rows,
            by_section=frozen(by_section),
            by_theme=grouped(
                Paragraph.themes.through.objects.filter(paragraph__document=document),
                "theme_id",
            ),
            by_instrument=by_instrument,
            by_entity=grouped(
                EntityMention.objects.filter(paragraph__document=document),
                "entity_id",
            ),
            chinese=frozenset(
                paragraphs.with_chinese().order_by().values_list("pk", flat=True)
            ),
            # As InstrumentQuerySet.noted_in for all the document's paragraphs.
            noted=[
                Note(instrument.pk, instrument.slug, instrument.note)
                for instrument in Instrument.objects.filter(
                    mentions__paragraph__document=document
                )
                .distinct()
                .order_by("slug")
            ],
            vocabulary=vocabulary(version),
            version=version,
            paragraph_query=paragraphs,
            url=document.get_absolute_url(),
        )

    def document(self):
        """Return this request's copy of the document, its sections (with
        their counts) copied too, so that what the request records on them
        stays its own."""
        document = instance_copy(self.table_of_contents)
        sections = Section.objects.all()
        # As prefetch_related leaves them: document.sections.all() answers
        # from this list without a query.
        sections._result_cache = [
            instance_copy(section) for section in self.table_of_contents.sections.all()
        ]
        sections._prefetch_done = True
        document._prefetched_objects_cache = {"sections": sections}
        return document

    def paragraphs(self):
        """Return a queryset of the document's paragraphs, this request's
        own: a copy of one built once per version (building its filter
        cost a tenth of a millisecond a request), whose rows are read
        afresh whenever a copy is evaluated."""
        return self.paragraph_query.all()

    def rows_for(self, document, ids=None):
        """Return this request's rows of the paragraphs with the given ids
        (all when None), in reading order, on the document's sections."""
        sections = {section.pk: section for section in document.sections.all()}
        return [
            Row(pk, label, sections[section_id], reading_version)
            for pk, label, section_id, reading_version in self.rows
            if ids is None or pk in ids
        ]

    def search_rows(self):
        """Return the document's text rows for its searches
        (declarations.search_rows), read on the version's first search."""
        if self.searched is None:
            self.searched = SearchRows(
                ParagraphText.objects.filter(
                    paragraph__document=self.table_of_contents
                ).values_list("paragraph_id", "expression__tag", "text", "search_words")
            )
        return self.searched

    def instruments_noted(self, ids=None):
        """Return the Notes of the instruments that the paragraphs with these
        ids (all when None) mention, each once, as InstrumentQuerySet.noted_in."""
        return [
            note
            for note in self.noted
            if ids is None or not ids.isdisjoint(self.by_instrument[note.pk])
        ]


def instance_copy(instance):
    """Return a shallow copy of a model instance, as copy.copy makes it
    (Model.__reduce__: its attributes, its _state and fields cache copied)
    without the pickling protocol's round trip (the model looked up by
    name, the Django version recorded): 1.8 µs instead of 5.5 µs, seven
    times a request."""
    state = instance.__dict__.copy()
    state["_state"] = copy.copy(state["_state"])
    state["_state"].fields_cache = state["_state"].fields_cache.copy()
    clone = object.__new__(type(instance))
    clone.__dict__.update(state)
    return clone


def frozen(groups):
    return {key: frozenset(ids) for key, ids in groups.items()}


def grouped(links, key):
    """Return {key: frozenset of paragraph ids} of link rows."""
    groups = {}
    for value, paragraph_id in links.order_by().values_list(key, "paragraph_id"):
        groups.setdefault(value, set()).add(paragraph_id)
    return frozen(groups)
