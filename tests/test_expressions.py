"""Texts as expressions (declarations/models/texts.py): the columns moved into rows
without loss, the Chinese as its sources printed it, and every stored
conversion the conversion tool's output."""

import json

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import SimpleTestCase, TestCase, TransactionTestCase
from hypothesis import given, strategies as st

from declarations import languages, search
from declarations.models import Expression, Paragraph, ParagraphText, texts
from tests.test_corpus import load_real_corpus

BEFORE = [("declarations", "0020_paragraph_reading_version")]
AFTER = [("declarations", "0021_paragraph_texts_as_expression_rows")]
COLUMNS = [("declarations", "0026_entity_chinese_name_help_text")]
EXPRESSION_COLUMNS_GONE = [("declarations", "0027_document_texts_as_expressions")]
TITLE_COLUMNS = [("declarations", "0028_curators_view_expressions")]
TITLES_IN_EXPRESSIONS = [("declarations", "0029_document_titles_in_expressions")]
SOURCE = settings.CORPUS_DIR / "sources" / "tianjin_declaration_2025_zh_partial.jsonl"


def source_records():
    with open(SOURCE, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


class MigrationTests(TransactionTestCase):
    """Migrate a database with corpus, curator-changed and imported Chinese
    from the columns to rows, and compare every text before and after."""

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(executor_leaf())

    def test_every_text_and_its_provenance_survive(self):
        old = self.migrate(BEFORE)
        Document = old.get_model("declarations", "Document")
        Section = old.get_model("declarations", "Section")
        Paragraph = old.get_model("declarations", "Paragraph")
        document = Document.objects.create(
            slug="d",
            title_en="D",
            short_title_en="D",
            adopted_on="2025-09-01",
            place_en="P",
            issuing_body_en="B",
            source_en="English from a file.",
            source_zh="Chinese quoted by the press.",
            sources_zh=["hk01"],
        )
        section = Section.objects.create(
            document=document, key="i", position=1, heading="I"
        )
        printed = "世界政治、經濟形勢及國際關係的其他各領域正經歷深刻歷史性變革"
        rows = [
            # From the corpus: simplified converted from what the press printed.
            (
                "世界政治、经济形势及国际关系的其他各领域正经历深刻历史性变革",
                "corpus",
                {"confidence": "high", "sources": ["a"], "zh_hant": printed},
            ),
            # A curator's correction: no text as printed any more.
            (
                "成员国强调，由一位策展人改过。",
                "curator",
                {"confidence": "medium", "sources": ["b"], "entered_by": "c"},
            ),
            # A simplified source, as IV.4.
            ("成员国强调,根据联合国大会", "corpus", {"confidence": "medium"}),
            # No Chinese.
            ("", "", {}),
        ]
        for number, (text_zh, origin, provenance) in enumerate(rows, start=1):
            Paragraph.objects.create(
                document=document,
                section=section,
                number=number,
                position=number,
                label=f"I.{number}",
                text_en=f"Member states note {number}.",
                text_en_html=f"Member states <a>note</a> {number}.",
                search_words=f" member state note {number} ",
                text_zh=text_zh,
                text_zh_origin=origin,
                text_zh_provenance=provenance,
            )
        before = {
            p.label: (
                p.text_en,
                p.text_en_html,
                p.text_zh,
                p.text_zh_origin,
                p.text_zh_provenance,
            )
            for p in Paragraph.objects.all()
        }

        new = self.migrate(AFTER)
        Text = new.get_model("declarations", "ParagraphText")
        Expression = new.get_model("declarations", "Expression")
        self.assertEqual(
            dict(Expression.objects.values_list("tag", "status")),
            {
                "en": "unofficial-translation",
                "zh-Hant": "press-quotation",
                "zh-Hans": "conversion",
            },
        )
        after = {}
        for label in before:
            by_tag = {
                t.expression.tag: t for t in Text.objects.filter(paragraph__label=label)
            }
            english, chinese = by_tag["en"], by_tag.get("zh-Hans")
            provenance = dict(chinese.provenance) if chinese else {}
            if chinese and chinese.converted_from_id:
                provenance["zh_hant"] = by_tag["zh-Hant"].text
            after[label] = (
                english.text,
                english.html,
                chinese.text if chinese else "",
                chinese.origin if chinese else "",
                provenance,
            )
        self.assertEqual(after, before)
        converted = Text.objects.get(paragraph__label="I.1", expression__tag="zh-Hans")
        self.assertEqual(converted.converted_from.text, printed)
        self.assertEqual(converted.conversion_edit, "")
        for label in ["I.2", "I.3"]:
            self.assertIsNone(
                Text.objects.get(
                    paragraph__label=label, expression__tag="zh-Hans"
                ).converted_from
            )
        self.assertFalse(
            Text.objects.filter(paragraph__label="I.4")
            .exclude(expression__tag="en")
            .exists()
        )

    def test_what_the_document_said_of_its_texts_moves_into_its_expressions(self):
        old = self.migrate(COLUMNS)
        Document = old.get_model("declarations", "Document")
        Expression = old.get_model("declarations", "Expression")
        said = {
            "title_en": "D",
            "short_title_en": "D",
            "adopted_on": "2025-09-01",
            "place_en": "P",
            "issuing_body_en": "B",
        }
        # The English expression was made from the columns, which changed
        # since; the Chinese texts' expression says something of its own.
        quoted = Document.objects.create(
            slug="quoted",
            **said,
            source_en="English as now supplied.",
            sources_en=["a file"],
            translator_en="A translator",
            source_zh="Chinese quoted by the press.",
            sources_zh=["hk01", "crntt"],
        )
        Expression.objects.create(
            document=quoted, tag="en", status="unofficial-translation", notes="Old."
        )
        Expression.objects.create(
            document=quoted,
            tag="zh-Hant",
            status="press-quotation",
            sources=["crntt", "Ming Pao"],
            notes="Chinese quoted by the press.",
        )
        # No expression yet: the English is made from the columns; the
        # Chinese, with no text, gets none.
        Document.objects.create(
            slug="bare",
            **said,
            source_en="English.",
            status_en="unofficial-translation",
            source_zh="No Chinese.",
        )

        new = self.migrate(EXPRESSION_COLUMNS_GONE)
        Expression = new.get_model("declarations", "Expression")
        english = Expression.objects.get(document__slug="quoted", tag="en")
        self.assertEqual(english.notes, "Old.\n\nEnglish as now supplied.")
        self.assertEqual(english.sources, ["a file"])
        self.assertEqual(english.translator, "A translator")
        chinese = Expression.objects.get(document__slug="quoted", tag="zh-Hant")
        self.assertEqual(chinese.notes, "Chinese quoted by the press.")
        self.assertEqual(chinese.sources, ["crntt", "Ming Pao", "hk01"])
        self.assertEqual(
            list(
                Expression.objects.filter(document__slug="bare").values_list(
                    "tag", "status", "notes"
                )
            ),
            [("en", "unofficial-translation", "English.")],
        )

    def test_the_chinese_titles_move_into_their_expressions(self):
        old = self.migrate(TITLE_COLUMNS)
        Document = old.get_model("declarations", "Document")
        Expression = old.get_model("declarations", "Expression")
        provenance = {"sources": ["a", "b"], "confidence": "high", "notes": "N."}
        document = Document.objects.create(
            slug="titled",
            title_en="T",
            short_title_en="T",
            adopted_on="2025-09-01",
            place_en="P",
            issuing_body_en="B",
            title_zh="上海合作组织",
            title_zh_provenance={**provenance, "zh_hant": "上海合作組織"},
        )
        # The simplified expression exists; the traditional one does not yet.
        Expression.objects.create(document=document, tag="zh-Hans", status="conversion")

        new = self.migrate(TITLES_IN_EXPRESSIONS)
        Expression = new.get_model("declarations", "Expression")
        titles = {
            e.tag: (e.status, e.title, e.title_provenance)
            for e in Expression.objects.filter(document__slug="titled")
        }
        self.assertEqual(
            titles,
            {
                "zh-Hans": ("conversion", "上海合作组织", provenance),
                "zh-Hant": ("press-quotation", "上海合作組織", provenance),
            },
        )


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


class CorpusExpressionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_traditional_text_is_the_source_files_as_printed(self):
        by_line = dict(enumerate(source_records(), start=1))
        rows = ParagraphText.objects.in_language("zh-Hant").select_related("paragraph")
        self.assertEqual(rows.count(), 15)
        for row in rows:
            line = row.paragraph.text_zh_provenance["source_line"]
            self.assertEqual(row.text, by_line[line]["zh_hant"])

    def test_every_conversion_is_the_tools_output_but_the_noted_edit(self):
        self.assertEqual(texts.conversion_faults(), [])
        edited = ParagraphText.objects.exclude(conversion_edit="")
        self.assertEqual([row.paragraph.label for row in edited], ["I.1"])
        self.assertIn("t2s", edited.get().conversion_edit)
        self.assertEqual(
            ParagraphText.objects.filter(converted_from__isnull=False).count(), 15
        )

    def test_a_conversion_that_differs_from_the_tool_is_found(self):
        row = ParagraphText.objects.filter(
            converted_from__isnull=False, conversion_edit=""
        ).first()
        ParagraphText.objects.filter(pk=row.pk).update(text=row.text + "。")
        self.assertEqual([fault.pk for fault, _ in texts.conversion_faults()], [row.pk])

    def test_the_simplified_source_is_not_a_conversion(self):
        iv4 = Paragraph.objects.get(label="IV.4")
        self.assertIsNone(iv4.text_row("zh-Hans").converted_from)
        self.assertIsNone(iv4.text_row("zh-Hant"))

    def test_expressions_say_what_each_text_is(self):
        expressions = {e.tag: e for e in Expression.objects.all()}
        self.assertEqual(expressions["zh-Hans"].status, Expression.Status.CONVERSION)
        self.assertEqual(expressions["zh-Hans"].derived_from, expressions["zh-Hant"])
        self.assertEqual(expressions["zh-Hans"].tool, "OpenCC 1.4.2 t2s")
        self.assertEqual(
            expressions["zh-Hant"].status, Expression.Status.PRESS_QUOTATION
        )
        self.assertEqual(
            expressions["en"].status, Expression.Status.UNOFFICIAL_TRANSLATION
        )


class RegistryTests(TestCase):
    def test_zh_is_simplified(self):
        self.assertEqual(languages.get("zh").tag, "zh-Hans")

    def test_a_query_is_matched_by_each_expressions_rule(self):
        russian = languages.get("ru")
        self.assertEqual(search.stems("России", russian.stemmer), ("росс",))
        self.assertEqual(
            search.spans("в России и россия", search.exact(["россия"]), russian),
            [(2, 8), (11, 17)],
        )

    def test_akn_codes_come_from_the_registry(self):
        # Every registered tag has its FRBR expression in the registry's
        # AKN code (seen red: akoma_ntoso's own table knew en and zh only).
        from declarations import akoma_ntoso
        from tests.factories import make_document

        document = make_document()
        for tag, language in languages.REGISTRY.items():
            with self.subTest(tag=tag):
                uri = akoma_ntoso.frbr_uri(document, tag)
                self.assertEqual(uri.language, language.akn)

    def test_a_texts_script_is_named_by_the_registry(self):
        # Seen red: a table in texts.py named the scripts.
        import dataclasses
        from unittest import mock

        expression = Expression(tag="zh-Hant", status=Expression.Status.PRESS_QUOTATION)
        row = ParagraphText(expression=expression, text="漢字")
        renamed = dataclasses.replace(languages.REGISTRY["zh-Hant"], script="Test")
        with mock.patch.dict(languages.REGISTRY, {"zh-Hant": renamed}):
            self.assertIn("test characters, as printed", row.reader_line())

    def test_the_chinese_notice_follows_the_search_rules(self):
        # A term no stemmer of the registry finds words in is searched in
        # the Chinese alone; a Russian word is not (seen red: the notice
        # took any query without Latin letters for Chinese).
        for query, chinese in [
            ("能源", True),
            ("[", True),
            ("energy", False),
            ("россия", False),
        ]:
            with self.subTest(query=query):
                self.assertEqual(search.searched_only_as_substrings(query), chinese)


DOC = "/declarations/tianjin-2025/"


class ReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_printed_page_says_what_its_own_chinese_is(self):
        # The document's Chinese is mostly conversions; IV.4's is not.
        def printed_status(url):
            page = self.client.get(url).content.decode()
            section = page.split('class="print-only print-citation"')[1]
            return section.split("</section>")[0]

        iv4 = printed_status(DOC + "iv/4/")
        self.assertIn("simplified characters, as printed", iv4)
        self.assertNotIn("converted", iv4)
        self.assertIn("converted by", printed_status(DOC + "i/1/"))
        self.assertIn("not available for II.14", printed_status(DOC + "ii/14/"))

    def test_zh_hant_shows_i1_exactly_as_printed(self):
        printed = next(r for r in source_records() if r["line"] == 15)["zh_hant"]
        page = self.client.get(DOC, {"lang": "zh-Hant"}).content.decode()
        self.assertIn('<div class="para-text para-zh" lang="zh-Hant">', page)
        self.assertIn(f"<p>{printed}</p>", page)
        self.assertIn("Quoted by HK01", page)
        self.assertIn("traditional characters, as printed", page)

    def test_the_source_panel_describes_the_text_in_the_script_shown(self):
        # Seen red: on the traditional page it described the simplified
        # conversion, a text the page did not show.
        def panel(url):
            page = self.client.get(url).content.decode()
            start = page.index('id="provenance"')
            return page[start : page.index("</details>", start)]

        traditional = panel(DOC + "i/1/?lang=zh-Hant")
        self.assertIn("Quoted by HK01", traditional)
        self.assertNotIn("converted by", traditional)
        simplified = panel(DOC + "i/1/")
        self.assertIn("Simplified characters, converted by", simplified)
        # IV.4 has no traditional text: the simplified it shows instead.
        self.assertIn(
            "simplified characters, as printed", panel(DOC + "iv/4/?lang=zh-Hant")
        )

    def test_declarations_alone_leads_to_the_list(self):
        response = self.client.get("/declarations/")
        self.assertRedirects(response, "/", status_code=302)

    def test_the_coverage_counts_the_texts_in_the_script_of_the_page(self):
        # IV.4 has no traditional text: 15 of the 16 paragraphs.
        traditional = (
            "16 of 134 paragraphs loaded, 15 of them in traditional characters;"
        )
        for query in [{"lang": "zh-Hant"}, {"lang": "both", "script": "zh-Hant"}]:
            self.assertContains(self.client.get(DOC, query), traditional)
        for query in [{}, {"lang": "zh"}]:
            page = self.client.get(DOC, query)
            self.assertContains(page, "16 of 134 paragraphs loaded; the rest")

    def test_the_title_is_shown_in_the_script_of_the_page(self):
        printed = next(r for r in source_records() if r["line"] == 1)["zh_hant"]
        for query in [{"lang": "zh-Hant"}, {"lang": "both", "script": "zh-Hant"}]:
            page = self.client.get(DOC, query).content.decode()
            self.assertIn(f'<p class="title-zh" lang="zh-Hant">{printed}</p>', page)
        for query in [{}, {"lang": "zh"}, {"lang": "en"}]:
            page = self.client.get(DOC, query).content.decode()
            self.assertIn('<p class="title-zh" lang="zh-Hans">上海合作组织', page)

    def test_zh_hans_and_zh_show_todays_simplified_text(self):
        i1 = Paragraph.objects.get(label="I.1")
        pages = [self.client.get(DOC, {"lang": lang}) for lang in ["zh", "zh-Hans"]]
        for page in pages:
            self.assertContains(page, f"<p>{i1.text_zh}</p>", html=False)
            self.assertContains(page, "converted by OpenCC 1.4.2 t2s")
        # The same page; its links keep the ?lang= it was asked with.
        self.assertEqual(
            pages[0].content.decode(),
            pages[1].content.decode().replace("lang=zh-Hans", "lang=zh"),
        )

    def test_a_paragraph_without_traditional_text_says_so(self):
        page = self.client.get(DOC, {"lang": "zh-Hant"}).content.decode()
        iv4 = page[page.index('id="iv-4"') :]
        iv4 = iv4[: iv4.index("</article>")]
        self.assertIn("Not printed in traditional characters", iv4)

    def test_no_page_claims_authority_for_a_press_quotation(self):
        for url in [DOC, DOC + "?lang=zh-Hant", DOC + "i/1/", DOC + "iv/4/?lang=zh"]:
            page = self.client.get(url)
            self.assertNotContains(page, "AuthoritativeLegalValue")
            if "/i" in url:  # a permalink page describes its texts in JSON-LD
                self.assertContains(page, "UnofficialLegalValue")

    def test_i1_json_says_its_simplified_text_is_a_conversion_and_of_what(self):
        data = self.client.get(DOC + "i/1/", {"format": "json"}).json()
        texts = {text["tag"]: text for text in data["texts"]}
        self.assertEqual(set(texts), {"en", "zh-Hans", "zh-Hant"})
        self.assertEqual(texts["zh-Hans"]["status"], "conversion")
        self.assertEqual(
            texts["zh-Hans"]["converted_from"],
            {"tag": "zh-Hant", "tool": "OpenCC 1.4.2 t2s"},
        )
        self.assertTrue(texts["zh-Hans"]["conversion_edit"])
        self.assertEqual(texts["zh-Hant"]["status"], "press-quotation")
        self.assertEqual(texts["en"]["status"], "unofficial-translation")
        # The keys of before the expressions, kept one release.
        self.assertEqual(data["text_zh"], texts["zh-Hans"]["text"])

    def test_a_text_its_outlets_print_differently_says_whose_printing_it_is(self):
        # I.1: HK01 and China Review News print it one character apart; the
        # text is HK01's (fixtures/curation/tianjin-2025/printed_by.csv).
        page = self.client.get(DOC + "i/1/", {"lang": "zh-Hant"}).content.decode()
        self.assertIn(
            "Quoted by HK01 and China Review News — traditional characters, "
            "as HK01 printed it",
            page,
        )
        # The panel says why, in the project's words, and names the outlets.
        self.assertIn(
            "Why this printing (the project's curation): China Review News "
            "(hk.crntt.com) prints 開辟 where HK01 prints 開闢",
            page,
        )
        self.assertIn('rel="noopener nofollow">China Review News</a>', page)
        # So does the printed page's footer (seen red: it described the
        # simplified conversion under the traditional text).
        printed = page[page.index('class="print-only print-citation"') :]
        self.assertIn("traditional characters, as HK01 printed it", printed)
        self.assertIn(
            "converted by OpenCC 1.4.2 t2s from the quotation as HK01 printed it",
            self.client.get(DOC + "i/1/").content.decode(),
        )
        data = self.client.get(DOC + "i/1/", {"format": "json"}).json()
        texts = {text["tag"]: text for text in data["texts"]}
        self.assertIn("//www.hk01.com/", texts["zh-Hant"]["printed_by"])
        self.assertIn(texts["zh-Hant"]["printed_by"], texts["zh-Hant"]["sources"])
        self.assertIsNone(texts["en"]["printed_by"])
        # A text one outlet printed: "as printed", nobody named twice.
        self.assertIn(
            "Quoted by China Review News — traditional characters, as printed<",
            self.client.get(DOC + "i/2/", {"lang": "zh-Hant"}).content.decode(),
        )

    def test_a_passage_of_the_traditional_text_is_quoted_in_it(self):
        # Seen red: "not found in I.1" (only the English and the simplified
        # were searched), and the form's link dropped ?lang=zh-Hant.
        passage = "開闢了新的前景"
        page = self.client.get(DOC + "i/1/", {"lang": "zh-Hant", "quote": passage})
        self.assertContains(page, f'<mark id="quote">{passage}</mark>')
        self.assertNotContains(page, "quote-not-found")
        self.assertContains(page, '<input type="hidden" name="lang" value="zh-Hant">')
        self.assertContains(page, "/i/1/?lang=zh-Hant&amp;quote=%E9%96%8B")
        # The simplified page quotes the simplified text, as before.
        page = self.client.get(DOC + "i/1/", {"quote": "开辟了新的前景"})
        self.assertContains(page, '<mark id="quote">开辟了新的前景</mark>')
        self.assertNotContains(page, 'name="lang"')

    def test_document_csv_says_the_english_is_an_unofficial_translation(self):
        import csv
        import io

        content = self.client.get(DOC, {"format": "csv"}).content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(content)))
        self.assertEqual(
            {(r["english_expression"], r["english_status"]) for r in rows},
            {("en", "unofficial translation")},
        )
        i1 = next(r for r in rows if r["label"] == "I.1")
        self.assertEqual(
            (i1["chinese_expression"], i1["chinese_status"]),
            ("zh-Hans", "character conversion of another expression"),
        )
        iv4 = next(r for r in rows if r["label"] == "IV.4")
        self.assertEqual(
            (iv4["chinese_expression"], iv4["chinese_status"]),
            ("zh-Hans", "quoted by the press, as printed"),
        )
        # Of which text, by what tool, and the edit its source record notes.
        self.assertEqual(
            i1["chinese_statement"],
            f"zh-Hans: character conversion of zh-Hant by {texts.CONVERSION_TOOL}, "
            "then edited by hand as its source notes",
        )
        i2 = next(r for r in rows if r["label"] == "I.2")
        self.assertNotIn("edited", i2["chinese_statement"])
        self.assertEqual(
            iv4["chinese_statement"], "zh-Hans: quoted by the press, as printed"
        )
        self.assertEqual(
            i1["chinese_traditional_statement"],
            "zh-Hant: quoted by the press, as printed",
        )
        self.assertEqual(iv4["chinese_traditional_statement"], "")

    def test_the_csv_holds_the_traditional_text_after_every_other_column(self):
        # Seen red: no column held the Chinese as the press printed it.
        import csv
        import io

        from declarations.open_data import CSV_COLUMNS

        for url in [DOC, DOC + "i/", "/data/corpus.csv"]:
            with self.subTest(url=url):
                response = self.client.get(url, {"format": "csv", "bom": "0"})
                rows = list(csv.DictReader(io.StringIO(response.content.decode())))
                self.assertEqual(list(rows[0]), CSV_COLUMNS)
                self.assertEqual(
                    CSV_COLUMNS[-4:],
                    [
                        "chinese_status",
                        "chinese_traditional",
                        "chinese_statement",
                        "chinese_traditional_statement",
                    ],
                )
                by_label = {row["label"]: row for row in rows}
                i1 = Paragraph.objects.get(label="I.1")
                self.assertEqual(
                    by_label["I.1"]["chinese_traditional"], i1.text_zh_hant
                )
                self.assertNotEqual(by_label["I.1"]["chinese"], i1.text_zh_hant)
                if "IV.4" in by_label:
                    # Printed in simplified characters: none in traditional.
                    self.assertEqual(by_label["IV.4"]["chinese_traditional"], "")
                    self.assertTrue(by_label["IV.4"]["chinese"])

    def test_an_unknown_lang_is_a_400_naming_the_choices(self):
        self.assertEqual(self.client.get(DOC, {"lang": "zh-Latn"}).status_code, 400)

    def test_the_compilers_notes_are_behind_a_disclosure_after_a_plain_line(self):
        # Seen red: the notes were a paragraph of the provenance itself.
        page = self.client.get(DOC + "iv/4/").content.decode()
        box = page[page.index('id="provenance"') :]
        line = Paragraph.objects.get(label="IV.4").chinese_shown("zh").reader_line()
        plain = box.index(f'<p class="text-source">{line}.</p>')
        notes = box.index('<details class="compiler-notes">')
        self.assertLess(plain, notes)
        self.assertLess(notes, box.index("NOT repaired"))
        self.assertLess(box.index("The compiler's notes"), box.index("NOT repaired"))

    def test_chinese_akn_names_each_paragraphs_own_sources(self):
        i1 = Paragraph.objects.get(label="I.1")
        for url in [DOC + "i/1/", DOC]:
            xml = self.client.get(url, {"format": "akn", "lang": "zh"}).content.decode()
            note = next(line for line in xml.splitlines() if "I.1: " in line)
            for source in i1.text_row("zh-Hans").provenance["sources"]:
                self.assertIn(source.replace("&", "&amp;"), note)
            self.assertIn("converted by OpenCC 1.4.2 t2s", note)
            self.assertIn('<FRBRauthoritative value="false"/>', xml)


