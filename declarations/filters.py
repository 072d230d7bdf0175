"""Query-string filtering of paragraphs, with django-filter.

Each filter names its field_name and lookup_expr, as in
carltongibson/django-filter docs/guide/tips.txt. The reading options that are
not filters (the language shown, how themes combine) live on the form, so one
form validates the whole query string.
"""

import re

import django_filters
from django import forms

from declarations.languages import Language
from declarations.models import Entity, Instrument, Paragraph, Theme

MAX_QUERY_LENGTH = 200
# A quoted phrase, or a run of characters up to the next space.
SEARCH_TERM = re.compile(r'"([^"]+)"|(\S+)')
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_terms(query):
    """Return the terms of a search: quoted phrases whole, other words alone."""
    terms = []
    for phrase, word in SEARCH_TERM.findall(query or ""):
        term = (phrase or word).strip().strip('"')
        if term and term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


class ReadingForm(forms.Form):
    """Options of a reading page that choose what is shown, not what matches."""

    lang = forms.ChoiceField(choices=Language.choices, required=False, label="Language")
    match = forms.ChoiceField(
        choices=[("any", "any of the themes"), ("all", "all of the themes")],
        required=False,
        label="Paragraphs with",
    )

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
        widget=forms.CheckboxSelectMultiple,
    )
    section = django_filters.ChoiceFilter(
        field_name="section__key",
        lookup_expr="exact",
        label="Section",
        empty_label="All sections",
    )
    instrument = django_filters.ModelChoiceFilter(
        field_name="instruments",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Instrument.objects.all(),
        label="Names the instrument",
        empty_label="Any instrument",
    )
    entity = django_filters.ModelMultipleChoiceFilter(
        field_name="entities__slug",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Entity.objects.order_by("name_en"),
        label="Names any of the entities",
        help_text="States, organizations, SCO bodies and places.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Paragraph
        form = ReadingForm
        fields = ["q", "theme", "section", "instrument", "entity"]

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
        return queryset.search(search_terms(value))

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

    @property
    def terms(self):
        """Return the search terms to highlight."""
        return search_terms(self.cleaned_data.get("q", ""))

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
            "entity": [entity.slug for entity in data.get("entity") or []],
            "lang": self.language,
        }

    def active_filters(self):
        """Return (description, query string without it) for each filter in use,
        so that the page can offer to remove them one by one."""
        data = self.cleaned_data
        active = []
        if data.get("q"):
            active.append((f"Text: “{data['q']}”", self.query_without("q")))
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
        return active

    def query_without(self, key, value=None):
        """Return the current query string less one parameter (or one value of it)."""
        query = self.data.copy()
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [v for v in query.getlist(key) if v != value])
        return query.urlencode()
