"""The documents in the curators' admin: declarations and their sections,
structure that comes from the sources, shown and never edited here."""

from django.contrib import admin

from declarations.admin.inlines import ExpressionInline, SectionInline
from declarations.admin.policy import PolicyAdmin


class SourcedReadOnlyAdmin(PolicyAdmin, admin.ModelAdmin):
    """Structure that comes from the sources: visible, never edited here
    (declarations/policies.py SourcedPolicy)."""


class DocumentAdmin(SourcedReadOnlyAdmin):
    list_display = ["short_title_en", "slug", "adopted_on", "place_en", "is_synthetic"]
    list_filter = ["is_synthetic"]
    search_fields = ["slug", "title_en", "expressions__title"]
    inlines = [ExpressionInline, SectionInline]


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
