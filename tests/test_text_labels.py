"""Every format of a paragraph says what each of its texts is: its
expression's tag and status, taken from the paragraph's own text rows, never
from the document's (#22). The document's Chinese is mostly character
conversions of the press's traditional quotations; IV.4's simplified Chinese
is a quotation as printed, and II.14 has no Chinese at all."""

import json

from django.test import TestCase

from declarations.models import Annotation, Paragraph
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
CONVERSION = "zh-Hans: character conversion of zh-Hant by OpenCC 1.4.2 t2s"
QUOTATION = "zh-Hans: quoted by the press, as printed"
ENGLISH = "en: unofficial translation"


class TextLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def get(self, path, **params):
        response = self.client.get(DOC + path, params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.content.decode()

    def test_paragraph_json_describes_each_text_by_its_own_row(self):
        def chinese(path):
            data = json.loads(self.get(path, format="json"))
            return {text["tag"]: text for text in data["texts"]}

        iv4 = chinese("iv/4/")["zh-Hans"]
        self.assertEqual(iv4["status"], "press-quotation")
        self.assertEqual(iv4["statement"], QUOTATION)
        self.assertNotIn("convert", iv4["description"])
        i1 = chinese("i/1/")
        self.assertTrue(i1["zh-Hans"]["statement"].startswith(CONVERSION))
        self.assertEqual(
            i1["zh-Hant"]["statement"], "zh-Hant: quoted by the press, as printed"
        )
        self.assertEqual(i1["en"]["statement"], ENGLISH)
        self.assertEqual(list(chinese("ii/14/")), ["en"])

    def test_a_quotation_the_compiler_took_an_outlets_gloss_from_says_so(self):
        # Ming Pao inserted （巴基斯坦） into II.8; the source file's notes say
        # the compiler removed it: the text is not quite as printed.
        removed = ", less words the outlet inserted, which the compiler removed"
        ii8 = {
            text["tag"]: text
            for text in json.loads(self.get("ii/8/", format="json"))["texts"]
        }
        self.assertEqual(
            ii8["zh-Hant"]["statement"],
            "zh-Hant: quoted by the press, as printed" + removed,
        )
        page = self.get("ii/8/", lang="zh-Hant")
        self.assertIn("traditional characters, as printed" + removed, page)
        self.assertIn("from the quotation as printed" + removed, self.get("ii/8/"))
        # I.1's hk01 quotation is as printed.
        self.assertNotIn(removed, self.get("i/1/", lang="zh-Hant"))

    def test_citations_state_each_texts_tag_and_status(self):
        for format_ in ("ris", "bibtex", "csl-json"):
            with self.subTest(format_):
                iv4 = self.get("iv/4/", format=format_)
                self.assertIn(QUOTATION, iv4)
                self.assertIn(ENGLISH, iv4)
                self.assertNotIn("conversion", iv4)
                self.assertIn(CONVERSION, self.get("i/1/", format=format_))
                ii14 = self.get("ii/14/", format=format_)
                self.assertIn(ENGLISH, ii14)
                self.assertNotIn("zh-Hans", ii14)

    def test_csl_json_names_the_language_of_what_is_cited(self):
        item = json.loads(self.get("iv/4/", format="csl-json"))[0]
        self.assertEqual(item["language"], "en")

    def test_the_cite_panel_lists_the_paragraphs_own_texts(self):
        page = self.get("iv/4/")
        panel = page.split('class="cite-texts"')[1].split("</ul>")[0]
        self.assertIn(QUOTATION, panel)
        self.assertNotIn("conversion", panel)
        panel = self.get("ii/14/").split('class="cite-texts"')[1].split("</ul>")[0]
        self.assertIn(ENGLISH, panel)
        self.assertNotIn("zh-Hans", panel)

    def test_paragraph_txt_states_its_texts(self):
        iv4 = self.get("iv/4/", format="txt")
        self.assertIn(QUOTATION, iv4)
        self.assertIn(ENGLISH, iv4)
        self.assertIn(CONVERSION, self.get("i/1/", format="txt"))

    def test_document_txt_states_each_chinese_paragraphs_own_status(self):
        text = self.get("", format="txt", lang="zh")
        line = next(x for x in text.splitlines() if x.startswith("IV.4\t" + "zh"))
        self.assertIn(QUOTATION, line)
        line = next(x for x in text.splitlines() if x.startswith("I.1\t" + "zh"))
        self.assertIn(CONVERSION, line)

    def test_web_annotation_of_a_quoted_passage_states_its_text(self):
        paragraph = Paragraph.objects.get(document__slug="tianjin-2025", label="IV.4")
        quote = paragraph.text_zh[:6]
        Annotation.objects.create(
            paragraph=paragraph,
            body="A note.",
            quote=quote,
            status=Annotation.Status.PUBLISHED,
        )
        data = json.loads(self.get("iv/4/", format="annotations"))
        target = data["items"][-1]["target"]
        self.assertEqual(target["language"], "zh-Hans")
        self.assertEqual(target["dcterms:description"], QUOTATION)

    def test_a_permalinks_json_ld_names_the_languages_of_its_own_texts(self):
        def json_ld(path):
            page = self.get(path)
            block = page.split('<script type="application/ld+json">')[1]
            return json.loads(block.split("</script>")[0])

        self.assertEqual(json_ld("i/1/")["inLanguage"], ["en", "zh-Hans", "zh-Hant"])
        self.assertEqual(json_ld("iv/4/")["inLanguage"], ["en", "zh-Hans"])
        self.assertEqual(json_ld("ii/14/")["inLanguage"], "en")
