"""Query-string filtering of paragraphs, with django-filter.

Each filter names its field_name and lookup_expr, as in
carltongibson/django-filter docs/guide/tips.txt. The reading options that are
not filters (the language shown, how themes combine) live on the form, so one
form validates the whole query string.
"""

import copy
import functools
import re

import django_filters
from django import forms
from django.utils.functional import cached_property

from declarations import (
    languages,
    pickers,
    querystrings,
    scripts,
    search,
    search_index,
    widgets,
)
from declarations.listed_choices import (
    ListedModelChoiceFilter,
    ListedModelMultipleChoiceFilter,
)
from declarations.models import Entity, Instrument, Label, Paragraph, Theme

# Room for any name the vocabulary may hold, in quotes: a researcher
# searches an instrument by its full title ("Memorandum between the SCO
# Secretariat and … Their Precursors" is 203 characters).
MAX_QUERY_LENGTH = Label._meta.get_field("text").max_length + len('""')
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LanguageField(forms.ChoiceField):
    """?lang=: one of languages.reading_values(), a tag in any case (the
    registry's rule, languages.reading_language)."""

    def valid_value(self, value):
        try:
            languages.reading_language(value)
        except ValueError:
            return False
        return True


class ReadingForm(forms.Form):
    """Options of a reading page that choose what is shown, not what matches."""

    lang = LanguageField(
        choices=lambda: [(value, value) for value in languages.reading_values()],
        required=False,
        label="Language",
    )
    script = forms.ChoiceField(
        choices=[(tag, tag) for tag in scripts.SCRIPTS],
        required=False,
        label="Chinese characters (beside the English)",
    )
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
        return languages.reading_language(self.cleaned_data["lang"] or languages.BOTH)

    def clean_script(self):
        return self.cleaned_data["script"] or scripts.SIMPLIFIED

    def clean_match(self):
        return self.cleaned_data["match"] or "any"


class SharedFilters(dict):
    """A FilterSet's filters, by name, for each FilterSet to copy (as
    BaseFilterSet.__init__ deep-copies base_filters): each filter and its
    `extra` are copied, for what a request sets in them (the sections'
    choices, the Listings), and share the querysets and widgets, which no
    request changes (a form field copies its widget): a deep copy of them
    cost a tenth of a millisecond a request."""

    def __deepcopy__(self, memo):
        return {name: filter_copy(filter_) for name, filter_ in self.items()}


def shallow_copy(instance):
    """Return copy.copy(instance) for an instance whose class leaves
    copying to object (plain_copy): a new instance with the same attributes,
    as copy makes it, without copy's reduce protocol (3 µs a copy, some
    thirty copies a request); else copy.copy itself."""
    cls = type(instance)
    if not plain_copy(cls):
        return copy.copy(instance)
    clone = cls.__new__(cls)
    clone.__dict__.update(instance.__dict__)
    return clone


@functools.cache
def plain_copy(cls):
    """Return True when copy.copy of a `cls` instance is object's: no
    __copy__, __reduce__, __reduce_ex__, __getstate__, __setstate__ or
    __slots__ of its own or of a base."""
    return (
        cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and cls.__getstate__ is object.__getstate__
        and not hasattr(cls, "__copy__")
        and not hasattr(cls, "__setstate__")
        and not any("__slots__" in vars(base) for base in cls.__mro__[:-1])
    )


def filter_copy(filter_):
    copied = shallow_copy(filter_)
    copied.extra = dict(filter_.extra)
    # A method filter calls its FilterSet through a FilterMethod bound to
    # the filter: bound again, to the copy, by Filter.method's setter.
    copied.method = filter_.method
    return copied


class VersionFields(dict):
    """The form fields of a corpus version's form class, by name. Each form
    copies its class's fields (BaseForm.__init__ deep-copies base_fields),
    which copied every choice list and queryset, the same for all requests
    of the version and changed by none. A request changes only the fields
    named in `changed` (the themes' widget takes its counts): those are
    copied, each field and its widget, sharing their choices; the others
    are shared, as neither Django's form nor ours sets anything on them."""

    def __init__(self, fields, changed):
        super().__init__(fields)
        self.changed = frozenset(changed)

    def __deepcopy__(self, memo):
        return {
            name: field_copy(field) if name in self.changed else field
            for name, field in self.items()
        }


