"""The one writer of derived data: what the site computes from the rows
curators and the corpus write, and stores.

- A paragraph's linked English (ParagraphText.html): its English with the
  names of the instruments it links made links (Paragraph.linked_english).
- Each text row's search words (ParagraphText.search_words): the stems of
  its words, for a language searched by words (declarations/search.py).
- A paragraph's reading version (Paragraph.reading_version), which keys its
  stored reading HTML (declarations/fragments.py): new whenever anything
  templates/declarations/includes/_paragraph.html shows of it changes
  (tests/test_derived_dependencies.py finds what that is from the template
  and checks it).
- The Chinese title each instrument link carries (Mention.title_zh), by the
  one rule of declarations/chinese_titles.py.
- Whether the text bears each label of the vocabulary (Label.in_text):
  Label.save() sets it for the label saved; here it is written again when
  the Chinese texts change, and for every label after a corpus load.
- An annotation's orphaned flag (Annotation.is_orphaned): its quoted
  passage no longer occurs in its paragraph.
- The corpus version (declarations/corpus_version.py, moved by
  Document.objects.touch()), which every page cache key and ETag carries:
  it moves with every change readers can see, in the transaction of the
  change (each entry point runs in the caller's transaction: the admin's,
  the loader's and the import commands' are atomic).

The entry points below are called by the receivers of
declarations/signals.py, which only route the models' signals here (every
write path that saves or deletes: the admin, the corpus loader, the import
commands, the shell), and by the corpus loader directly (corpus_loaded).
A command writing many rows at once (the loader, import_original,
import_annotations) runs within written_together(): what follows from the
whole of them (the corpus version, whether the text bears each Chinese
label) is then written once, on leaving, instead of after every row.
QuerySet.update() sends no signal: code that changes what readers see must
save() or delete(); only the writers here, and the curated flags the admin
sets, use update().

Not written here: the database's own search index of the text rows
(declarations/search_index.py). On SQLite its FTS5 tables are kept in step
by triggers, which the database runs for every write of a text row,
including those no receiver sees: QuerySet.update(), raw SQL, and the data
migrations (declarations/migrations/0021_paragraph_texts_as_expression_rows.py),
whose historical models send no signal to the receivers here.
"""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch

from declarations import search
from declarations.chinese_titles import chinese_titles
from declarations.models import (
    TEXTS,
    Annotation,
    Document,
    Label,
    Mention,
    Paragraph,
    ParagraphText,
)
from declarations.models.texts import ENGLISH
from declarations.vocabulary import CHINESE_TAGS


@dataclass
class Pending:
    """What rows written together still owe, written on leaving
    written_together(): the documents to touch (ALL: every one), and
    whether a Chinese text changed."""

    document_ids: set = field(default_factory=set)
    all_documents: bool = False
    chinese_texts_changed: bool = False


# Set within written_together(); None otherwise, when each write pays at once.
PENDING = contextvars.ContextVar("pending_derived_data", default=None)


# What a paragraph's own save writes.


def paragraph_saving(paragraph):
    """Before a paragraph's row is written: give it a new reading version
    (Paragraph.save() writes that field with every save), and mark its
    English text for writing when its linked English is not what linking
    makes today (an instrument's changed names relink it)."""
    paragraph.reading_version = uuid.uuid4()
    english = paragraph.text_row(ENGLISH)
    if english is not None and english.pk is not None:
        english.dirty = getattr(english, "dirty", False) or (
            english.html != paragraph.linked_english()
        )


def text_saving(row):
    """Before a text row is written: its search words, and for the English
    its linked English, made again from its text."""
    row.search_words = search_words(row.text, row.expression.language)
    row.html = row.paragraph.linked_english() if row.tag == ENGLISH else ""


def search_words(text, language):
    """Return what a text row in a language (languages.Language) stores as
    its search words (also for rows made in bulk, declarations/demo_corpus.py)."""
    if not language.searches_words:
        return ""
    return search.search_words(text, language.stemmer)


def paragraph_saved(paragraph):
    """After a paragraph's row is written: read its Chinese titles again,
    flag (or clear) the orphans among its quoting annotations, and move the
    corpus version."""
    refresh_chinese_titles(paragraph)
    for annotation in paragraph.annotations.exclude(quote=""):
        lost = paragraph.locate(annotation.quote) is None
        if lost != annotation.is_orphaned:
            Annotation.objects.filter(pk=annotation.pk).update(is_orphaned=lost)
    touch_documents([paragraph.document_id])


