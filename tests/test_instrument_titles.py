"""Where an instrument's titles and kind come from (issue 13): a Chinese
title only as a shown Chinese paragraph prints it, with that paragraph as
its source; the English title's source and the reason for a doubtful kind
said on the page and in the data."""

import json

from django.conf import settings
from django.test import SimpleTestCase, TestCase

from declarations.chinese_titles import chinese_titles
from declarations.models import Instrument, Mention, Paragraph
from tests.factories import (
    make_declaration,
    make_instrument,
    make_mention,
)
from tests.test_corpus import load_real_corpus
from tests.test_instrument_notes import admin_form
from tests.test_research_tools import validate

ZH_SOURCES = settings.CORPUS_DIR / "sources/tianjin_declaration_2025_zh_partial.jsonl"

# What the Chinese paragraphs loaded from the sources print, in 《…》, for
# the instruments their English names (checked by hand against the file).
EXPECTED_CHINESE_TITLES = {
    "un-charter": ("I.4", "联合国宪章"),
    "statement-80th-anniversary-wwii-un": (
        "I.5",
        "上合组织成员国元首理事会关于第二次世界大战胜利和联合国成立80周年的声明",
    ),
    "charter-diversity-multipolarity-eurasia": ("I.12", "21世纪欧亚多样性与多极化宪章"),
    "agreement-comprehensive-security-center": (
        "II.3",
        "上合组织成员国关于应对安全威胁与挑战综合中心的协定",
    ),
    "agreement-sco-anti-drug-center": (
        "II.3",
        "上合组织成员国关于上合组织禁毒中心的协定",
    ),
}


