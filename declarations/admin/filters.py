"""The admin's list filters of its own: whether a paragraph's Chinese
original is shown, whether it has annotations, and its section by the
heading the text prints."""

from django.contrib import admin

from declarations.models import Paragraph, Section, chinese_shown


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


class SectionFilter(admin.SimpleListFilter):
    """A paragraph's section, named as the text prints it ("Preamble", "I",
    "II"…) in reading order; the parameter stays the section's URL key
    (?section__key=ii), as the admin's links have always named it."""

    title = "section"
    parameter_name = "section__key"

    def lookups(self, request, model_admin):
        headings = {}
        for section in Section.objects.order_by("position", "document"):
            headings.setdefault(section.key, section.label_prefix)
        return list(headings.items())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section__key=self.value())
        return queryset
