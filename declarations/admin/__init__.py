"""The curators' admin.

Text and numbering come from the sources and are read-only here; curators
write annotations, fix themes and instrument links, and fill in the Chinese
original. Whatever they change is marked as theirs, so that a corpus reload
keeps it (see declarations/corpus/loader.py). Derived data (linked
English, the corpus version behind every cached page) is rebuilt by
declarations/signals.py for every save and delete, bulk ones included.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator, capfirst

from declarations.admin import history
from declarations.admin.desk import (
    AnnotationPreview,
    chosen_paragraph,
    paragraph_panel_view,
    render_panel,
)
from declarations.admin.history import CuratorVersionAdmin, record_as_loaded
from declarations.admin.policy import PolicyAdmin, PolicyInline
from declarations.models import (
    Annotation,
    Confidence,
    Document,
    Entity,
    EntityMention,
    Instrument,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    ParagraphText,
    Section,
    SourceKind,
    Theme,
    chinese_shown,
    with_counts_in_order,
)
from declarations.rendering import render_markdown
from declarations.storage_budget import budget_problem
from declarations.text import validate_web_address

# History for what curators change (django-reversion, see history.py).
# Registered here, before the admins, so that VersionAdmin does not follow
# the inlines: a revert restores its own object, and a paragraph's themes
# are stored in the paragraph's own version. Link rows, subjects and
# memberships follow their parents instead, so that a change of one is also
# an entry, with its diff, in the history of the paragraph, instrument or
# entity it belongs to, wherever it was made.
for model in (Annotation, Instrument, Theme, Entity):
    history.register(model)
# A paragraph's texts are rows of their own (declarations/texts.py), kept
# in the paragraph's version as its themes are.
history.register(ParagraphText)
history.register(Paragraph, follow=["texts"])
history.register(Mention, follow=["paragraph", "instrument"])
history.register(EntityMention, follow=["paragraph", "entity"])
history.register(ParagraphSubject, follow=["paragraph"])
history.register(Membership, follow=["entity"])


class SourcedReadOnlyAdmin(PolicyAdmin, admin.ModelAdmin):
    """Structure that comes from the sources: visible, never edited here
    (declarations/policies.py SourcedPolicy)."""


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


class SectionInline(PolicyInline, admin.TabularInline):
    model = Section
    fields = ["position", "key", "heading"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Document)
class DocumentAdmin(SourcedReadOnlyAdmin):
    list_display = ["short_title_en", "slug", "adopted_on", "place_en", "is_synthetic"]
    list_filter = ["is_synthetic"]
    search_fields = ["slug", "title_en", "title_zh"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(SourcedReadOnlyAdmin):
    list_display = ["title", "document", "paragraph_count", "chinese_count"]
    list_filter = ["document", "key"]
    search_fields = ["document__slug", "key"]
    # Reading order, as the text prints them: Preamble, Section I, II…
    ordering = ["document", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document").with_counts()

    @admin.display(ordering="position", description="Section")
    def title(self, section):
        return section.title

    @admin.display(ordering="chinese_count", description="With Chinese")
    def chinese_count(self, section):
        return section.chinese_count

    @admin.display(ordering="paragraph_count")
    def paragraph_count(self, section):
        return section.paragraph_count


@admin.register(Theme)
class ThemeAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["name_en", "name_zh", "slug", "paragraph_count"]
    search_fields = ["slug", "name_en", "name_zh"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paragraph_counts()

    @admin.display(ordering="paragraph_count")
    def paragraph_count(self, theme):
        return theme.paragraph_count

    def save_model(self, request, obj, form, change):
        obj.curated = True
        super().save_model(request, obj, form, change)


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


@admin.register(Instrument)
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


@admin.register(Mention)
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


@admin.register(Entity)
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


@admin.register(EntityMention)
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


class AnnotationForm(forms.ModelForm):
    """Editorial notes are the project's, loaded from the curation files: a
    curator's annotation cannot take that kind, and an existing editorial
    note still shows its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields and not self.instance.is_editorial:
            self.fields["kind"].choices = [
                (value, label)
                for value, label in self.fields["kind"].choices
                if value != Annotation.Kind.EDITORIAL_NOTE
            ]


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


