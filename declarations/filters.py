"""Query-string filtering of paragraphs, with django-filter.

Each filter names its field_name and lookup_expr, as in
carltongibson/django-filter docs/guide/tips.txt. The reading options that are
not filters (the language shown, how themes combine) live on the form, so one
form validates the whole query string.
"""

import re

import django_filters
from django import forms
from django.db.models import Count
from django.utils.functional import cached_property

from declarations import search, widgets
from declarations.languages import Language
from declarations.models import Entity, Instrument, Paragraph, Theme

MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReadingForm(forms.Form):
    """Options of a reading page that choose what is shown, not what matches."""

    lang = forms.ChoiceField(choices=Language.choices, required=False, label="Language")
    match = forms.ChoiceField(
        choices=[("any", "any of the themes"), ("all", "all of the themes")],
        required=False,
        label="Paragraphs with",
        widget=widgets.Select,
    )
    expand = forms.ChoiceField(
        choices=[("1", "Also search related terms"), ("0", "Only the words typed")],
        required=False,
        label="Related terms",
    )

    def clean_expand(self):
        return self.cleaned_data["expand"] != "0"

    def clean_lang(self):
        return Language(self.cleaned_data["lang"] or Language.BOTH)

    def clean_match(self):
        return self.cleaned_data["match"] or "any"


class ParagraphFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="text_en",
        lookup_expr="contains",
        method="filter_search",
        label="Search the text",
        max_length=MAX_QUERY_LENGTH,
        help_text='English or Chinese; "quoted words" match as a phrase.',
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes",
        lookup_expr="in",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        method="filter_themes",
        label="Themes",
        widget=widgets.CheckboxSelectMultiple,
    )
    section = django_filters.ChoiceFilter(
        field_name="section__key",
        lookup_expr="exact",
        label="Section",
        empty_label="All sections",
        widget=widgets.Select,
    )
    instrument = django_filters.ModelChoiceFilter(
        field_name="instruments",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Instrument.objects.all(),
        label="Names the instrument",
        empty_label="Any instrument",
        widget=widgets.Select,
    )
    zh = django_filters.ChoiceFilter(
        field_name="text_zh",
        lookup_expr="exact",
        choices=[("available", "Only with the Chinese original")],
        method="filter_chinese",
        label="Chinese original",
        empty_label="All paragraphs",
        widget=widgets.Select,
    )
    entity = django_filters.ModelMultipleChoiceFilter(
        field_name="entities__slug",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Entity.objects.order_by("name_en"),
        label="Names any of the entities",
        help_text="States, organizations, SCO bodies and places.",
        widget=widgets.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Paragraph
        form = ReadingForm
        fields = ["q", "theme", "section", "instrument", "entity", "zh"]

    def __init__(self, data=None, *args, document=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        sections = document.sections.all() if document else []
        self.filters["section"].extra["choices"] = [(s.key, s.title) for s in sections]

    def filter_queryset(self, queryset):
        # The form also carries reading options (lang, match) that are not
        # filters, so filter by the declared filters only.
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, self.form.cleaned_data.get(name))
        return queryset

    def filter_search(self, queryset, name, value):
        if CONTROL_CHARACTERS.search(value):
            return queryset.none()
        return queryset.search(self.terms)

    def filter_chinese(self, queryset, name, value):
        return queryset.with_chinese() if value == "available" else queryset

    def filter_themes(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("match") == "all":
            for theme in value:
                queryset = queryset.filter(**{name: theme})
            return queryset
        return queryset.filter(
            **{f"{name}__{self.filters['theme'].lookup_expr}": value}
        ).distinct()

    @property
    def cleaned_data(self):
        """Return the valid part of the query string (invalid values left out)."""
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def language(self):
        """Return the language the page shows: 'both', 'en' or 'zh'."""
        return self.cleaned_data.get("lang") or Language.BOTH

    @cached_property
    def terms(self):
        """Return the search's terms (search.Term), widened by the vocabulary
        unless the reader switched that off (parsed once: widening reads the
        corpus version)."""
        return search.parse(
            self.cleaned_data.get("q", ""), expand=self.cleaned_data.get("expand", True)
        )

    @property
    def searches_chinese(self):
        """Return True when a term of the search is Chinese."""
        return any(search.is_chinese(term.typed) for term in self.terms)

    def theme_counts(self):
        """Return {theme id: paragraphs it would give with the other filters}
        (facet counts, in one query)."""
        others = self.queryset
        for name, filter_ in self.filters.items():
            if name != "theme":
                others = filter_.filter(others, self.cleaned_data.get(name))
        rows = (
            Paragraph.themes.through.objects.filter(paragraph__in=others.values("pk"))
            .values_list("theme_id")
            .annotate(count=Count("paragraph_id"))
        )
        return dict(rows)

    def show_counts_in_theme_labels(self):
        """Label each theme checkbox with its facet count: "Energy (5)"."""
        counts = self.theme_counts()
        self.form.fields["theme"].label_from_instance = lambda theme: (
            f"{theme.name_en} ({counts.get(theme.pk, 0)})"
        )

    @property
    def is_filtering(self):
        """Return True when any filter narrows the paragraphs."""
        return any(self.cleaned_data.get(name) for name in self.filters)

    def as_data(self):
        """Return the filters in use, as JSON-ready values."""
        data = self.cleaned_data
        return {
            "q": data.get("q") or None,
            "theme": [theme.slug for theme in data.get("theme") or []],
            "match": data.get("match", "any"),
            "section": data.get("section") or None,
            "instrument": data["instrument"].slug if data.get("instrument") else None,
            "zh": data.get("zh") or None,
            "expand": data.get("expand", True),
            "entity": [entity.slug for entity in data.get("entity") or []],
            "lang": self.language,
        }

    def active_filters(self):
        """Return (description, query string without it) for each filter in use,
        so that the page can offer to remove them one by one."""
        data = self.cleaned_data
        active = []
        if data.get("q"):
            active.append((f"Search: “{data['q']}”", self.query_without("q")))
        for theme in data.get("theme") or []:
            active.append(
                (f"Theme: {theme.name_en}", self.query_without("theme", theme.slug))
            )
        if data.get("section"):
            title = dict(self.filters["section"].extra["choices"])[data["section"]]
            active.append((f"Section: {title}", self.query_without("section")))
        if data.get("instrument"):
            active.append(
                (f"Instrument: {data['instrument']}", self.query_without("instrument"))
            )
        for entity in data.get("entity") or []:
            active.append(
                (f"Names: {entity.name_en}", self.query_without("entity", entity.slug))
            )
        if data.get("zh"):
            active.append(("Only with the Chinese original", self.query_without("zh")))
        return active

    def summary(self):
        """Return the active filters in one line, for the folded form:
        "Search: “cooperation” · Theme: Energy"."""
        return " · ".join(description for description, _ in self.active_filters())

    def query_without(self, key, value=None):
        """Return the current query string less one parameter (or one value of it)."""
        query = self.data.copy()
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [v for v in query.getlist(key) if v != value])
        return query.urlencode()
