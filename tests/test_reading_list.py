"""The reading list shared as a URL, and links from instruments into the text."""

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from tests.test_corpus import load_real_corpus

LIST = reverse("declarations:reading-list")


class SharedReadingListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def setUp(self):
        cache.clear()

    def test_shared_list_shows_the_paragraphs_in_reading_order(self):
        page = self.client.get(LIST, {"p": "iv-4,ii-14"})
        self.assertEqual(page.status_code, 200)
        content = page.content.decode()
        self.assertLess(content.index('id="ii-14"'), content.index('id="iv-4"'))
        self.assertContains(
            page, 'href="/declarations/tianjin-2025/ii/14/" rel="bookmark"'
        )
        self.assertContains(page, "SCO Convention on Countering Extremism")
        self.assertContains(page, "<h1>Shared reading list</h1>")
        self.assertContains(
            page,
            f'value="{settings.SITE_URL}/reading-list/?d=tianjin-2025&amp;p=ii-14,iv-4"',
        )
        self.assertContains(page, ">Pin these</button>")
        self.assertNotContains(page, 'id="ii-13"')

    def test_chinese_only_where_the_original_is_loaded(self):
        page = self.client.get(LIST, {"p": "ii-14,iv-4"})
        # IV.4 has its Chinese (a press quotation); II.14 has none, and none is made up.
        self.assertContains(page, 'class="para-text para-zh" lang="zh-Hans"', count=1)
        self.assertContains(page, "Chinese original not available for II.14")
        self.assertNotContains(page, "Chinese original not available for IV.4")

    def test_a_document_can_be_named(self):
        page = self.client.get(LIST, {"d": "tianjin-2025", "p": "preamble-1"})
        self.assertContains(page, 'id="preamble-1"')
        self.assertEqual(
            self.client.get(LIST, {"d": "nope", "p": "ii-14"}).status_code, 404
        )

    def test_unknown_paragraphs_are_a_400_that_names_them(self):
        page = self.client.get(LIST, {"p": "ii-14,ii-99,vi-1,<b>"})
        self.assertContains(
            page, "no paragraph ii-99, vi-1, &lt;b&gt;", status_code=400
        )
        self.assertContains(page, "<h1>Bad request</h1>", status_code=400)
        self.assertNotContains(page, 'id="ii-14"', status_code=400)
        data = self.client.get(LIST, {"p": "ii-99", "format": "json"})
        self.assertEqual(data.status_code, 400)
        self.assertEqual(data.json()["unknown"], ["ii-99"])

    def test_more_than_200_paragraphs_are_a_400(self):
        anchors = ",".join(f"ii-{n}" for n in range(1, 202))
        page = self.client.get(LIST, {"p": anchors})
        self.assertContains(page, "at most 200 paragraphs", status_code=400)

    def test_shared_list_as_json(self):
        data = self.client.get(LIST, {"p": "ii-14,iv-4", "format": "json"}).json()
        self.assertEqual([p["id"] for p in data["paragraphs"]], ["ii-14", "iv-4"])
        self.assertIsNone(data["paragraphs"][0]["text_zh"])
        self.assertTrue(data["paragraphs"][1]["text_zh"])
        self.assertEqual(data["document"]["slug"], "tianjin-2025")

    def test_shared_list_is_cached_like_other_reading_pages(self):
        first = self.client.get(LIST, {"p": "ii-14", "utm_source": "x"})
        self.assertIn("ETag", first)
        again = self.client.get(
            LIST, {"p": "ii-14"}, headers={"If-None-Match": first["ETag"]}
        )
        self.assertEqual(again.status_code, 304)

    def test_without_a_list_the_page_is_the_readers_own(self):
        page = self.client.get(LIST)
        self.assertContains(page, "<h1>Your reading list</h1>")
        self.assertNotContains(page, "Shared reading list")


class InstrumentAnchorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_each_citing_paragraph_links_into_the_document_and_to_its_permalink(self):
        page = self.client.get("/instruments/sco-convention-countering-extremism/")
        self.assertContains(page, 'href="/declarations/tianjin-2025/#ii-14"')
        self.assertContains(page, 'href="/declarations/tianjin-2025/ii/14/"')
