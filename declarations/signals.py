"""The receivers of the models' signals: each routes one event to the
writer of derived data, declarations/derived.py, which says what is derived
and how it is written.

Every write path that sends Django's model signals reaches them: save(),
delete() and QuerySet.delete() (bulk deletes and the admin's "delete
selected" send post_delete for each row), m2m add/remove/clear, the corpus
loader, imports and the shell. QuerySet.update() sends none (see
declarations/derived.py). Fixtures loaded raw (loaddata) carry their derived
data as written, and are left alone.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from declarations import derived
from declarations.models import (
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
    ParagraphText,
    Section,
    Theme,
)
from declarations.models.paragraphs import texts_saved


@receiver(pre_save, sender=Paragraph)
def paragraph_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.paragraph_saving(instance)


@receiver(pre_save, sender=ParagraphText)
def text_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.text_saving(instance)


@receiver(post_save, sender=Paragraph)
def paragraph_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.paragraph_saved(instance)


@receiver(texts_saved)
def paragraph_texts_saved(sender, paragraph, tags, **kwargs):
    derived.texts_saved(paragraph, tags)


@receiver(pre_save, sender=Annotation)
def annotation_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.annotation_saving(instance)


@receiver(post_delete, sender=Paragraph)
def paragraph_deleted(sender, instance, **kwargs):
    derived.paragraph_deleted(instance)


@receiver(post_save, sender=Document)
def document_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.document_changed(instance)


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def section_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.section_changed(instance)


@receiver(post_save, sender=Expression)
def expression_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:  # a new one has no texts yet
        derived.expression_changed(instance)


@receiver(post_save, sender=Annotation)
@receiver(post_delete, sender=Annotation)
@receiver(post_save, sender=EntityMention)
@receiver(post_delete, sender=EntityMention)
@receiver(post_save, sender=ParagraphSubject)
@receiver(post_delete, sender=ParagraphSubject)
def paragraph_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.paragraph_part_changed(instance.paragraph_id)


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
def mention_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.links_changed(instance.paragraph_id)


@receiver(post_save, sender=Instrument)
def instrument_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.instrument_changed(instance)


@receiver(post_save, sender=Theme)
def theme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.theme_changed(instance)


@receiver(post_delete, sender=Theme)
def theme_deleted(sender, instance, **kwargs):
    derived.theme_deleted()


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def member_states_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        derived.member_states_changed()


@receiver(m2m_changed, sender=Paragraph.themes.through)
def paragraph_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # theme.paragraphs.add(…); clear() names no paragraphs
        derived.theme_paragraphs_changed(pk_set)
    else:  # paragraph.themes.add(…)
        derived.paragraph_themes_changed(instance)


# An instrument gone (its mentions went first, each relinking its
# paragraph), and the vocabulary: search widens every query by its labels
# and /vocabulary/ lists them, so any change moves the version of every page.


@receiver(post_delete, sender=Instrument)
@receiver(post_save, sender=Concept)
@receiver(post_delete, sender=Concept)
@receiver(post_save, sender=Label)
@receiver(post_delete, sender=Label)
def corpus_changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        derived.corpus_changed()


@receiver(m2m_changed, sender=Concept.paragraphs.through)
def term_paragraphs_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        derived.corpus_changed()
