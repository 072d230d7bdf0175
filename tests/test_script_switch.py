"""The 简/繁 switch beside the English: a permalink with ?lang=zh-Hant and a
page of both languages with ?script=zh-Hant show the traditional characters
where the press printed them, and say so where it did not (#22)."""

from django.test import TestCase

from declarations import languages
from declarations.models import Paragraph, texts
from tests.test_corpus import load_real_corpus
from tests.test_expressions import source_records

DOC = "/declarations/tianjin-2025/"
MISSING = "Not available in traditional characters"


class ScriptBesideTheEnglishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.i1_printed = next(r for r in source_records() if r["line"] == 15)["zh_hant"]

    def page(self, path, **params):
        response = self.client.get(DOC + path, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def article(self, page, anchor):
        return page.split(f'id="{anchor}"')[1].split("</article>")[0]

    def test_a_permalink_in_traditional_shows_i1_as_printed_beside_the_english(self):
        page = self.page("i/1/", lang="zh-Hant")
        article = self.article(page, "i-1")
        self.assertIn('<div class="para-text para-zh" lang="zh-Hant">', article)
        self.assertIn(self.i1_printed, article)
        self.assertIn('class="para-text para-en"', article)
        self.assertIn('lang="zh-Hant" title="Traditional', page)
        simplified = self.article(self.page("i/1/"), "i-1")
        self.assertIn('lang="zh-Hans"', simplified)
        self.assertNotIn(self.i1_printed, simplified)

    def test_a_permalink_without_traditional_says_so_with_the_simplified(self):
        article = self.article(self.page("iv/4/", lang="zh-Hant"), "iv-4")
        self.assertIn(MISSING, article)
        self.assertIn("simplified characters, as printed", article)
        self.assertNotIn('lang="zh-Hant"', article)

    def test_both_languages_in_traditional(self):
        page = self.page("", script="zh-Hant")
        self.assertIn(self.i1_printed, self.article(page, "i-1"))
        self.assertIn(MISSING, self.article(page, "iv-4"))
        self.assertIn("Chinese original not available", self.article(page, "ii-14"))
        # Filters and section links keep the script chosen.
        self.assertIn('<input type="hidden" name="script" value="zh-Hant">', page)
        self.assertIn(f'href="{DOC}i/?script=zh-Hant"', page)
        section = self.page("i/", script="zh-Hant")
        self.assertIn(self.i1_printed, self.article(section, "i-1"))
        self.assertNotIn(self.i1_printed, self.page(""))

    def test_an_unknown_script_is_a_400(self):
        response = self.client.get(DOC + "i/", {"script": "zh-Latn"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"script takes zh-Hans, zh-Hant", response.content)
        self.assertEqual(self.client.get(DOC, {"script": "zh-Latn"}).status_code, 400)

    def test_the_language_links_keep_the_script_chosen(self):
        # From the traditional Chinese to both languages, and back.
        self.assertIn(
            'href="?lang=both&amp;script=zh-Hant">Both', self.page("", lang="zh-Hant")
        )
        self.assertIn(
            'href="?lang=zh-Hant" lang="zh-Hans"', self.page("", script="zh-Hant")
        )

    def test_a_permalink_honours_the_script_as_the_section_page_does(self):
        # Seen red: ?script=zh-Hant was stripped from a permalink, which
        # showed the simplified text and linked without it.
        for path in ["i/1/", "iv/4/", "ii/14/"]:
            anchor = path.strip("/").replace("/", "-")
            with self.subTest(path=path):
                # The paragraph as ?lang=zh-Hant, a permalink's traditional
                # page, shows it.
                chosen = self.article(self.page(path, script="zh-Hant"), anchor)
                by_lang = self.article(self.page(path, lang="zh-Hant"), anchor)
                self.assertEqual(chosen, by_lang)
        page = self.page("i/1/", script="zh-Hant")
        self.assertIn(self.i1_printed, self.article(page, "i-1"))
        # The 简/繁 switch marks the script shown, and its links keep the
        # reading parameters the page was asked with.
        self.assertIn(
            'href="?script=zh-Hant&amp;lang=zh-Hant" lang="zh-Hant" '
            'title="Traditional characters, as the press printed them" '
            "data-keep-place aria-current",
            page,
        )
        self.assertIn('href="?script=zh-Hant&amp;lang=zh" lang="zh-Hans"', page)
        simplified = self.article(self.page("i/1/", script="zh-Hant", lang="zh"), "i-1")
        self.assertNotIn(self.i1_printed, simplified)

    def test_the_traditional_page_shows_the_simplified_where_only_that_was_printed(
        self,
    ):
        # Seen red: IV.4 said "Not printed in traditional characters by its
        # sources · see 简", a 简 that led nowhere, and hid the simplified
        # text the permalink and the page of both languages show.
        iv4 = Paragraph.objects.get(label="IV.4")
        article = self.article(self.page("", lang="zh-Hant"), "iv-4")
        self.assertIn(
            '<article class="para lang-zh-Hant" id="iv-4"',
            self.page("", lang="zh-Hant"),
        )
        self.assertIn(
            '<div class="para-text para-zh" lang="zh-Hans">'
            '<p class="zh-missing" lang="en">Not printed in traditional characters'
            f" by its sources; the simplified text:</p><p>{iv4.text_zh}</p>"
            '<p class="text-source" lang="en">'
            f"{iv4.text_row('zh').reader_line()}</p>",
            article,
        )
        self.assertIn("simplified characters, as printed", article)
        self.assertNotIn("see <span", article)
        self.assertNotIn("para-fallback", article)
        self.assertNotIn('lang="zh-Hant"', article)
        # A paragraph with no Chinese at all still offers the English, folded.
        ii14 = self.article(self.page("", lang="zh-Hant"), "ii-14")
        self.assertIn('<details class="para-text para-fallback">', ii14)

    def test_an_unknown_script_on_a_permalink_is_the_400_of_every_page(self):
        response = self.client.get(DOC + "i/1/", {"script": "zh-Latn"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"script takes zh-Hans, zh-Hant", response.content)

    def test_the_traditional_page_says_not_available_in_traditional_marked(self):
        # Seen red: the zh-Hant page said 中文原文暂缺, in simplified
        # characters, with no lang attribute in an English page.
        article = self.article(self.page("", lang="zh-Hant"), "ii-14")
        self.assertIn(
            '<span class="zh-missing"><span lang="zh-Hant">中文原文暫缺</span> · '
            "Chinese original not available</span>",
            article,
        )
        self.assertNotIn("暂缺", article)
        # The same words: the tool converts them back to the simplified.
        self.assertEqual(
            texts.convert(languages.TRADITIONAL_MISSING, "zh-Hant", "zh-Hans"),
            languages.CHINESE_NOT_AVAILABLE.split(" · ")[0],
        )
        # The simplified page's words are as they were.
        for value in ["zh", "zh-Hans"]:
            simplified = self.article(self.page("", lang=value), "ii-14")
            self.assertIn(
                '<span class="zh-missing">中文原文暂缺 · Chinese original not '
                "available</span>",
                simplified,
            )

    def test_links_from_a_traditional_page_keep_the_traditional(self):
        # Seen red: a paragraph's label, and a permalink's previous, next
        # and breadcrumb links, opened the simplified text.
        document = self.client.get(DOC, {"lang": "zh-Hant"}).content.decode()
        self.assertIn(
            'class="para-label" href="/declarations/tianjin-2025/i/1/?lang=zh-Hant"',
            document,
        )
        beside = self.client.get(DOC, {"script": "zh-Hant"}).content.decode()
        self.assertIn('href="/declarations/tianjin-2025/i/1/?lang=zh-Hant"', beside)
        permalink = self.client.get(DOC + "i/2/", {"lang": "zh-Hant"}).content.decode()
        for link in [
            'rel="prev" href="/declarations/tianjin-2025/i/1/?script=zh-Hant"',
            'rel="next" href="/declarations/tianjin-2025/i/3/?script=zh-Hant"',
            '<a href="/declarations/tianjin-2025/i/?script=zh-Hant">Section I</a>',
        ]:
            self.assertIn(link, permalink)
        # The default keeps its plain links.
        simplified = self.client.get(DOC).content.decode()
        self.assertIn(
            'class="para-label" href="/declarations/tianjin-2025/i/1/" ', simplified
        )
