"""?lang= from the language registry (declarations/languages.py), and a third
language as a data change: Russian from a plainly synthetic test fixture
(tests/fixtures/russian_synthetic.json, never shipped) on the reading pages,
in search with the Russian stemmer, JSON, CSV, Akoma Ntoso and the admin,
with no code for Russian."""

import csv
import html
import io
import json
import re
from pathlib import Path

from django.test import SimpleTestCase, TestCase
from hypothesis import given, strategies as st
from lxml import etree

from declarations import languages, search
from declarations.models import Expression, Paragraph
from declarations.public_urls import absolute
from tests.factories import make_user
from tests.test_akoma_ntoso import NS, XSD
from tests.test_corpus import load_real_corpus
from tests.test_expressions import source_records

DOC = "/declarations/tianjin-2025/"
FIXTURE = Path(__file__).parent / "fixtures" / "russian_synthetic.json"


def load_expression(path):
    """Load an expression and its paragraphs' texts from a fixture file, as
    data: the language is whatever the file's tag names in the registry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = Paragraph.objects.filter(document__slug=data["document"])
    document = paragraphs.first().document
    tag = data["expression"]["tag"]
    document.expression(
        tag, **{k: v for k, v in data["expression"].items() if k != "tag"}
    )
    for label, text in data["texts"].items():
        paragraph = paragraphs.get(label=label)
        paragraph.set_text(
            tag, text, provenance={"sources": data["expression"]["sources"]}
        )
        paragraph.save()
    return data


def article(page, anchor):
    """Return one paragraph's <article> of a reading page."""
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</article>", start)]


class ReadingValuesTests(SimpleTestCase):
    def test_lang_takes_both_every_registered_tag_and_the_aliases(self):
        # Seen red: a fixed list (both, en, zh, zh-Hant) beside the registry.
        values = languages.reading_values()
        self.assertEqual(values[0], "both")
        for value in [*languages.REGISTRY, *languages.ALIASES]:
            with self.subTest(value=value):
                self.assertIn(value, values)

    def test_zh_and_zh_hans_name_the_page_old_links_name(self):
        for value in ["zh", "zh-Hans"]:
            self.assertEqual(languages.reading_language(value), "zh")

    @given(st.text(max_size=12))
    def test_any_value_is_a_page_pages_link_to_or_refused(self, value):
        # A tag in any case (BCP-47 tags are case-insensitive); "both" as is.
        spellings = {
            v if v == languages.BOTH else v.lower() for v in languages.reading_values()
        }
        folded = value.lower() if value.isascii() and value != "both" else value
        try:
            shown = languages.reading_language(value)
        except ValueError:
            self.assertNotIn(folded, spellings)
            return
        self.assertIn(folded, spellings)
        # What a page links to names the same page again, as pages write it.
        self.assertIn(shown, languages.reading_values())
        self.assertEqual(languages.reading_language(shown), shown)

    @given(
        st.sampled_from([*languages.REGISTRY, *languages.ALIASES]),
        st.lists(st.booleans(), min_size=8, max_size=8),
    )
    def test_a_tag_in_any_case_is_the_registrys_tag(self, tag, upper):
        # Seen red: ?lang=zh-hant was a 400.
        spelled = "".join(
            c.upper() if up else c.lower()
            for c, up in zip(tag, upper * 2, strict=False)
        )
        self.assertIs(languages.get(spelled), languages.get(tag))
        self.assertEqual(
            languages.reading_language(spelled), languages.reading_value(tag)
        )

    def test_a_tag_of_other_letters_that_fold_alike_is_refused(self):
        # "K" (KELVIN SIGN) and "ſ" fold to ASCII letters; tags are ASCII.
        for value in ["\u212aLINGON", "ru\u017f", "zh-hant\u0130"]:
            with self.assertRaises(ValueError):
                languages.reading_language(value)


