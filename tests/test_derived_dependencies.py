"""What a paragraph's stored reading HTML depends on, found from the
template, and checked: a change to any of it moves the paragraph's reading
version (declarations/derived.py), so a stored fragment is never stale.

The dependencies are not a list kept by hand. The test renders
templates/declarations/includes/_paragraph.html (and what it includes: its
tags' templates and the subject line's tally) for real paragraphs in every
language and variant, recording every model field read on a model instance
while it renders, and the query annotations the paragraph carries (its
published annotation count, followed to the model it counts). Derived
fields (not editable: the linked English) are followed to what their writer
reads while making them (declarations.derived.text_saving). Then, for each
field read, it changes the row that was read through the ordinary save
paths — an admin's save() of the whole row, and the corpus loader's
upsert(), which saves only the fields that differ (for a paragraph's text,
the paragraph's save with only its reading version named, as the import
command saves it) — and asserts: if the
paragraph's fragment renders differently after the change, its reading
version moved. A field shown in the template without a dependency in the
writer fails here.
"""

import datetime
from unittest import mock

from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.test import TestCase

from declarations import derived, fragments
from declarations.corpus.loader import upsert
from declarations.models import Paragraph, ParagraphText, Theme
from tests.test_corpus import load_real_corpus

VARIANTS = [
    (lang, theme_links)
    for lang in ("en", "zh", "zh-Hant", "both")
    for theme_links in (True, False)
]
# Paragraphs of the real corpus between them showing every part of the
# fragment: Chinese in both scripts, a medium-confidence Chinese, themes,
# instrument links, a subject line naming states, published notes.
DOCUMENTS = ["tianjin-2025"]


FIELDS = {}


def fields_of(model):
    """Return {name or attname: field} of a model's fields and relations."""
    if model in FIELDS:
        return FIELDS[model]
    named = FIELDS[model] = {}
    for field in model._meta.get_fields():
        named[field.name] = field
        if getattr(field, "attname", None):
            named[field.attname] = field
    return named


class Recorder:
    """Record (model, field name, instance) for every field of a model
    instance read while active."""

    def __init__(self):
        self.reads = {}
        self.annotations = set()

    def __enter__(self):
        record = self.reads
        real = object.__getattribute__

        def getattribute(instance, name):
            value = real(instance, name)
            if not name.startswith("_"):
                model = type(instance)
                field = fields_of(model).get(name)
                if field is not None:
                    record.setdefault((model, field.name), instance)
            return value

        self.patch = mock.patch.object(models.Model, "__getattribute__", getattribute)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


def render(paragraph_pk):
    """Return the paragraph's fragment in every variant, from the database."""
    paragraph = (
        Paragraph.objects.filter(pk=paragraph_pk)
        .for_reading()
        .prefetch_related("themes")
        .get()
    )
    return [
        render_to_string(
            fragments.TEMPLATE,
            {
                "paragraph": paragraph,
                "lang": lang,
                "theme_links": theme_links,
                "marks": fragments.MARKS,
            },
        )
        for lang, theme_links in VARIANTS
    ]


def another_value(field, value):
    """Return a value of the field other than value, or None when the test
    makes none (keys, relations, files)."""
    if field.primary_key or field.is_relation or isinstance(field, models.UUIDField):
        return None
    if field.choices:
        others = [choice for choice, _ in field.flatchoices if choice != value]
        return others[0] if others else None
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.IntegerField):
        return (value or 0) + 1000  # past any number or position in use
    if isinstance(field, models.DateTimeField):
        return (value or datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)) + (
            datetime.timedelta(days=1)
        )
    if isinstance(field, models.DateField):
        return (value or datetime.date(2020, 1, 1)) + datetime.timedelta(days=400)
    if isinstance(field, models.JSONField):
        if isinstance(value, dict):
            # A confidence the fragment shows differently, and a new key.
            medium = value.get("confidence") != "medium"
            return {**value, "confidence": "medium" if medium else "high", "x": 1}
        return [*(value or []), "https://example.org/x (Example)"]
    if isinstance(field, (models.CharField, models.TextField)):
        text = f"{value or ''}x"
        return text[-field.max_length :] if field.max_length else text
    return None


class DependencyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def dependencies(self):
        """Return {(model, field name): (paragraph pk, instance)}: each field
        the fragment reads, with the first row it was read from."""
        found = {}
        paragraphs = Paragraph.objects.filter(document__slug__in=DOCUMENTS)
        annotated = set(Paragraph.objects.for_reading().query.annotations)
        for pk in paragraphs.values_list("pk", flat=True):
            with Recorder() as recorder:
                paragraph = (
                    Paragraph.objects.filter(pk=pk)
                    .for_reading()
                    .prefetch_related("themes")
                    .get()
                )
                for lang, theme_links in VARIANTS:
                    render_to_string(
                        fragments.TEMPLATE,
                        {
                            "paragraph": paragraph,
                            "lang": lang,
                            "theme_links": theme_links,
                            "marks": fragments.MARKS,
                        },
                    )
                # A derived field shown: what its writer reads making it.
                for (model, name), instance in list(recorder.reads.items()):
                    if model is ParagraphText and name == "html":
                        derived.text_saving(instance)
            for key, instance in recorder.reads.items():
                found.setdefault(key, (pk, instance))
            # A query annotation shown (the published note count): the rows
            # it counts, followed to their model and fields.
            for name in annotated:
                for counted in counted_rows(name, pk):
                    for field in counted._meta.concrete_fields:
                        found.setdefault((type(counted), field.name), (pk, counted))
        return found

    def change(self, model, name, instance, how):
        """Change one field of the row read, through a save path; return
        False when the test has no other value for it."""
        field = model._meta.get_field(name)
        if model is ParagraphText:
            # A text is edited through its paragraph (the admin's form, the
            # loader, the import command all set it and save the paragraph).
            row = ParagraphText.objects.get(pk=instance.pk)
            value = another_value(field, getattr(row, field.attname))
            if value is None or not field.editable:
                return False
            paragraph = Paragraph.objects.get(pk=row.paragraph_id)
            paragraph._set_text(row.tag, **{field.attname: value})
            if how == "admin":
                paragraph.save()
            else:  # the import command's save (declarations/corpus/originals.py)
                paragraph.save(update_fields=["reading_version"])
            return True
        if isinstance(field, models.ManyToManyField) and model is Paragraph:
            paragraph = Paragraph.objects.get(pk=instance.pk)
            theme = Theme.objects.exclude(paragraphs=paragraph).first()
            paragraph.themes.add(theme)
            return True
        if field.is_relation:
            return False  # the rows related are followed, not the relation
        row = model.objects.get(pk=instance.pk)
        value = another_value(field, getattr(row, field.attname))
        if value is None or not field.editable:
            return False
        if how == "admin":
            setattr(row, field.attname, value)
            row.save()
        else:
            upsert(model, {"pk": row.pk}, {field.attname: value})
        return True

    def test_every_field_the_fragment_shows_moves_the_reading_version(self):
        dependencies = self.dependencies()
        shown = set()
        for (model, name), (pk, instance) in sorted(
            dependencies.items(), key=lambda item: (item[0][0].__name__, item[0][1])
        ):
            for how in ("admin", "loader"):
                before = render(pk)
                version = Paragraph.objects.get(pk=pk).reading_version
                with self.subTest(f"{model.__name__}.{name} by {how}"):
                    try:
                        with transaction.atomic():
                            changed = self.change(model, name, instance, how)
                            if changed and render(pk) != before:
                                shown.add(f"{model.__name__}.{name}")
                                self.assertNotEqual(
                                    Paragraph.objects.get(pk=pk).reading_version,
                                    version,
                                    f"{model.__name__}.{name} changed what the "
                                    "fragment shows, but not its reading version",
                                )
                            transaction.set_rollback(True)
                    except IntegrityError:
                        pass  # a value the database refuses: no save path
        # The fields seen changing the fragment: the test could fail on each.
        for expected in [
            "Document.slug",
            "Document.short_title_en",
            "Section.key",
            "Paragraph.label",
            "Paragraph.themes",
            "ParagraphText.text",
            "ParagraphText.provenance",
            "Expression.status",
            "Theme.name_en",
            "Instrument.slug",
            "Annotation.status",
        ]:
            self.assertIn(expected, shown)


def counted_rows(annotation, paragraph_pk):
    """Return the rows a query annotation of Paragraph.for_reading() counts
    for one paragraph (the model of its subquery, filtered to the paragraph)."""
    expression = Paragraph.objects.for_reading().query.annotations[annotation]
    stack = [expression]
    while stack:
        node = stack.pop()
        query = getattr(node, "query", None)
        if query is not None and query.model is not None:
            relation = next(
                field.name
                for field in query.model._meta.concrete_fields
                if field.is_relation and field.related_model is Paragraph
            )
            return list(query.model.objects.filter(**{relation: paragraph_pk})[:1])
        stack.extend(node.get_source_expressions())
    return []
