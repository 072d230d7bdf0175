"""The reading form's widgets write Django's own markup (declarations/widgets.py)."""

from django import forms
from django.http import QueryDict
from django.test import TestCase

from declarations.caching import corpus_version
from declarations.filters import ParagraphFilter
from declarations.models import Document, Paragraph
from declarations.reading_index import DocumentIndex
from tests.test_corpus import load_real_corpus

QUERIES = [
    "",
    "theme=energy&theme=sport&match=all&section=ii&instrument=un-charter"
    "&zh=available&entity=india&entity=china",
    "theme=nonsense&section=zz&instrument=nothing&zh=maybe&match=some",
]


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
                widget = field.field.widget
                ours = str(field)
                widget.__class__ = next(
                    cls
                    for cls in type(widget).__mro__
                    if cls.__module__ == forms.widgets.__name__
                )
                with self.subTest(query=query, field=field.name):
                    self.assertEqual(ours, str(field))
                compared.add(field.name)
        self.assertTrue({"theme", "section", "instrument", "entity"} <= compared)