class ConversionTests(TestCase):
    """A conversion is never typed: it is made again when its source changes."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_changed_printed_text_makes_its_conversion_again(self):
        paragraph = Paragraph.objects.get(label="Preamble.1")
        printed = paragraph.text_zh_hant
        paragraph.text_zh_hant = printed + "開闢"  # a character pair t2s converts
        paragraph.save()
        paragraph = Paragraph.objects.get(pk=paragraph.pk)
        self.assertEqual(
            paragraph.text_zh, texts.convert(printed, "zh-Hant", "zh-Hans") + "开辟"
        )
        self.assertEqual(
            paragraph.text_row("zh-Hans").converted_from.text, printed + "開闢"
        )
        self.assertEqual(texts.conversion_faults(), [])

    def test_a_curator_edits_the_printed_text_and_the_conversion_follows(self):
        from tests.factories import make_user
        from tests.test_curation import CHINESE_PROVENANCE, admin_form_data

        self.client.force_login(make_user("curator", curator=True))
        paragraph = Paragraph.objects.get(label="Preamble.1")
        url = f"/admin/declarations/paragraph/{paragraph.pk}/change/"
        printed = paragraph.text_zh_hant + "開闢"
        data = admin_form_data(
            self.client.get(url), text_zh_hant=printed, **CHINESE_PROVENANCE
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph = Paragraph.objects.get(pk=paragraph.pk)
        self.assertEqual(paragraph.text_zh_hant, printed)
        self.assertTrue(paragraph.text_zh.endswith("开辟"))
        row = paragraph.text_row("zh-Hant")
        self.assertEqual(row.origin, "curator")
        self.assertEqual(row.provenance["sources"], ["https://example.org/zh/tianjin"])
        self.assertEqual(texts.conversion_faults(), [])

    def test_a_simplified_source_is_kept(self):
        iv4 = Paragraph.objects.get(label="IV.4")
        before = iv4.text_zh
        iv4.save()
        self.assertEqual(Paragraph.objects.get(pk=iv4.pk).text_zh, before)


class OneRuleForWhatATextIsTests(SimpleTestCase):
    """A text's statement (citations, exports) and its reader's line say who
    entered it from one rule (ParagraphText.entered)."""

    @given(
        tag=st.sampled_from(list(languages.REGISTRY)),
        status=st.sampled_from(list(Expression.Status)),
        origin=st.sampled_from(list(ParagraphText.Origin) + [""]),
        kind=st.sampled_from(
            ["", "official-publication", "official-site", "news-report", "other"]
        ),
        sources=st.lists(
            st.sampled_from(["https://example.org/a", "https://news.mingpao.com/x"]),
            max_size=2,
        ),
    )
    def test_the_statement_and_the_readers_line_agree_on_who_entered_it(
        self, tag, status, origin, kind, sources
    ):
        expression = Expression(tag=tag, status=status, sources=[])
        row = ParagraphText(
            expression=expression,
            text="x",
            origin=origin,
            provenance={"sources": sources, "source_kind": kind},
        )
        statement, line = row.statement, row.reader_line()
        self.assertTrue(statement.startswith(f"{tag}: "))
        curated = origin == ParagraphText.Origin.CURATOR
        self.assertEqual("entered by a curator" in statement, curated)
        self.assertEqual("Entered by a curator" in line, curated)
        if curated or origin == ParagraphText.Origin.IMPORT:
            self.assertNotIn("quoted by the press", statement)
            self.assertNotIn("Quoted by", line)
            self.assertIn(row.entered, statement)
            self.assertIn(row.entered[1:], line)
        for source in sources:
            self.assertEqual(source.split("/")[2] in statement, bool(row.entered))
