"""The reading form's widgets write Django's own markup (declarations/widgets.py)."""

from django import forms
from django.http import QueryDict
from django.test import SimpleTestCase, TestCase
from hypothesis import given, strategies as st

from declarations.filters import ParagraphFilter, field_copy
from declarations.models import Document, Entity, Paragraph
from declarations.page_cache import corpus_version
from declarations.pickers import people_order
from declarations.reading_index import DocumentIndex
from tests.test_corpus import load_real_corpus

QUERIES = [
    "",
    "q=%3Cb%3E+%22a%22+%26+%E8%83%BD%E6%BA%90&theme=energy&theme=sport&match=all"
    "&section=ii&instrument=un-charter"
    "&zh=available&entity=india&entity=china",
    "theme=nonsense&section=zz&instrument=nothing&zh=maybe&match=some",
]


class OptionAttrs:
    """Django's option, with the attributes our widget adds to each one
    (widgets.CheckboxSelectMultiple.option_attrs)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.option_attrs(value))
        return option


class ReadingFormWidgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_every_field_renders_as_djangos_templates_would(self):
        document = Document.objects.get(slug="tianjin-2025")
        index = DocumentIndex.of(document.slug, corpus_version())
        compared = set()
        for query in QUERIES:
            filterset = ParagraphFilter(
                QueryDict(query),
                queryset=Paragraph.objects.all(),
                document=document,
                index=index,
            )
            filterset.show_counts_in_theme_labels()
            for field in filterset.form:
                ours = str(field)
                # Django's rendering on a copy, as a request copies a field
                # it changes: the version's fields are shared by its
                # requests (filters.VersionFields).
                django_field = field_copy(field.field)
                widget = django_field.widget
                if getattr(widget, "counts", None) is not None:
                    # The label Django's templates print for a count.
                    django_field.label_from_instance = lambda theme, c=widget.counts: (
                        f"{theme.name_en} ({c[theme.slug]})"
                    )
                django_class = next(
                    cls
                    for cls in type(widget).__mro__
                    if cls.__module__ == forms.widgets.__name__
                )
                if hasattr(widget, "option_attrs"):
                    # Django's templates, given each option's own attributes.
                    django_class = type(
                        "WithOptionAttrs",
                        (OptionAttrs, django_class),
                        {"option_attrs": type(widget).option_attrs},
                    )
                widget.__class__ = django_class
                django = django_field.get_bound_field(filterset.form, field.name)
                with self.subTest(query=query, field=field.name):
                    self.assertEqual(ours, str(django))
                compared.add(field.name)
        self.assertTrue({"theme", "section", "instrument", "entity"} <= compared)


class EntityPickerTests(TestCase):
    """The entity picker: checkboxes grouped by kind, sorted as people sort
    (declarations/pickers.py)."""

    def test_groups_follow_the_kinds_and_names_ignore_case_and_accents(self):
        for slug, kind, name in [
            ("asean", "organization", "ASEAN"),
            ("afghan-org", "organization", "Afghan Organization"),
            ("ecole", "organization", "École de test"),
            ("eu", "organization", "Eurasian Union"),
            ("zeta", "member-state", "zeta"),
            ("alpha", "member-state", "Alpha"),
        ]:
            Entity.objects.create(slug=slug, kind=kind, name_en=name)
        filterset = ParagraphFilter(
            QueryDict(""), queryset=Paragraph.objects.none(), document=None
        )
        choices = [
            (group, [label for _, label in options])
            for group, options in filterset.form.fields["entity"].choices
        ]
        self.assertEqual(
            choices,
            [
                ("SCO member state", ["Alpha", "zeta"]),
                (
                    "International organization",
                    ["Afghan Organization", "ASEAN", "École de test", "Eurasian Union"],
                ),
            ],
        )


class PeopleOrderTests(SimpleTestCase):
    @given(st.lists(st.text(alphabet="aAbBéÉeEzZ ", max_size=6), max_size=8))
    def test_the_order_ignores_case_and_never_depends_on_the_input_order(self, names):
        ordered = sorted(names, key=people_order)
        self.assertEqual(sorted(reversed(names), key=people_order), ordered)
        folded = [people_order(name)[0] for name in ordered]
        self.assertEqual(folded, sorted(folded))
        self.assertEqual(people_order("ASEAN")[0], people_order("asean")[0])
        self.assertEqual(people_order("École")[0], people_order("ecole")[0])