class HasChineseFilter(admin.SimpleListFilter):
    title = "Chinese original"
    parameter_name = "has_chinese"

    def lookups(self, request, model_admin):
        return [("yes", "Loaded"), ("no", "Missing or low confidence")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_chinese()
        if self.value() == "no":
            return queryset.exclude(chinese_shown())
        return queryset


class AnnotatedParagraphHasChineseFilter(HasChineseFilter):
    """The "Chinese original" filter, on the annotations' paragraphs."""

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(paragraph__in=Paragraph.objects.with_chinese())
        if self.value() == "no":
            return queryset.exclude(paragraph__in=Paragraph.objects.with_chinese())
        return queryset


class HasAnnotationsFilter(admin.SimpleListFilter):
    title = "annotations"
    parameter_name = "has_annotations"

    def lookups(self, request, model_admin):
        return [("yes", "Has annotations"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(annotation_count__gt=0)
        if self.value() == "no":
            return queryset.filter(annotation_count=0)
        return queryset


PROVENANCE_FIELDS = ["zh_sources", "zh_source_kind", "zh_confidence", "zh_notes"]


class ParagraphForm(forms.ModelForm):
    """The paragraph form, with the provenance a curator's Chinese text needs:
    text of unknown origin must never be shown as the original."""

    text_zh = forms.CharField(
        label="Chinese text",
        required=False,
        widget=forms.Textarea,
        help_text="The Chinese as its source prints it; leave blank when not sourced.",
    )
    text_zh_hant = forms.CharField(
        label="Chinese text, traditional characters",
        required=False,
        widget=forms.Textarea,
        help_text=(
            "As its source printed it. The simplified text, when it is a "
            "conversion of this one, is made again from it by OpenCC, never typed."
        ),
    )
    zh_sources = forms.CharField(
        label="Source URLs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where the Chinese text was taken from: one URL a line.",
    )
    zh_source_kind = forms.ChoiceField(
        label="Kind of source",
        required=False,
        choices=[("", "---------"), *SourceKind.choices],
    )
    zh_confidence = forms.ChoiceField(
        label="Confidence",
        required=False,
        choices=[("", "---------"), *Confidence.choices],
        help_text="Low confidence is stored but not shown as the original.",
    )
    zh_notes = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How the text was checked against its source.",
    )

    class Meta:
        model = Paragraph
        fields = ["themes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("text_zh", self.instance.text_zh)
        self.initial.setdefault("text_zh_hant", self.instance.text_zh_hant)
        provenance = self.instance.text_zh_provenance or {}
        self.initial.setdefault("zh_sources", "\n".join(provenance.get("sources", [])))
        self.initial.setdefault("zh_source_kind", provenance.get("source_kind", ""))
        self.initial.setdefault("zh_confidence", provenance.get("confidence", ""))
        self.initial.setdefault("zh_notes", provenance.get("notes", ""))

    def provenance_changed(self):
        """Return True when the Chinese text or its provenance was changed."""
        return any(
            name in self.changed_data
            for name in ["text_zh", "text_zh_hant", *PROVENANCE_FIELDS]
        )

    def clean_zh_sources(self):
        urls = self.cleaned_data["zh_sources"].split()
        for url in urls:
            validate_web_address(url)
        return urls

    def clean(self):
        cleaned = super().clean()
        entered = cleaned.get("text_zh") or cleaned.get("text_zh_hant")
        if entered and self.provenance_changed():
            for name in PROVENANCE_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        f"{self.fields[name].label} is required with the Chinese text.",
                    )
        return cleaned

    def save(self, commit=True):
        # The Chinese is a text row of its own, written by Paragraph.save().
        self.instance.text_zh = self.cleaned_data.get("text_zh", "")
        if "text_zh_hant" in self.changed_data:
            self.instance.text_zh_hant = self.cleaned_data["text_zh_hant"]
        return super().save(commit)

    def provenance(self):
        """Return the provenance the form records with the Chinese text."""
        return {
            "sources": self.cleaned_data["zh_sources"],
            "source_kind": self.cleaned_data["zh_source_kind"],
            "confidence": self.cleaned_data["zh_confidence"],
            "notes": self.cleaned_data["zh_notes"].strip(),
        }


class ThemeChoiceForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), empty_label=None)


