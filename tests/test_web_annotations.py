"""Annotations as W3C Web Annotations; quoted passages, orphans after a
source correction; quote links on permalinks."""

import json
import tempfile
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase

from declarations.models import Annotation, Paragraph
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
QUOTE = "racial and ethnic discrimination"
ZH_QUOTE = "成员国强烈谴责"


class WebAnnotationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.paragraph = Paragraph.objects.get(label="II.14")
        cls.quoted = make_annotation(
            cls.paragraph,
            quote=QUOTE,
            kind=Annotation.Kind.COMMENTARY,
            source_url="https://example.org/src",
            source_citation="A source",
        )
        cls.whole = make_annotation(cls.paragraph, body="About the whole.")
        cls.draft = make_annotation(
            cls.paragraph, body="Secret draft", status=Annotation.Status.DRAFT
        )
        cls.chinese = make_annotation(
            Paragraph.objects.get(label="II.7"), quote=ZH_QUOTE
        )

    def get_page(self, url):
        response = self.client.get(url, {"format": "annotations"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/ld+json"))
        return json.loads(response.content)

    def test_permalink_answers_an_annotation_page_of_published_notes(self):
        page = self.get_page(DOC + "ii/14/")
        self.assertEqual(page["@context"], "http://www.w3.org/ns/anno.jsonld")
        self.assertEqual(page["type"], "AnnotationPage")
        ids = [item["id"] for item in page["items"]]
        self.assertEqual(
            ids, [f"urn:uuid:{self.quoted.key}", f"urn:uuid:{self.whole.key}"]
        )
        self.assertNotIn("Secret draft", json.dumps(page))

    def test_a_quote_has_text_quote_and_position_selectors(self):
        item = self.get_page(DOC + "ii/14/")["items"][0]
        target = item["target"]
        self.assertTrue(target["source"].endswith(DOC + "ii/14/"))
        quote, position = target["selector"]
        text = self.paragraph.text_en
        self.assertEqual(quote["type"], "TextQuoteSelector")
        self.assertEqual(quote["exact"], QUOTE)
        self.assertTrue(text[: position["start"]].endswith(quote["prefix"]))
        self.assertTrue(text[position["end"] :].startswith(quote["suffix"]))
        self.assertEqual(text[position["start"] : position["end"]], QUOTE)

    def test_chinese_quotes_are_selected_in_the_chinese_text(self):
        page = self.get_page(DOC)
        (item,) = [i for i in page["items"] if i["id"].endswith(str(self.chinese.key))]
        self.assertEqual(item["target"]["language"], "zh-Hans")
        self.assertEqual(item["target"]["selector"][0]["exact"], ZH_QUOTE)

    def test_import_reads_back_what_it_exports(self):
        page = self.get_page(DOC)
        before = {
            a.key: (
                a.paragraph_id,
                a.kind,
                a.body,
                a.quote,
                a.source_url,
                a.source_citation,
            )
            for a in Annotation.objects.published()
        }
        Annotation.objects.all().delete()
        with tempfile.NamedTemporaryFile("w", suffix=".jsonld") as handle:
            json.dump(page, handle)
            handle.flush()
            out = StringIO()
            # The site's own page, editorial notes included: asked for.
            call_command(
                "import_annotations", handle.name, "--editorial-notes", stdout=out
            )
            after = {
                a.key: (
                    a.paragraph_id,
                    a.kind,
                    a.body,
                    a.quote,
                    a.source_url,
                    a.source_citation,
                )
                for a in Annotation.objects.all()
            }
            self.assertEqual(after, before)

            def without_modified(items):
                return [{k: v for k, v in i.items() if k != "modified"} for i in items]

            self.assertEqual(
                without_modified(self.get_page(DOC)["items"]),
                without_modified(page["items"]),
            )
            call_command(
                "import_annotations",
                handle.name,
                "--editorial-notes",
                stdout=StringIO(),
            )
        self.assertEqual(Annotation.objects.count(), len(before))

    def test_a_quote_must_occur_in_the_paragraph(self):
        annotation = Annotation(paragraph=self.paragraph, body="x", quote="not there")
        with self.assertRaises(ValidationError) as raised:
            annotation.full_clean()
        self.assertIn("quote", raised.exception.message_dict)
        Annotation(paragraph=self.paragraph, body="x", quote=QUOTE).full_clean()
        Annotation(
            paragraph=Paragraph.objects.get(label="II.7"), body="x", quote=ZH_QUOTE
        ).full_clean()


class OrphanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", superuser=True)

    def test_a_source_correction_flags_orphans_and_keeps_them(self):
        paragraph = Paragraph.objects.get(label="II.14")
        annotation = make_annotation(paragraph, quote=QUOTE)
        self.assertFalse(annotation.is_orphaned)
        original = paragraph.text_en
        paragraph.text_en = original.replace("ethnic", "national")
        paragraph.save()
        annotation.refresh_from_db()
        self.assertTrue(annotation.is_orphaned)
        self.assertEqual(annotation.quote, QUOTE)  # kept, never re-attached
        self.assertEqual(list(Annotation.objects.orphaned()), [annotation])
        paragraph.text_en = original
        paragraph.save()
        annotation.refresh_from_db()
        self.assertFalse(annotation.is_orphaned)

    def test_admin_filters_and_counts_orphans(self):
        paragraph = Paragraph.objects.get(label="II.14")
        make_annotation(paragraph, quote=QUOTE)
        make_annotation(paragraph, body="unquoted")
        paragraph.text_en = paragraph.text_en.replace("ethnic", "national")
        paragraph.save()
        self.client.force_login(self.curator)
        response = self.client.get(
            "/admin/declarations/annotation/", {"is_orphaned__exact": "1"}
        )
        self.assertContains(response, "1 orphaned")
        self.assertContains(response, "1 annotation")
        self.assertNotContains(response, "unquoted")


class QuoteLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_quote_is_marked_in_english(self):
        response = self.client.get(DOC + "ii/14/", {"quote": QUOTE})
        self.assertContains(response, f'<mark id="quote">{QUOTE}</mark>', count=1)

    def test_quote_is_marked_in_chinese(self):
        response = self.client.get(DOC + "ii/7/", {"quote": ZH_QUOTE})
        self.assertContains(response, f'<mark id="quote">{ZH_QUOTE}</mark>')

    def test_quote_across_an_instrument_link_stays_well_nested(self):
        quote = "«SCO Convention on Countering Extremism»"
        response = self.client.get(DOC + "ii/14/", {"quote": quote})
        html = response.content.decode()
        self.assertIn('<mark id="quote">«</mark><a class="xref"', html)
        self.assertIn("<mark>SCO Convention on Countering Extremism</mark></a>", html)

    def test_a_quote_not_found_answers_200_with_a_notice(self):
        response = self.client.get(DOC + "ii/14/", {"quote": "not in the text"})
        self.assertContains(response, "was not found in II.14")
        self.assertNotContains(response, "<mark")

    def test_hostile_quotes_are_escaped_or_refused(self):
        response = self.client.get(DOC + "ii/14/", {"quote": "<script>x</script>"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>x")
        self.assertContains(response, "&lt;script&gt;x&lt;/script&gt;")
        for quote, problem in [("a" * 501, "at most 500"), ("a\x00b", "control")]:
            with self.subTest(quote=quote[:5]):
                response = self.client.get(DOC + "ii/14/", {"quote": quote})
                self.assertContains(response, problem, status_code=400)
