"""The curator's desk: what the annotation forms show beside the editor.

- The live preview of an annotation's Markdown, on the annotation form and
  on each annotation of a paragraph's page (one script,
  static/declarations/annotation-preview.js, for both).
- The paragraph panel: the paragraph an annotation belongs to (label,
  English, the Chinese original where it is shown as such, themes), drawn by
  the server with the form and again, by
  static/declarations/admin-paragraph-panel.js, when the curator chooses
  another paragraph.
"""

import re

from django.contrib import admin
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from declarations.models import Paragraph

PANEL_TEMPLATE = "admin/declarations/annotation/paragraph_panel.html"
# A primary key: digits, and no more than a signed 64-bit integer holds.
PARAGRAPH_ID = re.compile(r"[0-9]{1,18}")


class AnnotationPreview:
    """The live preview, for the annotation admin and its inline (each names
    annotation-preview.js in its Media)."""

    @admin.display(description="Preview (as readers see it, sanitised)")
    def preview(self, annotation):
        return format_html(
            '<div class="annotation-preview" data-preview-url="{}">{}</div>',
            reverse("admin:declarations_annotation_preview"),
            mark_safe(annotation.body_html) if annotation.pk else "",
        )


def panel_context(paragraph):
    """Return what the paragraph panel shows of a paragraph (or of none)."""
    return {
        "paragraph": paragraph,
        "themes": list(paragraph.themes.all()) if paragraph else [],
    }


def render_panel(paragraph):
    """Return the panel's HTML for a paragraph, or for no paragraph yet."""
    return render_to_string(PANEL_TEMPLATE, panel_context(paragraph))


def chosen_paragraph(form):
    """Return the paragraph the annotation form names: the saved one, the
    one just posted, or the one the add link chose (?paragraph=<id>)."""
    if form.instance.paragraph_id:
        return panel_paragraphs().filter(pk=form.instance.paragraph_id).first()
    initial = str(form.initial.get("paragraph", ""))
    if PARAGRAPH_ID.fullmatch(initial):
        return panel_paragraphs().filter(pk=initial).first()
    return None


def panel_paragraphs():
    return Paragraph.objects.select_related("document", "section")


def paragraph_panel_view(request):
    """Return the panel of ?paragraph=<id> as an HTML fragment, for the
    script that follows the paragraph field."""
    value = request.GET.get("paragraph", "")
    if not PARAGRAPH_ID.fullmatch(value):
        return HttpResponseBadRequest(
            "Name the paragraph by its id: ?paragraph=<number>.",
            content_type="text/plain; charset=utf-8",
        )
    paragraph = panel_paragraphs().filter(pk=value).first()
    if paragraph is None:
        return HttpResponseNotFound(
            f"No paragraph has the id {value}.",
            content_type="text/plain; charset=utf-8",
        )
    return TemplateResponse(request, PANEL_TEMPLATE, panel_context(paragraph))