@admin.register(Paragraph)
class ParagraphAdmin(PolicyAdmin, CuratorVersionAdmin):
    form = ParagraphForm
    actions = ["add_theme", "remove_theme"]
    list_display = [
        "reading_label",
        "document",
        "opening",
        "has_chinese",
        "annotation_count",
    ]
    list_display_links = ["reading_label", "opening"]
    # Reading order: sorting labels as text would put II.10 before II.2.
    ordering = ["document", "position"]
    list_filter = [
        "document",
        "section__key",
        "themes",
        HasChineseFilter,
        HasAnnotationsFilter,
        "themes_curated",
        "mentions_curated",
        "entities_curated",
    ]
    search_fields = ["label", "texts__text"]
    list_select_related = ["document"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("document", "label"),
                    ("text_en", "text_zh"),
                    "text_zh_hant",
                ]
            },
        ),
        (
            "Chinese text: provenance",
            {
                "description": "Required whenever the Chinese text is entered "
                "or changed.",
                "fields": [*PROVENANCE_FIELDS, "text_zh_origin", "text_zh_provenance"],
            },
        ),
        (
            "Themes",
            {
                "fields": [
                    "themes",
                    "themes_curated",
                    "mentions_curated",
                    "entities_curated",
                ]
            },
        ),
    ]
    readonly_fields = [
        "document",
        "label",
        "text_en",
        "text_zh_origin",
        "text_zh_provenance",
        "themes_curated",
        "mentions_curated",
        "entities_curated",
    ]
    autocomplete_fields = ["themes"]
    inlines = [
        ParagraphMentionInline,
        ParagraphEntityInline,
        ParagraphSubjectInline,
        AnnotationInline,
    ]

    def get_queryset(self, request):
        return with_counts_in_order(
            super().get_queryset(request),
            annotation_count=Count("annotations", distinct=True),
        )

    @admin.display(ordering="position", description="Paragraph")
    def reading_label(self, paragraph):
        return paragraph.label

    @admin.display(description="English")
    def opening(self, paragraph):
        return Truncator(paragraph.text_en).chars(90)

    @admin.display(boolean=True, description="中文")
    def has_chinese(self, paragraph):
        return paragraph.has_chinese

    @admin.display(ordering="annotation_count", description="Notes")
    def annotation_count(self, paragraph):
        return paragraph.annotation_count

    def view_on_site(self, paragraph):
        # The paragraph where readers meet it: in its document, at its anchor.
        return f"{paragraph.document.get_absolute_url()}#{paragraph.anchor}"

    @admin.action(description="Add a theme…", permissions=["change"])
    def add_theme(self, request, queryset):
        return self.change_theme(request, queryset, adding=True)

    @admin.action(description="Remove a theme…", permissions=["change"])
    def remove_theme(self, request, queryset):
        return self.change_theme(request, queryset, adding=False)

    def change_theme(self, request, queryset, *, adding):
        """Ask for the theme, show what will change, and change it once
        confirmed: through themes.add/remove, so that the m2m_changed
        receiver in declarations/signals.py refreshes the pages."""
        paragraphs = list(
            queryset.select_related("document").prefetch_related("themes")
        )
        form = ThemeChoiceForm(request.POST if "theme" in request.POST else None)
        theme = form.cleaned_data["theme"] if form.is_valid() else None
        changes, unchanged = [], []
        for paragraph in paragraphs:
            has_it = theme in paragraph.themes.all()
            (changes if has_it != adding else unchanged).append(paragraph)
        if theme is not None and changes and request.POST.get("confirm") == "yes":
            verb = "Added" if adding else "Removed"
            record_as_loaded(changes)
            # The curator chose these themes: corpus reloads keep them.
            Paragraph.objects.filter(pk__in=[p.pk for p in changes]).update(
                themes_curated=True
            )
            for paragraph in changes:
                # One version each, so that reverting one paragraph to it
                # leaves the others as they are.
                with self.one_revision(request):
                    paragraph.themes_curated = True
                    if adding:
                        paragraph.themes.add(theme)
                    else:
                        paragraph.themes.remove(theme)
                    self.log_change(
                        request, paragraph, f"{verb} theme “{theme}” (bulk action)."
                    )
            self.message_user(
                request,
                f"{verb} theme “{theme}” {'to' if adding else 'from'} "
                f"{len(changes)} paragraph(s).",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a theme" if adding else "Remove a theme",
            "opts": self.model._meta,
            "action": "add_theme" if adding else "remove_theme",
            "form": form if form.is_bound else ThemeChoiceForm(),
            "theme": theme,
            "adding": adding,
            "paragraphs": paragraphs,
            "changes": changes if theme else [],
            "unchanged": unchanged if theme else [],
        }
        return TemplateResponse(
            request, "admin/declarations/paragraph/theme_action.html", context
        )

    # A revert restores the paragraph's Chinese text and themes, not its
    # instrument or entity links: their flags stay as they are.
    kept_on_revert = ["themes_curated", "mentions_curated", "entities_curated"]

    def revert_version(self, version, delete=False):
        themes = set(
            Paragraph.themes.through.objects.filter(
                paragraph_id=version.object_id
            ).values_list("theme_id", flat=True)
        )
        # Read before the revert, which empties the version's m2m data.
        wanted = set(version.field_dict.get("themes", []))
        super().revert_version(version, delete)
        if wanted != themes:
            # The curator chose these themes again: corpus reloads keep them.
            Paragraph.objects.filter(pk=version.object_id).update(themes_curated=True)

    def save_model(self, request, obj, form, change):
        if form.provenance_changed():
            obj.mark_chinese_entered_by(request.user, **form.provenance())
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "themes" in form.changed_data:
            Paragraph.objects.filter(pk=form.instance.pk).update(themes_curated=True)

    def save_formset(self, request, form, formset, change):
        if formset.model is Annotation:
            for annotation_form in formset.forms:
                annotation = annotation_form.instance
                if annotation_form.has_changed():
                    annotation.last_changed_by = request.user
                    if annotation.author_id is None:
                        annotation.author = request.user
        super().save_formset(request, form, formset, change)
        if formset.model is Mention:
            mark_mentions_curated(formset)
        if formset.model in (EntityMention, ParagraphSubject):
            mark_entities_curated(formset)


