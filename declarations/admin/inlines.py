"""The rows edited on another object's page: instrument and entity links,
subjects, memberships and annotations on a paragraph's, links on an
instrument's or an entity's, sections on a document's. A save that changed
links through them marks the paragraphs as the curator's, so a corpus reload
keeps them (mark_mentions_curated, mark_entities_curated)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from declarations.admin.annotations import AnnotationForm
from declarations.admin.policy import PolicyInline
from declarations.admin.preview import AnnotationPreview
from declarations.models import (
    Annotation,
    EntityMention,
    Expression,
    Instrument,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    Section,
)
from declarations.storage_budget import budget_problem


class LabelledTabularInline(PolicyInline, admin.TabularInline):
    """A tabular inline whose fields have names of their own. Django's
    tabular template prints each field's label once, as its column's header,
    and leaves the field itself unnamed for screen readers (axe: label,
    select-name)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    if field.widget.is_hidden:
                        continue
                    label = "Delete" if name == "DELETE" else capfirst(field.label)
                    if form.instance.pk:
                        label = f"{label}: {form.instance}"
                    field.widget.attrs.setdefault("aria-label", label)

        return LabelledFormSet


class ExpressionInline(PolicyInline, admin.StackedInline):
    """What each of a document's texts is: stated by the corpus
    (fixtures/curation/<document>/document.toml), shown, never edited here."""

    model = Expression
    fields = ["tag", "status", "derived_from", "tool", "translator", "sources", "notes"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class SectionInline(PolicyInline, admin.TabularInline):
    model = Section
    fields = ["position", "key", "heading"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class MentionFormSet(forms.BaseInlineFormSet):
    """Instrument links edited inline: the storage budget is checked on the
    result of the whole POST (these links, and the parent instrument's names
    as edited in the same form)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        removed, added = set(), []
        for form in self.forms:
            if not form.has_changed() and form not in self.deleted_forms:
                continue
            if form.instance.pk:
                removed.add(form.instance.pk)
            if form in self.deleted_forms or not form.cleaned_data:
                continue
            paragraph = form.cleaned_data.get("paragraph") or self.instance
            instrument = form.cleaned_data.get("instrument") or self.instance
            added.append((paragraph.pk, instrument.pk))
        parent = self.instance if isinstance(self.instance, Instrument) else None
        if problem := budget_problem(removed=removed, added=added, instrument=parent):
            raise ValidationError(problem, code="storage-budget")


class MentionInline(LabelledTabularInline):
    model = Mention
    formset = MentionFormSet
    extra = 0
    autocomplete_fields = ["paragraph", "instrument"]


class InstrumentMentionInline(MentionInline):
    fields = ["paragraph", "verb"]


class ParagraphMentionInline(MentionInline):
    fields = ["instrument", "verb"]


def mark_mentions_curated(formset):
    """Mark the paragraphs whose instrument links a formset changed."""
    touched = {
        form.instance.paragraph_id for form in formset.forms if form.has_changed()
    }
    touched |= {obj.paragraph_id for obj in formset.deleted_objects}
    Paragraph.objects.filter(pk__in=touched).update(mentions_curated=True)


class EntityMentionInline(LabelledTabularInline):
    model = EntityMention
    extra = 0
    autocomplete_fields = ["paragraph", "entity"]


class EntityLinkInline(EntityMentionInline):
    fields = ["paragraph", "role", "words"]


class ParagraphEntityInline(EntityMentionInline):
    fields = ["entity", "role", "words"]


class ParagraphSubjectInline(PolicyInline, admin.StackedInline):
    model = ParagraphSubject
    extra = 0
    fields = ["kind", "words", "note"]


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0
    fields = ["status", "since", "until", "sources"]


def mark_entities_curated(formset):
    """Mark the paragraphs whose entity links or subject a formset changed,
    so that a corpus reload keeps them."""
    touched = {
        form.instance.paragraph_id for form in formset.forms if form.has_changed()
    }
    touched |= {obj.paragraph_id for obj in formset.deleted_objects}
    Paragraph.objects.filter(pk__in=touched).update(entities_curated=True)


class AnnotationInline(PolicyInline, AnnotationPreview, admin.StackedInline):
    model = Annotation
    form = AnnotationForm
    extra = 0
    fields = [
        "kind",
        "status",
        "body",
        "preview",
        "quote",
        "source_url",
        "source_citation",
    ]
    readonly_fields = ["preview"]
    show_change_link = True

    class Media:
        js = ["declarations/annotation-preview.js"]
