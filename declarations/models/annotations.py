"""Editorial notes on paragraphs."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from declarations.markdown_html import (
    MAX_MARKDOWN_LENGTH,
    render_markdown,
    validate_markdown,
)
from declarations.models.entities import PROJECT_NAME


def display_name(user):
    """Return a user's public name: their full name, else "a curator"."""
    if user is None:
        return ""
    return user.get_full_name() or "a curator"


class AnnotationQuerySet(models.QuerySet):
    def published(self):
        """Return annotations readers may see."""
        return self.filter(status=Annotation.Status.PUBLISHED)

    def visible_to(self, user):
        """Return what a user may see: staff see drafts too, marked as drafts."""
        return self if user.is_staff else self.published()

    def for_export(self):
        """Return annotations with what their exports name, in text order."""
        return self.select_related(
            "paragraph__document", "paragraph__section", "author"
        ).order_by("paragraph__position", "created_at", "key")

    def orphaned(self):
        """Return annotations whose quoted passage no longer occurs in their
        paragraph (after a source correction)."""
        return self.filter(is_orphaned=True)


class Annotation(models.Model):
    class Kind(models.TextChoices):
        CONTEXT = "context", "Context"
        TRANSLATION_NOTE = "translation-note", "Translation note"
        COMMENTARY = "commentary", "Commentary"
        CORRECTION = "correction", "Correction"
        CROSS_REFERENCE = "cross-reference", "Cross-reference"
        # The project's own remarks, loaded from the curation files
        # (editorial_notes.csv), published under the project's name.
        EDITORIAL_NOTE = "editorial-note", "Editorial note"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    key = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identity across exports and imports.",
    )
    paragraph = models.ForeignKey(
        "declarations.Paragraph", on_delete=models.CASCADE, related_name="annotations"
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.CONTEXT,
        help_text="What sort of note this is.",
    )
    body = models.TextField(
        help_text=(
            "Markdown. Raw HTML is removed when rendered. At most "
            f"{MAX_MARKDOWN_LENGTH:,} characters."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    quote = models.TextField(
        blank=True,
        help_text=(
            "Optional: the passage the note is about, copied exactly from the "
            "paragraph's English or Chinese text (its first occurrence is meant)."
        ),
    )
    is_orphaned = models.BooleanField(
        "orphaned",
        default=False,
        editable=False,
        help_text=(
            "The quoted passage no longer occurs in the paragraph (its text was "
            "corrected): choose the passage again. Derived, never edited."
        ),
    )
    source_url = models.URLField(
        blank=True, help_text="Optional: the web page the note relies on."
    )
    source_citation = models.CharField(
        max_length=500, blank=True, help_text="Optional: a citation of the source."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published annotations are shown to readers.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="annotations",
        help_text="Who created the annotation; set once, never edited.",
    )
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph__document", "paragraph__position", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.paragraph}"

    def save(self, *args, **kwargs):
        # Rendered HTML is derived data, rebuilt on every save (as in
        # django/djangoproject.com blog/models.py Entry.save).
        self.body_html = render_markdown(self.body)
        # Every save writes the orphaned flag, which the writer of derived
        # data sets first (declarations.derived.annotation_saving).
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_orphaned"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url() + f"#annotation-{self.pk}"

    def clean(self):
        # In clean(), not as a field validator: a validator would be
        # imported by the migrations, which import no application code.
        try:
            validate_markdown(self.body)
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from None
        if self.paragraph_id and self.quote_is_lost():
            raise ValidationError(
                {
                    "quote": "This passage does not occur in the paragraph's "
                    "English or Chinese text: copy it exactly."
                }
            )

    def quote_is_lost(self):
        """Return True when the annotation quotes a passage that its
        paragraph's text does not contain."""
        return bool(self.quote) and self.paragraph.locate(self.quote) is None

    @property
    def is_published(self):
        """Return True when readers may see the annotation."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_editorial(self):
        """Return True for the project's editorial notes (no personal author)."""
        return self.kind == self.Kind.EDITORIAL_NOTE

    @property
    def author_display_name(self):
        """Return the name readers see for the author: the project's for an
        editorial note, else the full name set on the user, never a login
        name (a login name is half a credential)."""
        if self.is_editorial:
            return PROJECT_NAME
        return display_name(self.author)

    @property
    def last_changed_by_display_name(self):
        """Return the name readers see for the last editor."""
        return display_name(self.last_changed_by)
