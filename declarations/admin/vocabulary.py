"""The vocabulary in the curators' admin: a concept with its labels, each
label under the same rule as in the build (Label.clean: from a paragraph
of the text that bears it, from an address, or the curators' own). A
concept whose labels a curator changed is marked curated, so a corpus
reload keeps it (declarations/corpus/loader.py)."""

from django.contrib import admin
from django.db import models

from declarations.admin.history import CuratorVersionAdmin
from declarations.admin.policy import PolicyAdmin, PolicyInline
from declarations.vocabulary import Label


class LabelInline(PolicyInline, admin.StackedInline):
    model = Label
    extra = 0
    autocomplete_fields = ["paragraph"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        ("language", "role", "text"),
        ("source", "confidence"),
        "paragraph",
        ("address", "checked_on"),
        "note",
    ]


class ConceptAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["__str__", "kind", "key", "curated"]
    list_filter = ["kind", "curated"]
    search_fields = ["key", "labels__text"]
    readonly_fields = ["kind", "key", "entity", "theme", "instrument"]
    fields = ["kind", "key", "entity", "theme", "instrument", "note"]
    inlines = [LabelInline]

    def save_model(self, request, obj, form, change):
        # Saving the concept or its labels: either way the curator's.
        obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A label a curator adds or changes is written in termbase.csv by
        # export_curation, with the source the curator gave.
        for label_form in formset.forms:
            if label_form.has_changed():
                label_form.instance.listed = True
        super().save_formset(request, form, formset, change)