def field_copy(field):
    copied = shallow_copy(field)
    copied.widget = shallow_copy(field.widget)
    copied.widget.attrs = dict(field.widget.attrs)
    if isinstance(field, forms.ModelChoiceField):
        # The widget's options come from the field (ModelChoiceIterator):
        # from the copy, as after ModelChoiceField.__deepcopy__.
        copied.widget.choices = copied.choices
    return copied


class GroupedModelMultipleChoiceFilter(ListedModelMultipleChoiceFilter):
    field_class = pickers.GroupedModelMultipleChoiceField


class ParagraphFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="texts__text",
        lookup_expr="contains",
        method="filter_search",
        label="Search the text",
        max_length=MAX_QUERY_LENGTH,
        help_text='English or Chinese; "quoted words" match as a phrase.',
        widget=widgets.TextInput,
    )
    theme = ListedModelMultipleChoiceFilter(
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
    instrument = ListedModelChoiceFilter(
        field_name="instruments",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Instrument.objects.all(),
        label="Names the instrument",
        empty_label="Any instrument",
        widget=widgets.Select,
    )
    zh = django_filters.ChoiceFilter(
        field_name="texts__text",
        lookup_expr="exact",
        choices=[("available", "Only with the Chinese original")],
        method="filter_chinese",
        label="Chinese original",
        empty_label="All paragraphs",
        widget=widgets.Select,
    )
    entity = GroupedModelMultipleChoiceFilter(
        field_name="entities__slug",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Entity.objects.with_labels(),
        label="Names any of the entities",
        help_text="States, organizations, SCO bodies and places.",
        # Checkboxes, not a multiple select: choosing several needs no
        # Ctrl-click (reader.js adds a box that filters them as one types,
        # by any of their registered names).
        widget=pickers.NamedCheckboxSelectMultiple(attrs={"class": "picker"}),
    )

    # The model choice filters whose choices a DocumentIndex lists.
    LISTED = ("theme", "instrument", "entity")

    class Meta:
        model = Paragraph
        form = ReadingForm
        fields = ["q", "theme", "section", "instrument", "entity", "zh"]

    @classmethod
    def parameters(cls):
        """Return the query parameters the filter reads: its filters and its
        form's reading options. A document's reading page reads exactly
        these (declarations.views), so a filter added here reaches it."""
        return [*cls.base_filters, *cls._meta.form.base_fields]

    def __init__(self, data=None, *args, document=None, index=None, **kwargs):
        """index: the document's DocumentIndex (declarations.reading_index),
        whose lists and id sets then answer the choices, the matching
        paragraphs (matching_ids) and the facet counts without queries."""
        if index is not None:
            # What BaseFilterSet.__init__ deep-copies (SharedFilters).
            self.base_filters = SharedFilters(self.base_filters)
        super().__init__(data, *args, **kwargs)
        self.document = document
        sections = document.sections.all() if document else []
        self.filters["section"].extra["choices"] = [(s.key, s.title) for s in sections]
        self.index = index
        if index is not None:
            for name in self.LISTED:
                self.filters[name].extra["listed"] = index.vocabulary[name]

    def get_form_class(self):
        """Return the form class; with an index, built once per corpus
        version: its fields and their choices are the same for every
        request of the version (each form copies the one a request changes
        and shares the others: VersionFields)."""
        if self.index is None:
            return super().get_form_class()
        if self.index.form_class is None:
            form_class = super().get_form_class()
            # The choice widgets keep their markup in the index's store
            # (declarations.widgets), built once per corpus version.
            for field in form_class.base_fields.values():
                if isinstance(field.widget, widgets.PrerenderedChoices):
                    field.widget.markups = self.index.markups
            form_class.base_fields = VersionFields(
                form_class.base_fields, changed=["theme"]
            )
            self.index.form_class = form_class
        return self.index.form_class

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

    @cached_property
    def cleaned_data(self):
        """Return the valid part of the query string (invalid values left
        out), validated once: a page asks for it a score of times."""
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def language(self):
        """Return the language the page shows: 'both', or a registered tag as
        pages write it ('en', 'zh' for the simplified Chinese, 'zh-Hant'…)."""
        return self.cleaned_data.get("lang") or languages.BOTH

    @property
    def script(self):
        """Return the tag of the Chinese the page shows (scripts.shown)."""
        return scripts.shown(self.language, self.cleaned_data.get("script"))

    @cached_property
    def terms(self):
        """Return the search's terms (search.Term), widened by the vocabulary
        unless the reader switched that off (parsed once; with an index, at
        the index's corpus version, which the request has already read)."""
        return search.parse(
            self.cleaned_data.get("q", ""),
            expand=self.cleaned_data.get("expand", True),
            version=self.index.version if self.index is not None else None,
        )

    @property
    def searches_chinese(self):
        """Return True when a term of the search can match the Chinese alone
        (search.searched_only_as_substrings)."""
        return any(
            search.searched_only_as_substrings(term.typed) for term in self.terms
        )

    def matching_ids(self, without=None):
        """Return the ids of the index's paragraphs that the filters match,
        leaving out the filter named `without` (None: all of them match):
        what filter_queryset selects, from the index's id sets, the search
        alone asked of the database (for ids). None when nothing narrows."""
        data, index = self.cleaned_data, self.index
        narrowing = []
        q = data.get("q") if without != "q" else None
        if q:
            if CONTROL_CHARACTERS.search(q):
                return frozenset()
            if self.terms:
                narrowing.append(self.searched_ids())
        themes = data.get("theme") if without != "theme" else None
        if themes:
            sets = [index.by_theme.get(theme.pk, frozenset()) for theme in themes]
            match_all = data.get("match") == "all"
            narrowing.append(
                frozenset.intersection(*sets) if match_all else frozenset().union(*sets)
            )
        if data.get("section") and without != "section":
            narrowing.append(index.by_section.get(data["section"], frozenset()))
        if data.get("instrument") and without != "instrument":
            narrowing.append(
                index.by_instrument.get(data["instrument"].pk, frozenset())
            )
        entities = data.get("entity") if without != "entity" else None
        if entities:
            narrowing.append(
                frozenset().union(
                    *(index.by_entity.get(e.pk, frozenset()) for e in entities)
                )
            )
        if data.get("zh") == "available" and without != "zh":
            narrowing.append(index.chinese)
        return frozenset.intersection(*narrowing) if narrowing else None

    def searched_ids(self):
        """Return the ids of the index's document's paragraphs that the
        search's terms match (remembered for the request)."""
        if not hasattr(self, "_searched_ids"):
            ids = search_index.matching_ids(
                self.terms,
                self.document.pk,
                self.queryset.db,
                rows=self.index.search_rows if self.index else None,
            )
            if ids is None:
                # No order: a set, and the default order joins the documents.
                searched = self.queryset.search(self.terms).order_by()
                ids = frozenset(searched.values_list("pk", flat=True))
            self._searched_ids = ids
        return self._searched_ids

    def theme_counts(self):
        """Return {theme id: paragraphs it would give with the other filters}
        (facet counts: intersections of the index's id sets)."""
        others = self.matching_ids(without="theme")
        if others is None:
            return {theme: len(ids) for theme, ids in self.index.by_theme.items()}
        return {theme: len(ids & others) for theme, ids in self.index.by_theme.items()}

    def show_counts_in_theme_labels(self):
        """Label each theme checkbox with its facet count: "Energy (5)" (the
        widget writes the count after the theme's name, its label)."""
        counts = self.theme_counts()
        self.form.fields["theme"].widget.counts = {
            theme.slug: counts.get(theme.pk, 0)
            for theme in self.index.vocabulary["theme"].instances
        }

    @cached_property
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

    @cached_property
    def active_filters(self):
        """Return (description, link to the page without it) for each filter in
        use, so that the page can offer to remove them one by one (worked out
        once: the page lists them and sums them up)."""
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
        return " · ".join(description for description, _ in self.active_filters)

    def query_without(self, key, value=None):
        """Return a link to the page with the current query string less one
        parameter (or one value of it): the page's own path when none is left."""
        return self.links.without(key, value)

    @cached_property
    def links(self):
        """Return the Links of the page's query (querystrings.Links)."""
        path = self.index.url if self.index else self.document.get_absolute_url()
        return querystrings.Links(path, self.data)
