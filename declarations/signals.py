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
    derived.touch_documents([instance.document_id])


@receiver(post_save, sender=Document)
@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def document_or_section_changed(sender, instance, raw=False, **kwargs):
    # A document's title and slug, a section's key: in every paragraph's HTML.
    if not raw:
        document_id = instance.pk if sender is Document else instance.document_id
        derived.paragraphs_shown_changed(instance.paragraphs.all(), [document_id])


@receiver(post_save, sender=Expression)
def expression_changed(sender, instance, created, raw=False, **kwargs):
    # Its tag and status are in the HTML of every paragraph with a text in
    # it; a new one has none yet.
    if not raw and not created:
        derived.paragraphs_shown_changed(
            Paragraph.objects.filter(texts__expression=instance), [instance.document_id]
        )


@receiver(post_save, sender=Annotation)
@receiver(post_delete, sender=Annotation)
@receiver(post_save, sender=EntityMention)
@receiver(post_delete, sender=EntityMention)
@receiver(post_save, sender=ParagraphSubject)
@receiver(post_delete, sender=ParagraphSubject)
def paragraph_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        paragraphs = Paragraph.objects.filter(pk=instance.paragraph_id)
        derived.paragraphs_shown_changed(
            paragraphs, paragraphs.values_list("document_id", flat=True)[:1]
        )


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
    if not raw:  # its paragraphs' theme links name it
        derived.paragraphs_shown_changed(instance.paragraphs.all())


@receiver(post_delete, sender=Theme)
def theme_deleted(sender, instance, **kwargs):
    # Its links to paragraphs are gone already: which paragraphs showed it
    # is no longer known.
    derived.paragraphs_shown_changed(Paragraph.objects.all())


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def member_states_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # Subject lines name states and count them against the members.
        derived.paragraphs_shown_changed(
            Paragraph.objects.filter(subject__isnull=False)
        )


@receiver(m2m_changed, sender=Paragraph.themes.through)
def paragraph_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:  # paragraph.themes.add(…)
        derived.paragraphs_shown_changed(
            Paragraph.objects.filter(pk=instance.pk), [instance.document_id]
        )
        return
    # theme.paragraphs.add(…): the paragraphs named, or all of them after
    # clear(), which names none.
    paragraphs = Paragraph.objects.all()
    if pk_set is not None:
        paragraphs = paragraphs.filter(pk__in=pk_set)
    derived.paragraphs_shown_changed(paragraphs)


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
