"""The receivers that keep derived data in step with the rows it is
computed from.

They are not its only writers: Paragraph.save() and Annotation.save()
rebuild what follows from their own row, Paragraph.save_texts keeps the
search words, SQLite's triggers keep the search tables in step with the
text rows (declarations/search_index.py), and the corpus loader moves the corpus
version itself after an update() (declarations/corpus/loader.py). What
follows from a change of another row is rebuilt here, for every write path
that sends Django's model signals: save(), delete() and QuerySet.delete()
(bulk deletes and the admin's "delete selected" send post_delete for each
row), m2m add/remove/clear, the corpus loader, imports and the shell.

- A paragraph's linked English (text_en_html) follows its instrument links
  and the instruments' names. Paragraph.save() rebuilds it for edits of the
  paragraph itself; the receivers here for edits of links and instruments.
- The Chinese title each instrument link carries (Mention.title_zh: the
  《…》 title the paragraph's shown Chinese original prints for it, by the
  one rule in declarations/chinese_titles.py) follows the paragraph's
  texts and confidence, its links and the instruments' names: the
  receivers here rebuild it for edits of any of them, so no Chinese title
  outlives the Chinese paragraph it was read from.
- An annotation's orphaned flag (its quoted passage no longer occurs in its
  paragraph): Annotation.save() sets it, and the receiver here for every
  change of a paragraph's text, so a source correction flags the notes it
  strands (they are kept, never re-attached).
- A paragraph's stored reading HTML (declarations/fragments.py) is keyed by
  its reading_version: Paragraph.save() moves it, and the receivers here
  move it for exactly the paragraphs whose HTML shows what changed (their
  themes, annotation count, subject line, links, document or section).
- The corpus version (declarations/corpus_version.py, moved by
  Document.objects.touch() and read by declarations.page_cache for every ETag
  and page-cache key) moves with every change readers can see:
  entities, their memberships, paragraph entity links and subjects included
  (a membership date changes "Supported by 8 of 10 member states").

QuerySet.update() sends no signal: code that changes what readers see must
save() or delete() instead. Set by update() are only the curated flags, which
readers never see, the orphaned flag, which only the admin shows, and the
derived fields the receivers here write themselves (linked English, Chinese
titles), each receiver moving the corpus version as it does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from declarations.models import (
    Annotation,
    Concept,
    Document,
    Entity,
    EntityMention,
    Instrument,
    Label,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    Section,
    Theme,
)
from declarations.models.paragraphs import texts_saved
from declarations.vocabulary import (
    CHINESE_TAGS,
    LABEL_REFRESH_DEFERRED,
    refresh_chinese_in_text,
)


def touch_document(document_id):
    Document.objects.filter(pk=document_id).touch()


@receiver(post_save, sender=Document)
@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Paragraph)
@receiver(post_delete, sender=Paragraph)
def paragraph_or_section_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is Document:  # its title and slug are in every paragraph's HTML
        instance.paragraphs.shown_changed()
    elif sender is Section:  # its key is in every paragraph's anchor and URL
        instance.paragraphs.shown_changed()
    touch_document(instance.pk if sender is Document else instance.document_id)


@receiver(post_save, sender=Paragraph)
def paragraph_text_changed(sender, instance, raw=False, **kwargs):
    """Flag, or clear, the orphans among the paragraph's quoting annotations,
    and read the instruments' Chinese titles from its text again."""
    if not raw:
        instance.refresh_chinese_titles()
    for annotation in instance.annotations.exclude(quote=""):
        lost = instance.locate(annotation.quote) is None
        if lost != annotation.is_orphaned:
            Annotation.objects.filter(pk=annotation.pk).update(is_orphaned=lost)


@receiver(post_save, sender=Annotation)
@receiver(post_delete, sender=Annotation)
@receiver(post_save, sender=EntityMention)
@receiver(post_delete, sender=EntityMention)
@receiver(post_save, sender=ParagraphSubject)
@receiver(post_delete, sender=ParagraphSubject)
def paragraph_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        paragraphs = Paragraph.objects.filter(pk=instance.paragraph_id)
        paragraphs.shown_changed()
        touch_document(paragraphs.values_list("document_id", flat=True).first())


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
def mention_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    paragraph = Paragraph.objects.filter(pk=instance.paragraph_id).first()
    if paragraph is not None:  # gone when the paragraph itself was deleted
        paragraph.refresh_links()
        paragraph.refresh_chinese_titles()
        touch_document(paragraph.document_id)


@receiver(post_save, sender=Instrument)
def instrument_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Its names or note may have changed: relink every paragraph naming it
    # (the order the English names instruments in pairs the Chinese titles).
    for paragraph in instance.paragraphs.all():
        paragraph.refresh_links()
        paragraph.refresh_chinese_titles()
    Document.objects.touch()


@receiver(post_save, sender=Theme)
def theme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.paragraphs.shown_changed()  # their theme links name it
        Document.objects.touch()


@receiver(post_delete, sender=Theme)
def theme_deleted(sender, instance, **kwargs):
    # Its links to paragraphs are gone already: which paragraphs showed it
    # is no longer known.
    Paragraph.objects.shown_changed()
    Document.objects.touch()


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def member_states_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # Subject lines name states and count them against the members.
        Paragraph.objects.filter(subject__isnull=False).shown_changed()
        Document.objects.touch()


@receiver(post_delete, sender=Instrument)
def instrument_deleted(sender, instance, **kwargs):
    # Its mentions went first, each relinking its paragraph.
    Document.objects.touch()


@receiver(m2m_changed, sender=Paragraph.themes.through)
def paragraph_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:  # paragraph.themes.add(…)
        Paragraph.objects.filter(pk=instance.pk).shown_changed()
        touch_document(instance.document_id)
        return
    # theme.paragraphs.add(…): the paragraphs named, or all of them after
    # clear(), which names none.
    paragraphs = Paragraph.objects.all()
    if pk_set is not None:
        paragraphs = paragraphs.filter(pk__in=pk_set)
    paragraphs.shown_changed()
    Document.objects.touch()


# The vocabulary: search widens every query by its labels and /vocabulary/
# lists them, so any change moves the version of every page.


@receiver(post_save, sender=Concept)
@receiver(post_delete, sender=Concept)
@receiver(post_save, sender=Label)
@receiver(post_delete, sender=Label)
def vocabulary_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Document.objects.touch()


@receiver(m2m_changed, sender=Concept.paragraphs.through)
def term_paragraphs_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        Document.objects.touch()


@receiver(texts_saved)
def chinese_labels_in_text(sender, paragraph, tags, **kwargs):
    """Whether the text bears each Chinese label (Label.in_text) follows the
    Chinese the paragraphs show: a curator's or an import's Chinese text can
    change it (the English is read-only, reloaded with the corpus, after
    which the loader saves the labels again)."""
    if tags & set(CHINESE_TAGS) and not LABEL_REFRESH_DEFERRED.get():
        refresh_chinese_in_text()
