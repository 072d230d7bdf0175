"""What the declarations refer to, in the curators' admin: instruments and
entities, and the links from paragraphs to them. A link a curator makes,
changes or deletes marks its paragraph as the curator's, so a corpus reload
keeps it; a change of instrument links is checked against the storage budget
(declarations/storage_budget.py)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from declarations.admin.history import CuratorVersionAdmin
from declarations.admin.inlines import (
    EntityLinkInline,
    InstrumentMentionInline,
    MembershipInline,
    mark_entities_curated,
    mark_mentions_curated,
)
from declarations.admin.policy import PolicyAdmin
from declarations.models import EntityMention, Paragraph
from declarations.storage_budget import budget_problem


class InstrumentAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["title_en", "kind", "place", "date_text", "mention_count"]
    list_filter = ["kind"]
    search_fields = ["slug", "title_en", "short_title", "aliases"]
    readonly_fields = ["slug"]
    inlines = [InstrumentMentionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_mention_counts()

    @admin.display(ordering="mention_count")
    def mention_count(self, instrument):
        return instrument.mention_count

    def save_model(self, request, obj, form, change):
        obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        mark_mentions_curated(formset)


class MentionForm(forms.ModelForm):
    """A link made or changed on its own: the storage budget is checked on
    the corpus as the save would leave it."""

    def clean(self):
        cleaned = super().clean()
        paragraph, instrument = cleaned.get("paragraph"), cleaned.get("instrument")
        if paragraph and instrument and self.has_changed():
            removed = [self.instance.pk] if self.instance.pk else []
            if problem := budget_problem(
                removed=removed, added=[(paragraph.pk, instrument.pk)]
            ):
                raise ValidationError(problem, code="storage-budget")
        return cleaned


class MentionAdmin(PolicyAdmin, CuratorVersionAdmin):
    form = MentionForm
    list_display = ["paragraph", "instrument", "verb"]
    list_filter = ["verb", "paragraph__document"]
    search_fields = ["paragraph__label", "instrument__title_en"]
    autocomplete_fields = ["paragraph", "instrument"]
    list_select_related = ["paragraph__document", "instrument"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Paragraph.objects.filter(pk=obj.paragraph_id).update(mentions_curated=True)

    def delete_model(self, request, obj):
        Paragraph.objects.filter(pk=obj.paragraph_id).update(mentions_curated=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected": the curator removed these links, so a corpus
        # reload must not bring them back.
        Paragraph.objects.filter(mentions__in=queryset).update(mentions_curated=True)
        super().delete_queryset(request, queryset)


class EntityAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["name_en", "name_zh", "kind", "paragraph_count"]
    list_filter = ["kind", "curated"]
    search_fields = ["slug", "name_en", "name_zh", "aliases"]
    readonly_fields = ["slug"]
    inlines = [MembershipInline, EntityLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paragraph_counts()

    @admin.display(ordering="paragraph_count")
    def paragraph_count(self, entity):
        return entity.paragraph_count

    def save_model(self, request, obj, form, change):
        # Saving the entity or its memberships: either way the curator's.
        obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is EntityMention:
            mark_entities_curated(formset)


class EntityMentionAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["paragraph", "entity", "role", "words"]
    list_filter = ["role", "entity__kind", "paragraph__document"]
    search_fields = ["paragraph__label", "entity__name_en", "words"]
    autocomplete_fields = ["paragraph", "entity"]
    list_select_related = ["paragraph__document", "entity"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Paragraph.objects.filter(pk=obj.paragraph_id).update(entities_curated=True)

    def delete_model(self, request, obj):
        Paragraph.objects.filter(pk=obj.paragraph_id).update(entities_curated=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected": the curator removed these links, so a corpus
        # reload must not bring them back.
        Paragraph.objects.filter(entity_mentions__in=queryset).update(
            entities_curated=True
        )
        super().delete_queryset(request, queryset)
