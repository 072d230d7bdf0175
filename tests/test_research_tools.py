"""Research tools: citations, open data, feeds and discovery, inline links,
the overview page."""

import csv
import datetime
import io
import json
import re
from pathlib import Path

import bibtexparser
from django.conf import settings
from django.test import TestCase
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from declarations import citations
from declarations.models import Instrument, Paragraph
from declarations.open_data import CSV_COLUMNS
from tests.factories import make_annotation
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
SCHEMAS = Path(settings.BASE_DIR, "docs", "schemas")
REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text())))
    for path in SCHEMAS.glob("*.json")
)
# The item types of the CSL 1.0.2 schema (csl-data.json), and its required keys.
CSL_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
}
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


def validate(instance, schema_name):
    schema = json.loads((SCHEMAS / schema_name).read_text())
    Draft202012Validator(schema, registry=REGISTRY).validate(instance)


class CitationFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        paragraph = Paragraph.objects.for_reading().get(label="II.14")
        cls.citable = citations.Citable.of_paragraph(
            paragraph, "https://reader.example/declarations/tianjin-2025/ii/14/"
        )

    def test_plain_citation(self):
        self.assertEqual(
            citations.plain(self.citable, accessed=datetime.date(2026, 11, 28)),
            "Council of Heads of State of the Shanghai Cooperation Organization, "
            "Tianjin Declaration of the Council of Heads of State of the Shanghai "
            "Cooperation Organization (Tianjin, 1 September 2025), para. II.14. "
            "Unofficial English translation. "
            "https://reader.example/declarations/tianjin-2025/ii/14/ "
            "(accessed 28 November 2026).",
        )

    def test_ris_tag_structure(self):
        lines = citations.ris(self.citable).split("\r\n")
        self.assertEqual(lines[-1], "")
        lines = lines[:-1]
        self.assertEqual(lines[0], "TY  - GOVDOC")
        self.assertEqual(lines[-1], "ER  -")
        for line in lines[:-1]:
            self.assertRegex(line, RIS_LINE)
        self.assertIn("PY  - 2025", lines)
        self.assertIn(
            "UR  - https://reader.example/declarations/tianjin-2025/ii/14/", lines
        )

    def test_bibtex_reads_back(self):
        library = bibtexparser.parse_string(citations.bibtex(self.citable))
        self.assertEqual(library.failed_blocks, [])
        (entry,) = library.entries
        self.assertEqual(entry.entry_type, "misc")
        self.assertEqual(entry.key, "tianjin_2025_ii_14")
        fields = entry.fields_dict
        self.assertIn("para. II.14", fields["title"].value)
        self.assertEqual(fields["year"].value, "2025")
        self.assertEqual(fields["url"].value, self.citable.url)

    def test_csl_json_has_the_schema_required_fields(self):
        (item,) = json.loads(citations.csl_json([self.citable]))
        self.assertIsInstance(item["id"], str)
        self.assertIn(item["type"], CSL_TYPES)
        self.assertEqual(item["issued"], {"date-parts": [[2025, 9, 1]]})
        self.assertEqual(item["section"], "II.14")
        self.assertEqual(item["author"], [{"literal": self.citable.author}])


class OpenDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def get_json(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()

    def test_document_json_matches_its_schema_and_the_page(self):
        data = self.get_json(DOC + "?format=json")
        validate(data, "document.schema.json")
        self.assertEqual(len(data["paragraphs"]), 134)
        self.assertEqual(data["chinese_count"], 16)
        by_label = {p["label"]: p for p in data["paragraphs"]}
        self.assertIsNone(by_label["II.14"]["text_zh"])
        self.assertTrue(by_label["II.7"]["text_zh"].startswith("成员国强烈谴责"))
        self.assertIn(
            {
                "slug": "sco-convention-countering-extremism",
                "verb": "implementing",
                "title_en": "SCO Convention on Countering Extremism",
                "title_zh": None,  # II.14's Chinese is not loaded
            },
            by_label["II.14"]["instruments"],
        )
        self.assertIn(
            {
                "slug": "statement-80th-anniversary-wwii-un",
                "verb": "issued",
                "title_en": "Statement of the Council of Heads of State of the SCO "
                "Member States on the 80th Anniversary of the Victory in World War "
                "II and the Founding of the United Nations",
                "title_zh": "上合组织成员国元首理事会关于第二次世界大战胜利和"
                "联合国成立80周年的声明",
            },
            by_label["I.5"]["instruments"],
        )

    def test_json_keeps_the_filters(self):
        data = self.get_json(
            DOC + "?format=json&theme=energy&theme=environment-climate&match=all"
        )
        self.assertEqual([p["label"] for p in data["paragraphs"]], ["III.30", "IV.17"])
        self.assertEqual(data["filters"]["theme"], ["energy", "environment-climate"])
        self.assertEqual(data["filters"]["match"], "all")
        search = self.get_json(DOC + "?format=json&q=%E6%81%90%E6%80%96")
        self.assertEqual({p["label"] for p in search["paragraphs"]}, {"II.7", "II.8"})

    def test_bad_parameters_are_a_400_in_json_too(self):
        data = self.get_json(DOC + "?format=json&section=xyz&lang=fr", status=400)
        self.assertIn("section", data["errors"])
        self.assertIn("lang", data["errors"])
        response = self.client.get(DOC + "?format=xml")
        self.assertContains(response, "Unknown format 'xml'", status_code=400)
        self.assertEqual(self.client.get("/themes/?format=csv").status_code, 400)

    def test_every_reading_url_answers_as_json(self):
        validate(self.get_json(DOC + "ii/14/?format=json"), "paragraph.schema.json")
        section = self.get_json(DOC + "ii/?format=json")
        self.assertEqual(len(section["paragraphs"]), 44)
        for paragraph in section["paragraphs"]:
            validate(paragraph, "paragraph.schema.json")
        home = self.get_json("/?format=json")
        self.assertEqual(home["documents"][0]["slug"], "tianjin-2025")
        for theme in self.get_json("/themes/?format=json")["themes"]:
            validate(theme, "theme.schema.json")
        theme = self.get_json("/themes/energy/?format=json")
        self.assertEqual(theme["paragraph_count"], len(theme["paragraphs"]))
        for instrument in self.get_json("/instruments/?format=json")["instruments"]:
            validate(instrument, "instrument.schema.json")
        charter = self.get_json("/instruments/sco-charter/?format=json")
        validate(charter, "instrument.schema.json")
        self.assertEqual(len(charter["mentions"]), 4)

    def test_csv_of_the_filtered_results(self):
        response = self.client.get(DOC, {"format": "csv", "theme": "sport"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            'attachment; filename="tianjin-2025-results.csv"',
            response["Content-Disposition"],
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([r["label"] for r in rows], ["IV.14", "IV.15", "IV.16"])
        self.assertEqual(rows[0]["themes"], "sport")
        self.assertTrue(
            rows[0]["permalink"].endswith("/declarations/tianjin-2025/iv/14/")
        )

    def test_whole_corpus_downloads(self):
        data = self.get_json("/data/corpus.json")
        (document,) = data["documents"]
        validate(document, "document.schema.json")
        self.assertEqual(len(document["paragraphs"]), 134)
        response = self.client.get("/data/corpus.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 134)
        self.assertEqual(
            list(rows[0])[:11],
            [
                "document",
                "label",
                "section",
                "number",
                "themes",
                "instruments",
                "english",
                "chinese",
                "permalink",
                "entities",
                "subject",
            ],
        )
        self.assertEqual(
            rows[0]["english"], Paragraph.objects.get(label="Preamble.1").text_en
        )
        self.assertEqual(self.client.get("/data/corpus.xml").status_code, 404)

    def test_every_paragraph_export_carries_the_chinese_provenance(self):
        # Both II.7 and Preamble.1 are loaded from the sources file; II.14 is not.
        data = self.get_json(DOC + "ii/7/?format=json")
        validate(data, "paragraph.schema.json")
        provenance = data["text_zh_provenance"]
        self.assertEqual(provenance["confidence"], "high")
        self.assertTrue(provenance["sources"][0].startswith("https://"))
        self.assertIsInstance(provenance["source_line"], int)
        self.assertIsNone(
            self.get_json(DOC + "ii/14/?format=json")["text_zh_provenance"]
        )
        (document,) = self.get_json("/data/corpus.json")["documents"]
        by_label = {p["label"]: p for p in document["paragraphs"]}
        self.assertEqual(by_label["II.7"]["text_zh_provenance"], provenance)
        self.assertEqual(
            by_label["Preamble.1"]["text_zh_provenance"]["confidence"], "medium"
        )

    def test_csv_names_chinese_sources_and_labels_and_opens_in_excel(self):
        for url in [DOC + "?format=csv", DOC + "ii/?format=csv", "/data/corpus.csv"]:
            content = self.client.get(url).content
            self.assertTrue(content.startswith("\ufeff".encode()), url)
        rows = {
            r["label"]: r
            for r in csv.DictReader(
                io.StringIO(
                    self.client.get("/data/corpus.csv").content.decode("utf-8-sig")
                )
            )
        }
        self.assertEqual(
            list(rows["II.7"])[9:],
            [
                "entities",
                "subject",
                "theme_labels",
                "instrument_titles",
                "chinese_sources",
                "chinese_confidence",
                "english_expression",
                "english_status",
                "chinese_expression",
                "chinese_status",
                "chinese_traditional",
                "chinese_statement",
                "chinese_traditional_statement",
            ],
        )
        self.assertEqual(rows["II.7"]["chinese_confidence"], "high")
        self.assertTrue(rows["II.7"]["chinese_sources"].startswith("https://"))
        self.assertEqual(rows["II.14"]["chinese_sources"], "")
        self.assertIn(
            "SCO Convention on Countering Extremism", rows["II.14"]["instrument_titles"]
        )
        self.assertIn("Sport", rows["IV.14"]["theme_labels"].split("; "))

    def test_plain_text_ends_with_its_sources(self):
        chinese = self.client.get(DOC, {"format": "txt", "lang": "zh"}).content.decode()
        footer = chinese.split("\nSources\n", 1)[1]
        self.assertIn(
            "Chinese: The declaration's Chinese as Hong Kong and Taiwan news outlets",
            footer,
        )
        self.assertNotIn("authentic", footer)
        self.assertRegex(
            footer,
            r"\nII\.7\tzh-Hans: character conversion of zh-Hant by "
            r"OpenCC 1\.4\.2 t2s; confidence high: https://",
        )
        self.assertNotIn("II.14", footer)
        english = self.client.get(DOC, {"format": "txt", "lang": "en"}).content.decode()
        self.assertIn("\nEnglish: Unofficial English translation", english)

    def test_language_statuses_are_data(self):
        data = self.get_json(DOC + "?format=json")
        english, chinese, printed = data["texts"]
        # Every text the document has, each as what it is.
        self.assertEqual(
            (printed["language"], printed["tag"], printed["status"]),
            ("zh-Hant", "zh-Hant", "press-quotation"),
        )
        self.assertEqual(english["status"], "unofficial-translation")
        self.assertEqual(english["description"], "unofficial English translation")
        self.assertIsNone(english["translator"])
        # The simplified Chinese is a conversion of the press's quotation.
        self.assertEqual(chinese["tag"], "zh-Hans")
        self.assertEqual(chinese["status"], "conversion")
        self.assertTrue(any("crntt" in source for source in chinese["sources"]))
        self.assertEqual(data["title_zh_provenance"]["confidence"], "high")
        english_txt = self.client.get(DOC, {"format": "txt", "lang": "en"})
        self.assertIn(
            "This text (en, unofficial-translation): unofficial English translation; "
            "translator not identified.",
            english_txt.content.decode(),
        )
        chinese_txt = self.client.get(DOC, {"format": "txt", "lang": "zh"})
        self.assertIn(
            "This text (zh-Hans, conversion): Chinese (simplified) text converted by "
            "OpenCC 1.4.2 t2s "
            "from the Chinese (traditional) text quoted by the press, as printed, "
            "but for IV.4, which is not a conversion.",
            chinese_txt.content.decode(),
        )
        paragraph_txt = self.client.get(DOC + "ii/14/", {"format": "txt"})
        self.assertIn("Unofficial English translation.", paragraph_txt.content.decode())

    def test_document_page_shows_statuses_and_the_chinese_title_source(self):
        page = self.client.get(DOC)
        self.assertContains(
            page, "Unofficial English translation; translator not identified."
        )
        # IV.4's simplified source is named apart from the conversions.
        self.assertContains(
            page,
            "Chinese (simplified) text converted by OpenCC 1.4.2 t2s from the "
            "Chinese (traditional) text quoted by the press, as printed, but for "
            "IV.4, which is not a conversion.",
        )
        # The Chinese as printed is listed with its own sources: the outlets
        # that printed traditional characters, not the simplified ones.
        self.assertContains(
            page,
            '<dd class="text-status" data-language="zh-Hant">Chinese (traditional) '
            "text quoted by the press, as printed. Sources: China Review News "
            "(hk.crntt.com); Ming Pao (news.mingpao.com); HK01 (www.hk01.com); "
            "RTHK (news.rthk.hk); United Daily News (udn.com).</dd>",
            html=False,
        )
        self.assertContains(page, 'id="title-provenance"')
        self.assertContains(page, "https://news.rthk.hk/rthk/ch/component/k2/")

    def test_an_instruments_date_source_is_shown_and_exported(self):
        inferred = self.get_json(
            "/instruments/sco-development-strategy-2026-2035/?format=json"
        )
        validate(inferred, "instrument.schema.json")
        self.assertEqual(inferred["date_source"]["kind"], "inferred")
        self.assertIn(
            'I.17 "member states approved"', inferred["date_source"]["detail"]
        )
        printed = self.get_json("/instruments/agreement-border-defense/?format=json")
        self.assertEqual(printed["date_source"]["kind"], "text")
        page = self.client.get("/instruments/sco-development-strategy-2026-2035/")
        self.assertContains(
            page, "Inferred by the project from the declaration: from the preamble"
        )
        self.assertContains(
            self.client.get("/instruments/agreement-border-defense/"),
            "Printed in the text beside the title: II.16",
        )
        # Every instrument dated Tianjin, September 1, 2025 is marked inferred.
        tianjin = Instrument.objects.filter(adopted_on="2025-09-01", place="Tianjin")
        self.assertEqual(tianjin.count(), 12)
        for instrument in tianjin:
            self.assertEqual(instrument.date_source_parts[0], "inferred", instrument)

    def test_plain_text_per_language(self):
        english = self.client.get(DOC, {"format": "txt", "lang": "en"}).content.decode()
        self.assertIn("II.14\tMember states will continue to work together", english)
        chinese = self.client.get(DOC, {"format": "txt", "lang": "zh"}).content.decode()
        self.assertTrue(chinese.startswith("上海合作组织成员国元首理事会天津宣言"))
        self.assertIn("II.14\t[Chinese original not available]", chinese)
        self.assertIn("II.7\t成员国强烈谴责", chinese)

    def test_citation_downloads(self):
        response = self.client.get(DOC + "ii/14/?format=ris")
        self.assertTrue(response.content.decode().startswith("TY  - GOVDOC"))
        self.assertIn(".ris", response["Content-Disposition"])
        response = self.client.get(DOC + "?format=bibtex")
        self.assertEqual(
            len(bibtexparser.parse_string(response.content.decode()).entries), 1
        )
        response = self.client.get(DOC + "ii/14/?format=csl-json")
        self.assertEqual(json.loads(response.content)[0]["type"], "legislation")


class DiscoveryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_sitemap_lists_every_permalink_theme_and_instrument(self):
        content = self.client.get("/sitemap.xml").content.decode()
        origin = re.escape(settings.SITE_URL)  # never the request's Host
        locations = re.findall(rf"<loc>{origin}([^<]+)</loc>", content)
        for paragraph in Paragraph.objects.select_related("section", "document"):
            self.assertIn(paragraph.get_absolute_url(), locations)
        self.assertIn("/themes/sport/", locations)
        self.assertIn("/instruments/sco-charter/", locations)
        self.assertEqual(len([u for u in locations if u.count("/") == 5]), 134)

    def test_robots_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertContains(response, f"Sitemap: {settings.SITE_URL}/sitemap.xml")

    def test_atom_feed_of_published_annotations(self):
        paragraph = Paragraph.objects.get(label="II.14")
        make_annotation(paragraph, body="A **published** note.")
        make_annotation(paragraph, body="A draft note.", status="draft")
        response = self.client.get("/feeds/annotations.atom")
        self.assertEqual(
            response["Content-Type"], "application/atom+xml; charset=utf-8"
        )
        self.assertContains(response, "Tianjin Declaration (2025), II.14")
        self.assertContains(response, "published")
        self.assertNotContains(response, "A draft note.")

    def test_permalink_head_has_json_ld(self):
        content = self.client.get(DOC + "ii/14/").content.decode()
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', content
        )
        data = json.loads(block.group(1))
        self.assertEqual(data["@type"], "Legislation")
        self.assertEqual(
            data["isPartOf"]["name"],
            Paragraph.objects.get(label="II.14").document.title_en,
        )
        self.assertEqual(data["legislationIdentifier"], "II.14")
        self.assertEqual(
            data["legislationLegalValue"], "https://schema.org/UnofficialLegalValue"
        )
        self.assertNotIn("translator", data)  # not identified: left out
        original = data["isPartOf"]["translationOfWork"]
        self.assertEqual(original["inLanguage"], "zh")
        self.assertEqual(original["name"], "上海合作组织成员国元首理事会天津宣言")
        # The declaration's Chinese is the work; the site states no legal
        # value for it, only for the examples of it the site holds: a
        # conversion and a press quotation claim no authority.
        self.assertNotIn("legislationLegalValue", original)
        self.assertEqual(
            {
                (example["inLanguage"], example["legislationLegalValue"])
                for example in original["workExample"]
            },
            {
                ("zh-Hans", "https://schema.org/UnofficialLegalValue"),
                ("zh-Hant", "https://schema.org/UnofficialLegalValue"),
            },
        )


class InlineLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_guillemet_titles_and_aliases_are_links_with_a_note(self):
        page = self.client.get(DOC + "ii/14/")
        self.assertContains(
            page,
            '«<a class="xref" href="/instruments/sco-convention-countering-extremism/" '
            'data-instrument="sco-convention-countering-extremism" '
            'aria-describedby="note-sco-convention-countering-extremism">'
            "SCO Convention on Countering Extremism</a>»",
            html=False,
        )
        self.assertContains(
            page,
            '<p id="note-sco-convention-countering-extremism">Convention: SCO '
            "Convention on Countering Extremism (Astana, June 9, 2017)</p>",
            count=1,
        )
        charter = self.client.get(DOC + "i/7/")
        self.assertContains(charter, 'href="/instruments/un-charter/"')
        self.assertContains(charter, ">UN Charter</a>")
        self.assertContains(charter, ">SCO Charter</a>")

    def test_links_are_stored_not_computed_per_request(self):
        paragraph = Paragraph.objects.get(label="II.42")
        self.assertIn(
            'href="/instruments/un-convention-cybercrime/"', paragraph.text_en_html
        )

    def test_an_alias_added_by_a_curator_becomes_a_link(self):
        paragraph = Paragraph.objects.get(label="II.37")
        self.assertNotIn(">Organization for the Prohibition", paragraph.text_en_html)
        cwc = Instrument.objects.get(slug="chemical-weapons-convention")
        cwc.aliases = "Organization for the Prohibition of Chemical Weapons"
        cwc.save()
        paragraph.refresh_from_db()
        self.assertIn(
            '">Organization for the Prohibition of Chemical Weapons</a>',
            paragraph.text_en_html,
        )
        self.assertContains(
            self.client.get(DOC + "ii/37/"), ">Organization for the Prohibition"
        )

    def test_search_highlights_inside_linked_text_without_breaking_links(self):
        page = self.client.get(DOC, {"q": "Charter"})
        self.assertContains(page, ">SCO <mark>Charter</mark></a>")
        self.assertNotContains(page, "<mark>Charter</mark>/")


class OverviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_heat_map_timeline_and_figures(self):
        page = self.client.get(DOC + "overview/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, '<svg class="heatmap"')
        self.assertContains(
            page,
            'href="/declarations/tianjin-2025/?theme=counter-terrorism&amp;section=ii"',
        )
        self.assertContains(
            page,
            'aria-label="Terrorism, separatism and extremism, Section II: '
            '12 paragraphs"',
        )
        self.assertContains(page, '<svg class="timeline"')
        content = page.content.decode()
        self.assertLess(content.index(">1968</text>"), content.index(">2025</text>"))
        self.assertContains(page, "Treaty on the Non-Proliferation of Nuclear Weapons")
        self.assertContains(
            page,
            '<th scope="row"><a href="/declarations/tianjin-2025/ii/">Section II</a>'
            "</th><td>44</td>",
            html=False,
        )

    def test_overview_queries_are_fixed(self):
        # 6, and 3 for the subject matrix: member states, subjects, their links.
        with self.assertNumQueries(9):
            self.client.get(DOC + "overview/")


class OneCsvShapeTests(TestCase):
    """Every paragraph CSV has one shape, distinct names, and a plain form
    without the byte order mark (issue 26)."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def header(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode("utf-8-sig").splitlines()[0].split(",")

    def test_every_paragraph_csv_has_the_same_columns(self):
        for url in [
            DOC + "?format=csv",
            DOC + "?format=csv&q=energy",
            DOC + "ii/?format=csv",
            "/data/corpus.csv",
            "/reading-list/?format=csv&d=tianjin-2025&p=ii-14,ii-3",
        ]:
            self.assertEqual(self.header(url), CSV_COLUMNS, url)

    def test_the_reading_list_csv_is_in_reading_order(self):
        response = self.client.get("/reading-list/?format=csv&p=ii-14,ii-3")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([r["label"] for r in rows], ["II.3", "II.14"])
        self.assertIn("reading-list-tianjin-2025.csv", response["Content-Disposition"])

    def test_results_and_the_whole_text_download_under_different_names(self):
        whole = self.client.get(DOC, {"format": "csv"})
        results = self.client.get(DOC, {"format": "csv", "q": "energy"})
        self.assertIn('filename="tianjin-2025.csv"', whole["Content-Disposition"])
        self.assertIn(
            'filename="tianjin-2025-results.csv"', results["Content-Disposition"]
        )
        text = self.client.get(DOC, {"format": "txt", "q": "energy", "lang": "en"})
        self.assertIn("tianjin-2025-results.en.txt", text["Content-Disposition"])

    def test_bom_0_gives_plain_utf_8_that_python_reads_as_is(self):
        for url in [DOC + "?format=csv&bom=0", "/data/corpus.csv?bom=0"]:
            content = self.client.get(url).content
            reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
            self.assertEqual(reader.fieldnames[0], "document", url)
        marked = self.client.get(DOC + "?format=csv").content.decode("utf-8")
        self.assertEqual(
            csv.DictReader(io.StringIO(marked)).fieldnames[0], "\ufeffdocument"
        )
        response = self.client.get(DOC + "?format=csv&bom=yes")
        self.assertContains(response, "bom takes 0", status_code=400)