class LanguageTests(TestCase):
    """The Tianjin corpus as loaded: English and Chinese, no Russian."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_every_value_lang_takes_answers_never_a_400(self):
        expected = {"ru": 404}  # registered, but the document has no Russian
        for value in languages.reading_values():
            for url in [DOC, DOC + "ii/", DOC + "ii/14/"]:
                with self.subTest(value=value, url=url):
                    response = self.client.get(url, {"lang": value})
                    self.assertEqual(response.status_code, expected.get(value, 200))

    def test_a_language_the_document_has_no_text_in_is_a_404_naming_its_languages(
        self,
    ):
        # Seen red: ?lang=ru was a 400 "Unknown language" though registered.
        for url in [DOC, DOC + "ii/", DOC + "ii/14/", DOC + "?format=csv"]:
            with self.subTest(url=url):
                response = self.client.get(url, {"lang": "ru"})
                self.assertContains(
                    response, "Not available in Russian", status_code=404
                )
                self.assertContains(response, "<code>lang=ru</code>", status_code=404)
                for language in ["English", "简体中文", "繁體中文"]:
                    self.assertContains(response, language, status_code=404)
        response = self.client.get(DOC, {"format": "akn", "lang": "ru"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("Russian text", response.content.decode())

    def test_a_tag_in_any_case_shows_the_page_of_the_registrys_tag(self):
        # Seen red: ?lang=EN, zh-hant and ZH-HANS were 400s.
        for value, tag in [("EN", "en"), ("zh-hant", "zh-Hant"), ("ZH-HANS", "zh")]:
            for url in [DOC, DOC + "ii/", DOC + "ii/14/"]:
                with self.subTest(value=value, url=url):
                    response = self.client.get(url, {"lang": value})
                    self.assertEqual(response.status_code, 200)
                    expected = self.client.get(url, {"lang": tag})
                    self.assertEqual(response.context["lang"], expected.context["lang"])
                    # The canonical link is the page's own, whatever the case.
                    self.assertContains(response, '<link rel="canonical"')
            txt = self.client.get(DOC, {"format": "txt", "lang": value})
            self.assertEqual(txt.status_code, 200)
            self.assertEqual(
                txt.content,
                self.client.get(DOC, {"format": "txt", "lang": tag}).content,
            )
        # The page writes the registry's spelling: in its form, its
        # language switch and its canonical link.
        page = self.client.get(DOC, {"lang": "ZH-HANT"}).content.decode()
        self.assertIn('<input type="hidden" name="lang" value="zh-Hant">', page)
        self.assertIn(
            '<a href="?lang=zh-Hant" lang="zh-Hant" title="Traditional characters, '
            'as the press printed them" data-keep-place aria-current="true">',
            page,
        )
        self.assertIn(f'<link rel="canonical" href="{absolute(DOC)}">', page)
        self.assertIn('href="?lang=zh-Hant&amp;format=csv"', page)
        self.assertNotIn("ZH-HANT", page)

    def test_an_unregistered_language_is_a_400_that_lists_every_value(self):
        response = self.client.get(DOC + "ii/", {"lang": "fr"})
        self.assertContains(response, "fr", status_code=400)
        self.assertContains(response, "zh-Hant, ru", status_code=400)

    def akn(self, url, lang):
        response = self.client.get(url, {"format": "akn", "lang": lang})
        self.assertEqual(response.status_code, 200, response.content[:300])
        root = etree.fromstring(response.content)
        self.assertTrue(XSD.validate(root), XSD.error_log)
        return root

    def test_the_traditional_chinese_has_its_own_akn_expression(self):
        # Seen red: ?format=akn&lang=zh-Hant was a 400.
        printed = next(r for r in source_records() if r["line"] == 15)["zh_hant"]
        for url in [DOC, DOC + "i/", DOC + "i/1/"]:
            with self.subTest(url=url):
                root = self.akn(url, "zh-Hant")
                paragraph = root.find(".//a:paragraph[@eId='sec_i__para_1']", NS)
                self.assertEqual(paragraph.find(".//a:p", NS).text, printed)
        root = self.akn(DOC, "zh-Hant")
        uri = root.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
        self.assertTrue(uri.endswith("/tianjin-2025/zho@2025-09-01-Hant"), uri)
        self.assertEqual(
            root.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language"), "zho"
        )
        # Its title as the press printed it; IV.4, printed in simplified
        # characters, is left out and said so.
        self.assertEqual(
            root.find(".//a:docTitle", NS).text, "上海合作組織成員國元首理事會天津宣言"
        )
        self.assertIsNone(root.find(".//a:paragraph[@eId='sec_iv__para_4']", NS))
        xml = etree.tostring(root, encoding="unicode")
        self.assertIn("Chinese in traditional characters available for 15 of", xml)
        iv4 = self.client.get(DOC + "iv/4/", {"format": "akn", "lang": "zh-Hant"})
        self.assertContains(
            iv4, "The Chinese in traditional characters of this part", status_code=404
        )

    def test_the_simplified_akn_says_what_it_is_converted_from_and_by_what(self):
        # Seen red: the conversion's FRBRExpression named no source or tool.
        simplified = self.akn(DOC, "zh")
        traditional = self.akn(DOC, "zh-Hant")
        source = traditional.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
        master = simplified.find(".//a:FRBRExpression/a:FRBRmasterExpression", NS)
        self.assertEqual(master.get("href"), source)
        self.assertNotEqual(
            simplified.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value"), source
        )
        authors = [
            a.get("href")
            for a in simplified.findall(".//a:FRBRExpression/a:FRBRauthor", NS)
        ]
        self.assertIn("#conversion-tool", authors)
        tool = simplified.find(".//a:TLCObject[@eId='conversion-tool']", NS)
        self.assertEqual(tool.get("showAs"), "OpenCC 1.4.2 t2s")
        # Not a conversion: no master expression.
        self.assertIsNone(traditional.find(".//a:FRBRmasterExpression", NS))


class RussianFromAFixtureTests(TestCase):
    """A ru expression loaded from a test fixture: every format carries it,
    with no code for Russian."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.data = load_expression(FIXTURE)
        cls.ii14 = cls.data["texts"]["II.14"]

    def test_the_document_page_shows_the_russian_and_says_where_it_is_missing(self):
        response = self.client.get(DOC, {"lang": "ru"})
        page = response.content.decode()
        self.assertIn(
            f'<div class="para-text para-ru" lang="ru"><p>{self.ii14}</p>',
            article(page, "ii-14"),
        )
        missing = article(page, "ii-13")
        self.assertIn("Russian text not available", missing)
        self.assertIn('<div lang="en">', missing)  # the English, behind a disclosure
        self.assertIn(
            '<a href="?lang=ru" lang="ru" aria-current="true">Русский</a>', page
        )
        self.assertIn(
            '<link rel="alternate" type="application/akn+xml" hreflang="ru" '
            f'href="{absolute(DOC)}?format=akn&amp;lang=ru" '
            'title="Akoma Ntoso, Русский">',
            page,
        )

    def test_the_document_says_where_its_russian_comes_from(self):
        # Seen red: the provenance named the English and the Chinese only.
        page = self.client.get(DOC).content.decode()
        box = page[page.index('<details class="provenance">') :]
        box = box[: box.index("</details>")]
        self.assertIn(self.data["expression"]["notes"], box)
        self.assertIn(
            '<dd class="text-status" data-language="ru">Unofficial Russian '
            "translation; translator not identified. Sources: "
            "tests/fixtures/russian_synthetic.json.</dd>",
            box,
        )

    def test_section_and_permalink_pages_show_the_russian(self):
        for url in [DOC + "ii/", DOC + "ii/14/"]:
            with self.subTest(url=url):
                page = self.client.get(url, {"lang": "ru"}).content.decode()
                self.assertIn(f'lang="ru"><p>{self.ii14}</p>', article(page, "ii-14"))

    def test_both_stays_the_english_beside_the_chinese(self):
        for query in [{}, {"lang": "both"}, {"lang": "zh"}, {"lang": "en"}]:
            with self.subTest(query=query):
                response = self.client.get(DOC, query)
                self.assertNotContains(response, self.ii14)
                # The switch offers the Russian the document now has.
                self.assertContains(
                    response, '<a href="?lang=ru" lang="ru">Русский</a>'
                )

    def test_search_matches_russian_by_its_stemmer(self):
        found = Paragraph.objects.search(search.exact(["россия"]))
        self.assertEqual([p.label for p in found], ["II.14"])
        # Not by substring: a word part is not a word.
        self.assertFalse(Paragraph.objects.search(search.exact(["Синтетич"])))
        response = self.client.get(DOC, {"q": "россия", "lang": "ru"})
        self.assertNotContains(response, "A Chinese search finds only")
        page = response.content.decode()
        self.assertIn("<mark>России</mark>", article(page, "ii-14"))

    def test_json_carries_the_russian_text_and_what_it_is(self):
        data = self.client.get(DOC + "ii/14/", {"format": "json"}).json()
        russian = next(text for text in data["texts"] if text["tag"] == "ru")
        self.assertEqual(russian["text"], self.ii14)
        self.assertEqual(russian["status"], "unofficial-translation")
        self.assertEqual(russian["description"], "Unofficial Russian translation")

    def test_csv_in_russian_appends_its_text_tag_and_status(self):
        # Seen red: the CSV held the English and the Chinese only.
        for url in [DOC, DOC + "ii/"]:
            with self.subTest(url=url):
                content = self.client.get(
                    url, {"format": "csv", "lang": "ru", "bom": "0"}
                ).content.decode()
                rows = {r["label"]: r for r in csv.DictReader(io.StringIO(content))}
                self.assertEqual(
                    (
                        rows["II.14"]["russian"],
                        rows["II.14"]["russian_expression"],
                        rows["II.14"]["russian_status"],
                    ),
                    (self.ii14, "ru", "unofficial translation"),
                )
                self.assertEqual(rows["II.13"]["russian"], "")
        # The CSV of every other ?lang= keeps its shape.
        content = self.client.get(DOC, {"format": "csv", "bom": "0"}).content.decode()
        self.assertNotIn("russian", content.splitlines()[0])

    def test_akn_in_russian_holds_the_russian_paragraphs_and_says_which_are_left_out(
        self,
    ):
        response = self.client.get(DOC, {"format": "akn", "lang": "ru"})
        self.assertEqual(response.status_code, 200)
        root = etree.fromstring(response.content)
        self.assertTrue(XSD.validate(root), XSD.error_log)
        self.assertEqual(
            root.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language"), "rus"
        )
        self.assertTrue(
            root.find(".//a:FRBRExpression/a:FRBRuri", NS)
            .get("value")
            .endswith("/tianjin-2025/rus@2025-09-01")
        )
        eids = [p.get("eId") for p in root.iterfind(".//a:paragraph", NS)]
        self.assertEqual(eids, ["sec_i__para_1", "sec_ii__para_14"])
        xml = response.content.decode()
        self.assertIn("Russian text available for 2 of", xml)
        self.assertIn(f"Provenance: {self.data['expression']['notes']}", xml)
        portion = self.client.get(DOC + "ii/14/", {"format": "akn", "lang": "ru"})
        self.assertEqual(portion.status_code, 200)
        self.assertTrue(XSD.validate(etree.fromstring(portion.content)))
        none = self.client.get(DOC + "iii/", {"format": "akn", "lang": "ru"})
        self.assertContains(none, "The Russian text of this part", status_code=404)

    def test_the_admin_shows_the_russian_text_and_what_it_is(self):
        self.client.force_login(make_user("curator", curator=True))
        paragraph = Paragraph.objects.get(label="II.14")
        url = f"/admin/declarations/paragraph/{paragraph.pk}/change/"
        response = self.client.get(url)
        self.assertContains(
            response,
            f'<p lang="ru"><strong>Russian</strong> (Unofficial translation): '
            f"{self.ii14}</p>",
            html=True,
        )
        found = self.client.get("/admin/declarations/paragraph/", {"q": "России"})
        self.assertContains(found, "II.14")

    def test_the_expression_is_data(self):
        expression = Expression.objects.get(tag="ru")
        self.assertEqual(expression.status, Expression.Status.UNOFFICIAL_TRANSLATION)
        self.assertEqual(expression.language.name, "Russian")


