"""Annotations in the curators' admin: the editor with its live preview and
the paragraph beside it (preview.py), publishing by the policy
(declarations/policies.py), and a warning on every list of how many notes
have lost their quoted passage."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator

from declarations.admin.filters import AnnotatedParagraphHasChineseFilter
from declarations.admin.history import CuratorVersionAdmin, record_as_loaded
from declarations.admin.policy import PolicyAdmin
from declarations.admin.preview import (
    AnnotationPreview,
    chosen_paragraph,
    paragraph_panel_view,
    render_panel,
)
from declarations.markdown_html import render_markdown
from declarations.models import Annotation


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
    # The editor with its paragraph beside it (preview.py), on the add and
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
