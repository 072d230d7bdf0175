"""Stored paragraph fragments (declarations/fragments.py): equal to a full
render, refreshed exactly where a change shows, and really reused."""

from unittest import mock

from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import TestCase

from declarations import fragments, scripts, search
from declarations.models import Document, Instrument, Paragraph, ParagraphText, Theme
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
# (?lang=, ?script=): the Chinese beside the English in either script.
LANGUAGES = [("both", None), ("both", "zh-Hant"), ("en", None), ("zh", None)]


def versions():
    return dict(Paragraph.objects.values_list("label", "reading_version"))


def changed_since(before):
    return {label for label, version in versions().items() if before[label] != version}


class FragmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.document = Document.objects.with_table_of_contents().get(
            slug="tianjin-2025"
        )

    def setUp(self):
        caches["fragments"].clear()

    def full_render(self, paragraph, lang, theme_links, script=None, **request):
        """Render the paragraph through the template, nothing stored."""
        html = render_to_string(
            fragments.TEMPLATE,
            {
                "paragraph": paragraph,
                "lang": lang,
                "script": scripts.shown(lang, script),
                "theme_links": theme_links,
                "marks": fragments.MARKS,
            },
        )
        return fragments.finish(html, **request)

    def test_stored_fragments_equal_full_renders_of_every_paragraph(self):
        full = Paragraph.objects.filter(document=self.document).for_reading()
        full = {p.pk: p for p in full.prefetch_related("themes")}
        requests = [
            {},
            {"terms": search.parse("cooperation 安全 AI"), "staff": True},
        ]
        for lang, script in LANGUAGES:
            for theme_links in (True, False):
                for attempt in ("rendered", "stored"):
                    light = Paragraph.objects.all().for_fragments(self.document)
                    fragments.attach(
                        light, lang=lang, script=script, theme_links=theme_links
                    )
                    for paragraph in light:
                        for request in requests:
                            with self.subTest(
                                paragraph.pk,
                                lang=lang,
                                script=script,
                                links=theme_links,
                                at=attempt,
                            ):
                                self.assertEqual(
                                    fragments.finish(paragraph.fragment, **request),
                                    self.full_render(
                                        full[paragraph.pk],
                                        lang,
                                        theme_links,
                                        script,
                                        **request,
                                    ),
                                )
        self.assertEqual(len(light), 134)

    def test_marks_never_reach_the_reader(self):
        paragraph = Paragraph.objects.get(label="II.14")
        paragraph.text_zh = "上合组织\ue002安全"
        paragraph.text_zh_provenance = {"confidence": "high", "sources": ["x"]}
        paragraph.save()
        for user in (None, make_user("staff", staff=True)):
            if user:
                self.client.force_login(user)
            page = self.client.get(DOC, {"q": "安全"}).content.decode()
            self.assertFalse({"\ue000", "\ue001", "\ue002"} & set(page))
            self.assertIn("上合组织<mark>安全</mark>", page)
            self.assertEqual(user is not None, 'class="edit-link"' in page)

    def test_an_annotation_refreshes_only_its_paragraph(self):
        before = versions()
        make_annotation(Paragraph.objects.get(label="II.14"))
        self.assertEqual(changed_since(before), {"II.14"})

    def test_a_source_correction_refreshes_only_its_paragraph(self):
        before = versions()
        paragraph = Paragraph.objects.get(label="IV.5")
        paragraph.text_en = paragraph.text_en.replace("good-hearted", "good")
        paragraph.save()
        self.assertEqual(changed_since(before), {"IV.5"})

    def test_a_theme_change_refreshes_only_the_paragraphs_showing_it(self):
        before = versions()
        Paragraph.objects.get(label="II.3").themes.add(Theme.objects.get(slug="sport"))
        self.assertEqual(changed_since(before), {"II.3"})
        before = versions()
        sport = Theme.objects.get(slug="sport")
        sport.name_en = "Sport and games"
        sport.save()
        self.assertEqual(
            changed_since(before), set(sport.paragraphs.values_list("label", flat=True))
        )
        before = versions()
        sport.paragraphs.remove(Paragraph.objects.get(label="II.3"))
        self.assertEqual(changed_since(before), {"II.3"})

    def test_an_instrument_change_refreshes_the_paragraphs_whose_links_change(self):
        def linked():
            return dict(
                ParagraphText.objects.in_language("en").values_list(
                    "paragraph__label", "html"
                )
            )

        charter = Instrument.objects.get(slug="un-charter")
        before, html = versions(), linked()
        charter.slug = "charter-of-the-united-nations"  # in every link's URL
        charter.save()
        relinked = {label for label, text in linked().items() if html[label] != text}
        self.assertTrue(relinked)
        self.assertEqual(changed_since(before), relinked)

    def test_pages_render_only_the_paragraphs_that_changed(self):
        renders = mock.patch.object(
            fragments, "render_to_string", wraps=fragments.render_to_string
        )
        with renders as render:
            self.client.get(DOC)
            self.assertEqual(render.call_count, 134)
            caches["default"].clear()  # the page cache, not the fragments
            self.client.get(DOC, {"q": "cooperation"})
            self.assertEqual(render.call_count, 134)
            make_annotation(Paragraph.objects.get(label="II.14"))
            page = self.client.get(DOC)
            self.assertEqual(render.call_count, 135)
        self.assertContains(page, "1 note")