def source_records():
    """Return the records of the Chinese sources file."""
    with open(ZH_SOURCES, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class AlignmentRuleTests(SimpleTestCase):
    """The one rule, declarations/chinese_titles.py, on its own."""

    english = "Member states signed the «Alpha Accord» and the «Beta Accord»."
    instruments = [(["Beta Accord"], "beta"), (["Alpha Accord"], "alpha")]

    def test_titles_pair_in_the_order_each_text_names_them(self):
        titles = chinese_titles(
            self.english, "签署了《甲》和《乙》。", self.instruments
        )
        self.assertEqual(titles, {"alpha": "甲", "beta": "乙"})

    def test_unequal_counts_pair_nothing(self):
        self.assertEqual(
            chinese_titles(self.english, "签署了《甲》。", self.instruments), {}
        )
        self.assertEqual(
            chinese_titles(self.english, "《甲》《乙》《丙》", self.instruments), {}
        )

    def test_a_title_printed_twice_counts_once(self):
        titles = chinese_titles(
            self.english, "《甲》和《乙》；《甲》", self.instruments
        )
        self.assertEqual(titles, {"alpha": "甲", "beta": "乙"})

    def test_no_shown_chinese_no_titles(self):
        self.assertEqual(chinese_titles(self.english, "", self.instruments), {})

    def test_titles_in_other_quotation_marks_are_not_titles(self):
        english = "Member states note the «Alpha Accord»."
        chinese = "成员国注意到“甲”。"
        self.assertEqual(chinese_titles(english, chinese, self.instruments), {})


class RealCorpusTitleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_chinese_titles_are_those_the_loaded_paragraphs_print(self):
        found = {
            instrument.slug: (
                instrument.chinese_title.paragraph.label,
                instrument.chinese_title.title_zh,
            )
            for instrument in Instrument.objects.with_chinese_titles()
            if instrument.chinese_title
        }
        self.assertEqual(found, EXPECTED_CHINESE_TITLES)

    def test_no_chinese_title_lacks_a_loaded_chinese_paragraph_as_its_source(self):
        # The loaded (trusted, whole) records of the sources file, by the
        # English line they belong to, against the paragraphs they fill.
        loaded = {
            record["zh_hans"]
            for record in source_records()
            if not record["truncated"] and record["confidence"] in {"high", "medium"}
        }
        mentions = Mention.objects.exclude(title_zh="").select_related("paragraph")
        self.assertEqual(mentions.count(), len(EXPECTED_CHINESE_TITLES))
        for mention in mentions:
            paragraph = mention.paragraph
            self.assertTrue(paragraph.has_chinese, paragraph.label)
            self.assertIn(paragraph.text_zh, loaded, paragraph.label)
            self.assertIn(f"《{mention.title_zh}》", paragraph.text_zh)

    def test_truncated_or_unloaded_chinese_gives_no_title(self):
        # I.17's record prints 《上合组织未来10年（2026－2035年）发展战略》 but is
        # marked truncated, and II.27's stops inside its title: neither is
        # loaded, so neither instrument has a Chinese title.
        for slug in [
            "sco-development-strategy-2026-2035",
            "agreement-military-confidence-building",
            "sco-charter",
        ]:
            self.assertIsNone(Instrument.objects.get(slug=slug).chinese_title, slug)
        data = self.client.get(
            "/instruments/sco-development-strategy-2026-2035/?format=json"
        ).json()
        self.assertIsNone(data["title_zh"])
        self.assertIsNone(data["title_zh_source"])

    def test_two_titles_in_one_paragraph_pair_by_their_centres(self):
        # II.3: the centres' Chinese names are recorded entities (II.3).
        comprehensive = Instrument.objects.get(
            slug="agreement-comprehensive-security-center"
        ).chinese_title.title_zh
        anti_drug = Instrument.objects.get(
            slug="agreement-sco-anti-drug-center"
        ).chinese_title.title_zh
        self.assertIn("应对安全威胁与挑战综合中心", comprehensive)
        self.assertIn("禁毒中心", anti_drug)

    def test_the_instrument_page_shows_the_chinese_title_and_links_its_paragraph(self):
        page = self.client.get("/instruments/un-charter/")
        self.assertContains(
            page,
            '<dd class="chinese-title"><span lang="zh-Hans">联合国宪章</span>, as the '
            'Chinese text shown for <a href="/declarations/tianjin-2025/i/4/">',
        )
        self.assertNotContains(
            self.client.get("/instruments/sco-charter/"), 'class="chinese-title"'
        )
        listing = self.client.get("/instruments/")
        self.assertContains(listing, '<span lang="zh-Hans">联合国宪章</span>')
        self.assertContains(
            listing,
            'Chinese title as printed in <a href="/declarations/tianjin-2025/i/4/">'
            "I.4</a>",
        )

    def test_instrument_data_carry_the_chinese_title_with_its_source(self):
        data = self.client.get(
            "/instruments/agreement-sco-anti-drug-center/?format=json"
        ).json()
        validate(data, "instrument.schema.json")
        self.assertEqual(data["title_zh"], "上合组织成员国关于上合组织禁毒中心的协定")
        self.assertEqual(data["title_zh_source"]["document"], "tianjin-2025")
        self.assertEqual(data["title_zh_source"]["label"], "II.3")
        self.assertEqual(data["title_zh_source"]["confidence"], "high")
        self.assertTrue(
            data["title_zh_source"]["permalink"].endswith("/tianjin-2025/ii/3/")
        )
        listing = self.client.get("/instruments/?format=json").json()["instruments"]
        for item in listing:
            validate(item, "instrument.schema.json")
        with_titles = {i["slug"]: i["title_zh"] for i in listing if i["title_zh"]}
        self.assertEqual(
            with_titles, {s: t for s, (_, t) in EXPECTED_CHINESE_TITLES.items()}
        )

    def test_every_title_says_where_it_comes_from(self):
        for instrument in Instrument.objects.all():
            kind, detail = instrument.title_source_parts
            self.assertIn(kind, {"text", "inferred", "outside"}, instrument.slug)
            if kind == "text":
                paragraph = Paragraph.objects.get(label=detail.split()[0])
                self.assertIn(instrument.title_en, paragraph.text_en)
        printed = self.client.get("/instruments/agreement-border-defense/")
        self.assertContains(
            printed,
            '<dd class="title-source" data-kind="text">Printed in the text: II.16</dd>',
        )
        data = self.client.get("/instruments/un-charter/?format=json").json()
        self.assertEqual(data["title_source"]["kind"], "outside")
        self.assertIn('the text prints "UN Charter"', data["title_source"]["detail"])

    def test_the_cybercrime_convention_title_and_date_are_cited(self):
        # II.42 prints "UN Convention on Cybercrime"; the title and date under
        # which the General Assembly adopted it come from cited reports.
        data = self.client.get("/instruments/un-convention-cybercrime/?format=json")
        source = data.json()["title_source"]
        self.assertEqual(source["kind"], "outside")
        self.assertIn("KUNA", source["detail"])
        self.assertNotIn("memory", source["detail"])
        instrument = Instrument.objects.get(slug="un-convention-cybercrime")
        self.assertEqual(str(instrument.adopted_on), "2024-12-24")
        self.assertIn("KUNA", instrument.date_source)
        note = Paragraph.objects.get(label="II.42").annotations.get()
        self.assertIn("KUNA", note.source_citation)
        self.assertNotIn("unverified", note.source_citation + note.body)

    def test_kinds_and_the_reasons_for_doubtful_ones(self):
        goals = Instrument.objects.get(slug="un-sustainable-development-goals")
        measures = Instrument.objects.get(
            slug="comprehensive-measures-mutual-investment"
        )
        self.assertEqual(goals.kind, Instrument.Kind.GOALS)
        self.assertEqual(measures.kind, Instrument.Kind.MEASURES)
        page = self.client.get("/instruments/comprehensive-measures-mutual-investment/")
        self.assertContains(page, "<dt>Why this kind</dt>")
        self.assertContains(page, "not a plan")
        data = self.client.get(
            "/instruments/un-sustainable-development-goals/?format=json"
        ).json()
        self.assertEqual(data["kind"], "goals")
        self.assertIn("not a programme", data["kind_reason"])
        listing = self.client.get("/instruments/")
        for heading in ["Goals", "Measures", "Strategies", "Treaties"]:
            self.assertContains(listing, f">{heading}</h2>")
        self.assertNotContains(listing, "Goalss")

    def test_a_load_reads_titles_missing_from_a_migrated_site(self):
        # A site migrated to 0019 has blank titles until its next load.
        Mention.objects.update(title_zh="")
        report = load_real_corpus()
        self.assertIn("4 changed", report)  # I.4, I.5, I.12 and II.3
        self.assertEqual(Mention.objects.exclude(title_zh="").count(), 5)


class TitleFollowsItsParagraphTests(TestCase):
    """The title is derived data: it follows the paragraph's Chinese text and
    confidence, its links and the instruments' names, whichever way they
    change (declarations/derived.py)."""

    def setUp(self):
        document = make_declaration(sections=1, paragraphs_per_section=1)
        self.paragraph = Paragraph.objects.get(document=document, label="I.1")
        self.paragraph.text_en = "Member states signed the «Alpha Accord»."
        self.paragraph.save()
        self.alpha = make_instrument(title_en="Alpha Accord")
        make_mention(self.paragraph, self.alpha)

    def set_chinese(self, text, confidence="high"):
        self.paragraph.text_zh = text
        self.paragraph.text_zh_origin = Paragraph.ChineseOrigin.CURATOR
        self.paragraph.text_zh_provenance = {"confidence": confidence}
        self.paragraph.save()

    def title_of(self, instrument):
        return Instrument.objects.get(pk=instrument.pk).chinese_title

    def test_chinese_entered_gives_the_title(self):
        self.assertIsNone(self.title_of(self.alpha))
        self.set_chinese("成员国签署了《甲协定》。")
        self.assertEqual(self.title_of(self.alpha).title_zh, "甲协定")
        self.assertEqual(self.title_of(self.alpha).paragraph, self.paragraph)

    def test_low_confidence_chinese_is_not_shown_and_gives_no_title(self):
        self.set_chinese("成员国签署了《甲协定》。")
        self.set_chinese("成员国签署了《甲协定》。", confidence="low")
        self.assertIsNone(self.title_of(self.alpha))
        page = self.client.get(self.alpha.get_absolute_url())
        self.assertNotContains(page, "甲协定")

    def test_chinese_removed_removes_the_title(self):
        self.set_chinese("成员国签署了《甲协定》。")
        self.set_chinese("")
        self.assertIsNone(self.title_of(self.alpha))

    def test_links_added_or_removed_pair_the_titles_again(self):
        self.paragraph.text_en = "Member states signed the «Alpha Accord» and «Beta»."
        self.paragraph.save()
        self.set_chinese("成员国签署了《甲协定》和《乙协定》。")
        # Two titles, one link: nothing pairs.
        self.assertIsNone(self.title_of(self.alpha))
        beta = make_instrument(title_en="Beta")
        mention = make_mention(self.paragraph, beta)
        self.assertEqual(self.title_of(self.alpha).title_zh, "甲协定")
        self.assertEqual(self.title_of(beta).title_zh, "乙协定")
        mention.delete()
        self.assertIsNone(self.title_of(self.alpha))

    def test_a_synthetic_document_is_never_a_source(self):
        self.paragraph.document.is_synthetic = True
        self.paragraph.document.save()
        self.set_chinese("成员国签署了《甲协定》。")
        self.assertIsNone(self.title_of(self.alpha))


class TitleSourceInTheAdminTests(TestCase):
    """The admin checks a title source as the build does."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_title_the_text_does_not_print_cannot_be_said_printed(self):
        instrument = Instrument.objects.get(slug="un-convention-cybercrime")
        form = admin_form(instrument, title_source="text: II.42")
        self.assertFalse(form.is_valid())
        self.assertIn(
            "II.42 does not print the English title word for word",
            str(form.errors["title_source"]),
        )
        printed = Instrument.objects.get(slug="agreement-border-defense")
        self.assertTrue(admin_form(printed).is_valid())
        # A change of the title that leaves the source stale is refused too.
        form = admin_form(printed, title_en="Agreement on Border Defense")
        self.assertFalse(form.is_valid())

    def test_a_source_note_of_another_form_is_refused(self):
        instrument = Instrument.objects.get(slug="agreement-border-defense")
        for field, value in [
            ("title_source", "guessed"),
            ("title_source", "inferred"),
            ("date_source", "outside"),
        ]:
            form = admin_form(instrument, **{field: value})
            self.assertFalse(form.is_valid(), value)
            self.assertIn("Write", str(form.errors[field]))
