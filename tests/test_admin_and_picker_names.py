"""Small fixes a review found: the admin shows a text's provenance as a
curator reads it and its section filter by the printed headings; the
reading page's entity picker knows every registered name of an entity, so
typing the Chinese finds it too."""

import html
import json
import re

from django.test import TestCase

from declarations.models import Paragraph, texts
from tests.factories import make_user
from tests.test_corpus import load_real_corpus

ADMIN = "/admin/declarations/"
DOC = "/declarations/tianjin-2025/"


class AdminReadableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def setUp(self):
        self.client.force_login(self.curator)

    def test_a_texts_provenance_reads_as_sources_confidence_and_notes(self):
        paragraph = Paragraph.objects.get(document__slug="tianjin-2025", label="I.1")
        page = self.client.get(f"{ADMIN}paragraph/{paragraph.pk}/change/")
        page = page.content.decode()
        self.assertNotIn("{&#x27;sources&#x27;", page)
        self.assertNotIn("{'sources'", page)
        self.assertRegex(page, r'<a href="https://www\.hk01\.com/[^"]+"[^>]*>HK01')
        self.assertIn("Confidence: high", page)
        self.assertIn("Two sources agree except one variant character", page)

    def test_the_section_filter_shows_the_printed_headings_in_order(self):
        page = self.client.get(ADMIN + "paragraph/").content.decode()
        links = re.findall(r'<a href="\?section__key=(\w+)"[^>]*>([^<]+)</a>', page)
        self.assertEqual(
            [key for key, _ in links], ["preamble", "i", "ii", "iii", "iv", "v"]
        )
        self.assertEqual(links[0][1], "Preamble")
        self.assertNotIn(">ii</a>", page)
        self.assertEqual(
            self.client.get(ADMIN + "paragraph/?section__key=ii").status_code, 200
        )


class PickerNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def names(self, slug):
        page = self.client.get(DOC).content.decode()
        tag = re.search(rf'<input [^>]*value="{slug}"[^>]*>', page).group(0)
        return re.search(r'data-names="([^"]*)"', tag).group(1)

    def test_the_entity_picker_carries_every_registered_name(self):
        russia = self.names("russia")
        self.assertIn("俄罗斯", russia)
        self.assertIn("Russian Federation", russia)
        council = self.names("un-security-council")
        self.assertIn("联合国安全理事会", council)
        self.assertIn("联合国安理会", council)

    def test_the_picker_converts_a_traditional_query_as_the_search_does(self):
        # Seen red: 俄羅斯 found no entity (the names are simplified).
        page = self.client.get(DOC).content.decode()
        div = re.search(r'<fieldset class="entities-field"[^>]*>', page).group(0)
        table = json.loads(
            html.unescape(re.search(r'data-t2s="([^"]*)"', div).group(1))
        )
        self.assertEqual("".join(table.get(c, c) for c in "俄羅斯"), "俄罗斯")
        self.assertEqual(table["聯"], "联")
        # Only what the tool converts, into characters of the names.
        names = html.unescape(" ".join(re.findall(r'data-names="([^"]*)"', page)))
        for traditional, simplified in table.items():
            self.assertEqual(
                texts.convert(traditional, "zh-Hant", "zh-Hans"), simplified
            )
            self.assertIn(simplified, names)