def texts_saved(paragraph, tags):
    """After a paragraph's text rows are written (tags: those written or
    deleted): whether the text bears each Chinese label follows the Chinese
    the paragraphs show."""
    if not set(tags) & set(CHINESE_TAGS):
        return
    if (pending := PENDING.get()) is not None:
        pending.chinese_texts_changed = True
    else:
        refresh_chinese_labels_in_text()


def annotation_saving(annotation):
    """Before an annotation's row is written: whether its quoted passage is
    lost from its paragraph (Annotation.save() writes that field with every
    save)."""
    annotation.is_orphaned = annotation.quote_is_lost()


# What follows in other rows.


def paragraphs_shown_changed(paragraphs, document_ids=None):
    """Something these paragraphs' reading HTML shows changed (a queryset):
    give them new reading versions, and move the corpus version and the
    changed_at of the given documents (all when None)."""
    paragraphs.update(reading_version=uuid.uuid4())
    touch_documents(document_ids)


def paragraph_deleted(paragraph):
    """A paragraph is gone from its document's pages."""
    touch_documents([paragraph.document_id])


def document_changed(document):
    """A document changed: its title and slug are in every paragraph's HTML."""
    paragraphs_shown_changed(document.paragraphs.all(), [document.pk])


def section_changed(section):
    """A section changed or is gone: its key is in its paragraphs' anchors
    and links."""
    paragraphs_shown_changed(section.paragraphs.all(), [section.document_id])


def expression_changed(expression):
    """An expression's tag or status changed: they are in the HTML of every
    paragraph with a text in it (the line saying what the text is)."""
    paragraphs_shown_changed(
        Paragraph.objects.filter(texts__expression=expression),
        [expression.document_id],
    )


def paragraph_part_changed(paragraph_id):
    """A row shown within one paragraph's HTML changed (an annotation, which
    its note count shows; an entity link or its subject, which its subject
    line shows)."""
    paragraphs = Paragraph.objects.filter(pk=paragraph_id)
    paragraphs_shown_changed(
        paragraphs, paragraphs.values_list("document_id", flat=True)[:1]
    )


def paragraph_themes_changed(paragraph):
    """A paragraph's themes changed (paragraph.themes.add/remove/clear)."""
    paragraphs_shown_changed(
        Paragraph.objects.filter(pk=paragraph.pk), [paragraph.document_id]
    )


def theme_paragraphs_changed(paragraph_ids=None):
    """A theme's paragraphs changed (theme.paragraphs.add/remove): those
    named, or every paragraph when none are named (clear())."""
    paragraphs = Paragraph.objects.all()
    if paragraph_ids is not None:
        paragraphs = paragraphs.filter(pk__in=paragraph_ids)
    paragraphs_shown_changed(paragraphs)


def theme_changed(theme):
    """A theme's name or slug changed: its paragraphs' theme links show it."""
    paragraphs_shown_changed(theme.paragraphs.all())


def theme_deleted():
    """A theme is gone, and its links to paragraphs with it: which
    paragraphs showed it is no longer known."""
    paragraphs_shown_changed(Paragraph.objects.all())


def member_states_changed():
    """An entity or a membership changed: subject lines name states and
    count them against the members at the document's date."""
    paragraphs_shown_changed(Paragraph.objects.filter(subject__isnull=False))


def links_changed(paragraph_id):
    """A paragraph's instrument links changed: relink its English, read its
    Chinese titles again and move the corpus version."""
    paragraph = Paragraph.objects.filter(pk=paragraph_id).first()
    if paragraph is None:  # gone when the paragraph itself was deleted
        return
    relink(paragraph)
    refresh_chinese_titles(paragraph)
    touch_documents([paragraph.document_id])


def instrument_changed(instrument):
    """An instrument's names or note changed: relink every paragraph naming
    it (the order the English names instruments in pairs the Chinese
    titles), and move the corpus version."""
    for paragraph in instrument.paragraphs.all():
        relink(paragraph)
        refresh_chinese_titles(paragraph)
    touch_documents()


def corpus_changed():
    """A change every page may show (the vocabulary, which search widens
    queries by and /vocabulary/ lists; an instrument gone): move the corpus
    version."""
    touch_documents()