class EveryFormatInEveryLanguageTests(TestCase):
    """The plain text honours ?lang= as the HTML, JSON and AKN do, and the
    404 of a language the document lacks links only to pages that answer."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_plain_text_in_traditional_is_the_traditional_text(self):
        # Seen red: txt fell back to the English for every lang but zh.
        response = self.client.get(DOC, {"format": "txt", "lang": "zh-Hant"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("tianjin-2025.zh-Hant.txt", response["Content-Disposition"])
        text = response.content.decode()
        printed = Paragraph.objects.get(label="I.1").text_zh_hant
        self.assertTrue(text.startswith("上海合作組織成員國元首理事會天津宣言\n"))
        self.assertIn(f"\nI.1\t{printed}\n", text)
        # IV.4 was printed in simplified characters: no traditional text.
        self.assertIn(
            "\nIV.4\t[Chinese in traditional characters not available]\n", text
        )
        self.assertIn(
            "\nII.14\t[Chinese in traditional characters not available]\n", text
        )
        footer = text.split("\nSources\n", 1)[1]
        self.assertIn("This text (zh-Hant, press-quotation):", footer)
        self.assertRegex(
            footer, r"\nI\.1\tzh-Hant: quoted by the press, as printed; confidence "
        )
        self.assertNotIn("\nIV.4\t", footer)

    def test_plain_text_of_an_unknown_language_is_the_400_of_every_format(self):
        # Seen red: ?format=txt&lang=klingon answered the English.
        expected = self.client.get(DOC + "ii/", {"lang": "klingon"})
        self.assertEqual(expected.status_code, 400)
        for query in [{"format": "txt"}, {"format": "csv"}]:
            with self.subTest(query=query):
                response = self.client.get(DOC, {**query, "lang": "klingon"})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.content, expected.content)

    def test_plain_text_keeps_the_english_for_both(self):
        both = self.client.get(DOC, {"format": "txt"})
        english = self.client.get(DOC, {"format": "txt", "lang": "en"})
        self.assertEqual(both.content, english.content)
        self.assertIn("tianjin-2025.en.txt", both["Content-Disposition"])

    def test_every_link_of_a_missing_language_answers_in_its_language(self):
        # Seen red: the txt link to zh-Hant answered the English.
        document = Paragraph.objects.get(label="I.1").document
        urls = [DOC, DOC + "ii/", DOC + "ii/14/"]
        for url in urls:
            for output in ["html", "txt", "csv", "json", "akn"]:
                query = {"lang": "ru"}
                if output != "html":
                    query["format"] = output
                missing = self.client.get(url, query)
                if missing.status_code != 404 or b"Not available in" not in (
                    missing.content
                ):
                    continue
                links = re.findall(
                    r'<li><a href="(\?[^"]*)" lang="([^"]+)"',
                    missing.content.decode(),
                )
                with self.subTest(url=url, output=output):
                    self.assertEqual(
                        [tag for _, tag in links],
                        [language.tag for language in document.languages],
                    )
                for href, tag in links:
                    with self.subTest(url=url, output=output, tag=tag):
                        response = self.client.get(url + html.unescape(href))
                        self.assertEqual(response.status_code, 200)
                        body = response.content.decode()
                        if output == "txt" and url == DOC:
                            shown = document.title_in(tag) or document.title_en
                            self.assertTrue(body.startswith(shown), body[:100])
