"""A permalink's ?format=txt: the paragraph's text in the language asked
(the English without one), then its citation and what each text is."""

from django.test import TestCase

from declarations import citations, public_urls
from declarations.models import Paragraph
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"


class ParagraphPlainTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def txt(self, path, **params):
        response = self.client.get(DOC + path, {"format": "txt", **params})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        return response.content.decode()

    def citation(self, label):
        paragraph = Paragraph.objects.for_reading().get(label=label)
        url = public_urls.absolute(paragraph.get_absolute_url())
        citable = citations.Citable.of_paragraph(paragraph, url)
        return citations.plain_with_texts(citable)

    def test_the_text_comes_first_then_the_citation_unchanged(self):
        # Seen red: the file was the citation alone, without the text.
        ii14 = Paragraph.objects.get(label="II.14")
        expected = f"{ii14.text_en}\n\n{self.citation('II.14')}"
        self.assertEqual(self.txt("ii/14/"), expected)
        self.assertEqual(self.txt("ii/14/", lang="en"), expected)
        self.assertEqual(self.txt("ii/14/", lang="both"), expected)

    def test_the_chinese_in_the_script_asked_or_said_missing(self):
        i1 = Paragraph.objects.get(label="I.1")
        for lang, text in [
            ("zh", i1.text_zh),
            ("zh-Hans", i1.text_zh),
            ("zh-Hant", i1.text_zh_hant),
        ]:
            with self.subTest(lang):
                self.assertEqual(
                    self.txt("i/1/", lang=lang), f"{text}\n\n{self.citation('I.1')}"
                )
        # As the document's plain text says a missing text.
        self.assertTrue(
            self.txt("ii/14/", lang="zh").startswith(
                "[Chinese original not available]\n\n"
            )
        )
        self.assertTrue(
            self.txt("iv/4/", lang="zh-Hant").startswith(
                "[Chinese in traditional characters not available]\n\n"
            )
        )
        iv4 = Paragraph.objects.get(label="IV.4")
        self.assertTrue(self.txt("iv/4/", lang="zh").startswith(f"{iv4.text_zh}\n\n"))

    def test_the_page_names_its_plain_text_for_what_it_holds(self):
        page = self.client.get(DOC + "ii/14/").content.decode()
        self.assertIn(
            '<link rel="alternate" type="text/plain" href="?format=txt" '
            'title="The text, then its citation (plain text)">',
            page,
        )