@admin.register(Annotation)
class AnnotationAdmin(PolicyAdmin, AnnotationPreview, CuratorVersionAdmin):
    form = AnnotationForm
    list_display = [
        "excerpt",
        "paragraph",
        "kind",
        "status",
        "author",
        "last_change",
        "is_orphaned",
    ]
    list_filter = [
        "status",
        "kind",
        ("paragraph__themes", admin.RelatedOnlyFieldListFilter),
        ("paragraph__section__key", admin.AllValuesFieldListFilter),
        AnnotatedParagraphHasChineseFilter,
        "is_orphaned",
        "author",
        "paragraph__document",
    ]
    ordering = ["paragraph__document", "paragraph__position", "pk"]
    search_fields = ["body", "paragraph__label", "source_citation"]
    list_select_related = ["paragraph__document", "author", "last_changed_by"]
    autocomplete_fields = ["paragraph"]
    fields = [
        "paragraph",
        "kind",
        "status",
        "body",
        "preview",
        "quote",
        "orphan_state",
        "source_url",
        "source_citation",
        "author",
        "last_change",
    ]
    # The author is whoever created the annotation: shown, never chosen.
    readonly_fields = ["preview", "author", "last_change", "orphan_state"]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The editor with its paragraph beside it (desk.py), on the add and
    # change forms and on the forms of a revert or a recovery.
    change_form_template = "admin/declarations/annotation/change_form.html"
    revision_form_template = "admin/declarations/annotation/revision_form.html"
    recover_form_template = "admin/declarations/annotation/recover_form.html"

    class Media:
        js = [
            "declarations/annotation-preview.js",
            "declarations/admin-paragraph-panel.js",
        ]

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="declarations_annotation_preview",
            ),
            path(
                "paragraph-panel/",
                self.admin_site.admin_view(self.paragraph_panel_view),
                name="declarations_annotation_paragraph_panel",
            ),
            *super().get_urls(),
        ]

    def paragraph_panel_view(self, request):
        """The paragraph panel of another paragraph, for the annotation form."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return paragraph_panel_view(request)

    def render_change_form(self, request, context, *args, **kwargs):
        paragraph = chosen_paragraph(context["adminform"].form)
        context["paragraph_panel"] = render_panel(paragraph)
        context["paragraph_panel_id"] = paragraph.pk if paragraph else ""
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "paragraph":
            # The chosen paragraph reads as the autocomplete's choices do.
            field.label_from_instance = lambda paragraph: paragraph.autocomplete_label
        return field

    def changelist_view(self, request, extra_context=None):
        # Orphans need a curator: say how many there are on every list view.
        orphans = Annotation.objects.orphaned().count()
        if orphans:
            self.message_user(
                request,
                f"{orphans} orphaned annotation{'s' if orphans != 1 else ''}: "
                "the quoted passage no longer occurs in the corrected text. "
                "Filter by “orphaned” and choose each passage again.",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def preview_view(self, request):
        """Render Markdown as readers would see it, for the live preview."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseBadRequest("POST the Markdown as 'body'.")
        try:
            html = render_markdown(request.POST.get("body", ""))
        except ValidationError as error:
            return HttpResponseBadRequest(
                " ".join(error.messages), content_type="text/plain; charset=utf-8"
            )
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    @admin.display(description="Note")
    def excerpt(self, annotation):
        return Truncator(annotation.body).chars(80)

    @admin.display(ordering="updated_at", description="Last changed")
    def last_change(self, annotation):
        if not annotation.pk:
            return "—"
        when = f"{timezone.localtime(annotation.updated_at):%Y-%m-%d %H:%M:%S}"
        if annotation.last_changed_by_id is None and annotation.is_editorial:
            # An editorial note from the curation files that no curator has
            # changed: its time is the corpus load's, not its writing's.
            return f"loaded with the corpus at {when}, not changed in the admin since"
        return f"{when} by {annotation.last_changed_by or 'unknown'}"

    @admin.display(description="Orphaned")
    def orphan_state(self, annotation):
        # Words, not the boolean icon: a red ✗ beside "Orphaned" on a new
        # note read as an error.
        if not annotation.pk:
            return "Checked when the note is saved."
        if annotation.is_orphaned:
            return (
                "Yes: the quoted passage no longer occurs in the paragraph; "
                "choose it again."
            )
        if annotation.quote:
            return "No: the quoted passage occurs in the paragraph."
        return "No: the note quotes no passage."

    def save_model(self, request, obj, form, change):
        obj.last_changed_by = request.user
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Publish the selected annotations", permissions=["publish"]
    )
    def publish(self, request, queryset):
        self.set_status(request, queryset, Annotation.Status.PUBLISHED)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Annotation.Status.DRAFT)

    def set_status(self, request, queryset, status):
        changed = 0
        changing = [
            annotation
            for annotation in queryset.filter(~Q(status=status)).select_related(
                "paragraph"
            )
            if self.policy.can_publish(request.user, annotation)
        ]
        record_as_loaded(changing)
        for annotation in changing:
            with self.one_revision(request):
                annotation.status = status
                annotation.last_changed_by = request.user
                annotation.save()
                self.log_change(request, annotation, f"Status set to {status}.")
            changed += 1
        self.message_user(request, f"{changed} annotation(s) set to {status}.")


from declarations.admin import vocabulary  # noqa: E402, F401