@contextlib.contextmanager
def written_together():
    """Within: the corpus version and the documents' changed_at are moved,
    and whether the text bears each Chinese label worked out, once on
    leaving for every row written within, not after each row. Enter it
    inside the writes' transaction, so what it owes is written in it; on an
    error nothing more is written (the transaction is rolled back). Nested,
    the outermost writes."""
    if PENDING.get() is not None:
        yield
        return
    pending = Pending()
    token = PENDING.set(pending)
    try:
        yield
        if pending.chinese_texts_changed:
            # Still within: the labels saved here are changes written together.
            refresh_chinese_labels_in_text()
    finally:
        PENDING.reset(token)
    if pending.all_documents:
        touch_documents()
    elif pending.document_ids:
        touch_documents(pending.document_ids)


def corpus_loaded():
    """After a whole corpus load: write again what follows from rows that a
    load changes without a save of the paragraph (a change to how links are
    made reaches a site with its next load; a site migrated before Chinese
    titles existed gets them), and whether the text bears each label.
    Return the paragraphs and the labels changed."""
    paragraphs = []
    for paragraph in Paragraph.objects.select_related("document").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("instrument")),
        TEXTS,
    ):
        mentions = list(paragraph.mentions.all())
        instruments = [mention.instrument for mention in mentions]
        if paragraph.linked_english(instruments) != paragraph.text_en_html:
            # Its save relinks it (paragraph_saving) and reads the titles.
            paragraph.save(update_fields=["reading_version"])
            paragraphs.append(paragraph)
        elif refresh_chinese_titles(paragraph, mentions):
            touch_documents([paragraph.document_id])
            paragraphs.append(paragraph)
    # Label.save() sets in_text (a search per label, once per load).
    chinese_shown = set(Paragraph.objects.with_chinese().values_list("pk", flat=True))
    labels = [
        label
        for label in Label.objects.select_related("concept")
        if label.found_in_text(chinese_shown) != label.in_text
    ]
    for label in labels:
        label.save(update_fields=["in_text"])
    return paragraphs, labels


# The writes themselves.


def relink(paragraph):
    """Store the paragraph's linked English again when its links or an
    instrument's names changed; a new reading version when it differs."""
    html = paragraph.linked_english()
    row = paragraph.text_row(ENGLISH)
    if row is not None and html != row.html:
        ParagraphText.objects.filter(pk=row.pk).update(html=html)
        Paragraph.objects.filter(pk=paragraph.pk).update(reading_version=uuid.uuid4())
        row.html = html


def refresh_chinese_titles(paragraph, mentions=None):
    """Store on each of the paragraph's instrument links (mentions: those
    read already, with their instruments) the title its shown Chinese
    original prints, or blank; return True if any changed."""
    if mentions is None:
        mentions = list(paragraph.mentions.select_related("instrument"))
    titles = chinese_titles(
        paragraph.text_en,
        paragraph.text_zh if paragraph.has_chinese else "",
        [(m.instrument.names, m.instrument_id) for m in mentions],
    )
    changed = False
    for mention in mentions:
        title = titles.get(mention.instrument_id, "")
        if mention.title_zh != title:
            Mention.objects.filter(pk=mention.pk).update(title_zh=title)
            changed = True
    return changed


def refresh_chinese_labels_in_text():
    """Save again every Chinese label whose in_text no longer says whether a
    shown Chinese text bears it: the Chinese texts read in one plain query
    and the labels matched in memory (as Label.found_in_text matches a
    Chinese label, by substring), not one search per label after every save
    of a text."""
    rows = list(
        ParagraphText.objects.filter(expression__tag__in=CHINESE_TAGS).select_related(
            "expression"
        )
    )
    # A paragraph's Chinese is shown when its simplified text is trusted
    # (Paragraph.has_chinese); then every Chinese text of it is searched.
    shown = {
        row.paragraph_id
        for row in rows
        if row.expression.tag == "zh-Hans" and row.is_trusted
    }
    texts = [row.text for row in rows if row.paragraph_id in shown]
    for label in Label.objects.filter(language__in=CHINESE_TAGS):
        found = any(label.text in text for text in texts)
        if found != label.in_text:
            label.save(update_fields=["in_text"])


def touch_documents(document_ids=None):
    """Move the corpus version, and the changed_at of the given documents
    (every document when None), now or, within written_together(), on
    leaving it."""
    if (pending := PENDING.get()) is not None:
        if document_ids is None:
            pending.all_documents = True
        else:
            pending.document_ids.update(document_ids)
        return
    documents = Document.objects.all()
    if document_ids is not None:
        documents = documents.filter(pk__in=list(document_ids))
    documents.touch()
