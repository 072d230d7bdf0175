"""Reading pages over plain GET: URLs, parameters, bad input, query counts."""

import datetime
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.templatetags.static import static
from django.test import TestCase
from django.urls import reverse

from declarations import search
from declarations.models import Document, Paragraph
from tests.factories import (
    make_annotation,
    make_big_declaration,
    make_declaration,
    make_document,
    make_paragraph,
    make_section,
    make_theme,
    make_user,
)
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"


def shown_anchors(response):
    """Return the anchors of the paragraphs a reading page shows, in order
    (a filtered document page is filled from its frame, not rendered with a
    context the test client could keep: declarations/page_parts.py)."""
    return re.findall(
        r'<article class="para [^"]*" id="([^"]+)"', response.content.decode()
    )


class ReadingPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_home_lists_the_declaration_with_sections_and_counts(self):
        response = self.client.get("/")
        self.assertContains(
            response, "Tianjin Declaration of the Council of Heads of State"
        )
        self.assertContains(response, "上海合作组织成员国元首理事会天津宣言")
        self.assertContains(response, 'href="/declarations/tianjin-2025/ii/"')
        self.assertContains(response, "44 paragraphs")
        self.assertContains(response, "Chinese original: 16 of 134 paragraphs")

    def test_document_page_shows_every_paragraph_side_by_side(self):
        response = self.client.get(DOC)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="para lang-both', count=134)
        self.assertContains(response, 'id="ii-14"')
        self.assertContains(response, 'id="preamble-1"')
        self.assertContains(
            response, 'href="/declarations/tianjin-2025/ii/14/" rel="bookmark"'
        )
        self.assertContains(response, "中文</p><p>成员国强烈谴责2025年4月22日")
        # Missing Chinese is a small marker under a full-width English text,
        # not an empty column; present Chinese gets labelled columns.
        self.assertContains(response, "Chinese original not available for II.14")
        self.assertContains(response, "original not available", count=134 - 16)
        self.assertContains(response, 'class="para lang-both no-zh"', count=134 - 16)
        self.assertNotContains(response, "para-zh missing")
        self.assertContains(response, "English — unofficial translation", count=16)
        self.assertContains(response, '<p class="column-label">中文</p>', count=16)

    def test_language_switch_is_kept_in_the_url(self):
        english = self.client.get(DOC, {"lang": "en"})
        self.assertNotContains(english, 'class="para-text para-zh')
        self.assertContains(english, 'class="para-text para-en"', count=134)
        self.assertContains(english, 'href="/declarations/tianjin-2025/ii/?lang=en"')
        chinese = self.client.get(DOC, {"lang": "zh"})
        self.assertNotContains(chinese, 'class="para-text para-en"')
        self.assertContains(chinese, 'class="para-text para-zh"', count=16)

    def test_section_page_and_upper_case_redirect(self):
        response = self.client.get(DOC + "ii/")
        self.assertContains(response, 'class="para lang-both', count=44)
        self.assertContains(response, 'rel="prev" href="/declarations/tianjin-2025/i/"')
        self.assertContains(
            response, 'rel="next" href="/declarations/tianjin-2025/iii/"'
        )
        self.assertNotContains(response, 'id="iii-1"')
        self.assertRedirects(self.client.get(DOC + "II/"), DOC + "ii/", status_code=301)
        self.assertRedirects(
            self.client.get(DOC + "II/14/"), DOC + "ii/14/", status_code=301
        )

    def test_permalink_page_names_the_paragraph_for_previews_and_citations(self):
        response = self.client.get(DOC + "ii/14/")
        self.assertContains(response, "<title>Tianjin Declaration (2025), II.14")
        self.assertContains(
            response,
            f'<link rel="canonical" href="{settings.SITE_URL}'
            '/declarations/tianjin-2025/ii/14/">',
        )
        self.assertContains(
            response,
            '<meta property="og:title" content="Tianjin Declaration (2025), II.14">',
        )
        self.assertContains(
            response,
            '<meta property="og:description" '
            'content="Member states will continue to work',
        )
        self.assertContains(response, '<meta name="twitter:card" content="summary">')
        self.assertContains(
            response, '<meta name="citation_publication_date" content="2025/09/01">'
        )
        self.assertContains(response, 'id="ii-14"')
        self.assertContains(
            response, 'rel="prev" href="/declarations/tianjin-2025/ii/13/"'
        )
        self.assertContains(
            response, 'rel="next" href="/declarations/tianjin-2025/ii/15/"'
        )
        self.assertContains(
            response,
            f"(Tianjin, 1 September 2025), para. II.14. "
            f"Unofficial English translation. {settings.SITE_URL}/",
        )
        self.assertContains(response, 'href="/themes/counter-terrorism/"')
        self.assertContains(
            response, 'href="/instruments/sco-convention-countering-extremism/"'
        )

    def test_preamble_permalink_and_chinese_provenance(self):
        response = self.client.get(DOC + "preamble/1/")
        self.assertContains(response, 'id="preamble-1"')
        self.assertContains(response, "上海合作组织成员国领导人于2025年9月1日")
        # Whose confidence it is: the compiler's of the Chinese sources.
        self.assertContains(response, "the compiler's confidence: medium")
        self.assertContains(response, "hk.crntt.com")
        self.assertNotContains(response, 'rel="prev"')

    def test_theme_pages(self):
        index = self.client.get("/themes/")
        self.assertContains(index, 'href="/themes/artificial-intelligence/"')
        theme = self.client.get("/themes/artificial-intelligence/")
        self.assertContains(theme, 'id="iv-4"')
        self.assertContains(theme, 'id="iii-15"')
        self.assertNotContains(theme, 'id="ii-14"')

    def test_instrument_pages(self):
        index = self.client.get("/instruments/")
        self.assertContains(index, "Conventions</h2>")
        by_date = self.client.get("/instruments/", {"sort": "date"})
        content = by_date.content.decode()
        self.assertLess(
            content.index("Treaty on the Non-Proliferation"),
            content.index("SCO Convention on Countering Extremism"),
        )
        page = self.client.get("/instruments/sco-charter/")
        self.assertContains(page, 'class="para lang-en ', count=4)
        self.assertContains(page, "<mark>SCO Charter</mark>")

    def test_unknown_objects_are_404_in_the_site_style(self):
        for url in [
            "/declarations/nope/",
            DOC + "vi/",
            DOC + "ii/99/",
            DOC + "xyz/1/",
            "/themes/nope/",
            "/instruments/nope/",
        ]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertContains(response, "Not found", status_code=404)
            self.assertContains(response, "SCO Declarations Reader", status_code=404)

    def test_reading_views_refuse_other_methods(self):
        for url in ["/", DOC, DOC + "ii/", DOC + "ii/14/", "/themes/", "/instruments/"]:
            self.assertEqual(self.client.post(url, {"x": "1"}).status_code, 405, url)
            self.assertEqual(self.client.put(url).status_code, 405, url)
            self.assertEqual(self.client.head(url).status_code, 200, url)


class FilteringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_two_character_chinese_word(self):
        response = self.client.get(DOC, {"q": "恐怖"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<strong>2</strong> of 134")
        self.assertContains(response, 'id="ii-7"')
        self.assertContains(response, 'id="ii-8"')
        self.assertContains(response, "<mark>恐怖</mark>", count=2)

    def test_a_chinese_word_only_in_unloaded_paragraphs_finds_nothing(self):
        # 能源 (energy) is in the original of III.27, whose Chinese we do not
        # hold: as typed, it finds nothing (widened, it finds "energy").
        response = self.client.get(DOC, {"q": "能源", "expand": "0"})
        self.assertContains(response, "<strong>0</strong> of 134")

    def test_chinese_substring(self):
        response = self.client.get(DOC, {"q": "人工智能"})
        self.assertContains(response, 'id="iv-4"')
        self.assertContains(response, "<mark>人工智能</mark>")

    def test_english_is_case_insensitive_and_highlighted(self):
        response = self.client.get(DOC, {"q": "PAHALGAM"})
        self.assertContains(response, "<strong>1</strong> of 134")
        self.assertContains(response, "<mark>Pahalgam</mark>")

    def test_quoted_phrase_matches_as_a_phrase(self):
        phrase = self.client.get(DOC, {"q": '"digital divide"'})
        words = self.client.get(DOC, {"q": "digital divide"})
        self.assertContains(phrase, "<strong>2</strong> of 134")
        self.assertContains(phrase, 'id="iii-11"')
        self.assertContains(phrase, 'id="iv-1"')
        self.assertGreaterEqual(len(shown_anchors(words)), 2)

    def test_themes_any_and_all(self):
        any_ = self.client.get(DOC, {"theme": ["energy", "environment-climate"]})
        all_ = self.client.get(
            DOC, {"theme": ["energy", "environment-climate"], "match": "all"}
        )
        self.assertGreater(len(shown_anchors(any_)), len(shown_anchors(all_)))
        self.assertContains(all_, 'id="iii-30"')
        self.assertContains(all_, 'id="iv-17"')
        self.assertNotContains(all_, 'id="iii-27"')
        self.assertContains(any_, 'id="iii-27"')

    def test_section_instrument_and_text_combine(self):
        response = self.client.get(
            DOC, {"section": "i", "instrument": "un-charter", "q": "SCO Charter"}
        )
        self.assertEqual(shown_anchors(response), ["i-7"])
        self.assertContains(response, "Section: Section I")
        self.assertContains(response, "Instrument: UN Charter")

    def test_active_filters_are_removable_one_by_one(self):
        response = self.client.get(
            DOC, {"theme": ["energy", "finance"], "q": "cooperation"}
        )
        self.assertContains(response, 'href="?q=cooperation&amp;theme=finance"')
        self.assertContains(response, 'href="?theme=energy&amp;theme=finance"')

    def test_removing_the_last_filter_links_the_clean_page(self):
        response = self.client.get(DOC, {"q": "cooperation"})
        self.assertContains(response, f'<li><a href="{DOC}" title="Remove')
        self.assertNotContains(response, 'href="?"')

    def test_a_missing_paragraph_or_section_says_what_exists(self):
        response = self.client.get(DOC + "ii/999/")
        self.assertContains(
            response, "has no paragraph II.999. It has 44 paragraphs", status_code=404
        )
        self.assertContains(
            response, f'<a href="{DOC}ii/44/">II.44</a>', status_code=404
        )
        for url in [DOC + "vii/", DOC + "vii/3/"]:
            response = self.client.get(url)
            self.assertContains(response, "has no section “vii”", status_code=404)
            self.assertContains(
                response,
                f'<a href="{DOC}ii/">Section II</a> (44 paragraphs)',
                status_code=404,
            )
        self.assertEqual(self.client.get("/declarations/nope/ii/3/").status_code, 404)

    def test_favicon_ico_leads_to_the_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], static("declarations/favicon.svg"))

    def test_empty_result_says_so_and_offers_to_clear(self):
        response = self.client.get(DOC, {"q": "zzzz-not-in-the-text"})
        self.assertContains(response, "No paragraph matches these filters.")
        self.assertContains(response, "Clear all filters")
        self.assertNotContains(response, 'class="para ')

    def test_invalid_values_get_a_clear_message_and_a_400(self):
        for params, message in [
            ({"lang": "fr"}, "Select a valid choice. fr is not one of the available"),
            (
                {"section": "xyz"},
                "Select a valid choice. xyz is not one of the available",
            ),
            (
                {"theme": "nope"},
                "Select a valid choice. nope is not one of the available",
            ),
            ({"instrument": "nope"}, "Select a valid choice."),
            ({"q": "x" * 10_000}, "Ensure this value has at most 402 characters"),
            ({"q": "a\x00b"}, "Null characters are not allowed."),
            ({"match": "some"}, "Select a valid choice."),
        ]:
            response = self.client.get(DOC, params)
            self.assertContains(response, message, status_code=400)
            self.assertContains(response, 'class="para lang-both ', status_code=400)

    def test_control_characters_in_search_match_nothing(self):
        response = self.client.get(DOC, {"q": "energy\x07"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(shown_anchors(response), [])


class CountedListsKeepTheirOrderTests(TestCase):
    """Rows stored in another order than they are read in. Lists shown with
    counts must still come in reading order: Django leaves Meta.ordering out
    of GROUP BY queries, and PostgreSQL then returns rows in any order."""

    @classmethod
    def setUpTestData(cls):
        make_document(slug="older", adopted_on=datetime.date(2019, 6, 14))
        newer = make_document(slug="newer", adopted_on=datetime.date(2024, 7, 4))
        for position in [3, 2, 1, 0]:
            make_paragraph(make_section(newer, position), 1, position + 1)
        for position in [2, 1]:
            make_theme(slug=f"theme-at-{position}", position=position)

    def test_documents_newest_first(self):
        documents = self.client.get("/", {"format": "json"}).json()["documents"]
        self.assertEqual([d["slug"] for d in documents], ["newer", "older"])

    def test_sections_in_reading_order(self):
        document = self.client.get("/declarations/newer/", {"format": "json"}).json()
        self.assertEqual(
            [s["key"] for s in document["sections"]], ["preamble", "i", "ii", "iii"]
        )
        section = self.client.get("/declarations/newer/ii/")
        self.assertContains(section, 'rel="prev" href="/declarations/newer/i/"')
        self.assertContains(section, 'rel="next" href="/declarations/newer/iii/"')

    def test_themes_by_position(self):
        themes = self.client.get("/themes/", {"format": "json"}).json()["themes"]
        self.assertEqual([t["slug"] for t in themes], ["theme-at-1", "theme-at-2"])


class QueryCountTests(TestCase):
    """Reading pages take a fixed number of queries whatever the corpus size."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.big = make_big_declaration(
            sections=5, paragraphs_per_section=268, slug="big"
        )
        theme = make_theme(slug="big-theme")
        theme.paragraphs.add(*Paragraph.objects.filter(document=cls.big))
        make_annotation(Paragraph.objects.filter(document=cls.big).first())

    def assertSameQueries(self, small_url, big_url):
        # Search widens terms by the vocabulary's labels, read once per
        # corpus version (declarations/vocabulary.py): read them first, so
        # that neither render pays for it.
        search.expansions()
        expected = self.count_queries(small_url)
        cache.clear()
        with self.assertNumQueries(expected):
            response = self.client.get(big_url)
        self.assertEqual(response.status_code, 200)

    def count_queries(self, url):
        """Return the queries of a full render (never a page-cache hit)."""
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_big_document_is_ten_times_the_real_one(self):
        self.assertGreaterEqual(
            Paragraph.objects.filter(document=self.big).count(), 1340
        )

    def test_document_page(self):
        # The first request of a corpus version builds what every request
        # shares (declarations/reading_index.py): the version, the document
        # and its contents, its paragraph rows, their themes, instruments,
        # entities and Chinese, the instruments' notes, the form's three
        # choice lists, for a search the texts searched by substrings (which
        # rules cannot match: DocumentIndex.cannot_contain); and, fragments
        # not yet stored, the paragraphs shown with their themes and the
        # recorded subjects' tallies.
        for small, big in [
            (DOC, "/declarations/big/"),
            (
                DOC + "?theme=energy&q=states",
                "/declarations/big/?theme=big-theme&q=states",
            ),
        ]:
            Document.objects.touch()
            first = self.count_queries(small)
            Document.objects.touch()
            self.assertEqual(self.count_queries(big), first)
            # Later requests of the version: the version (and the search,
            # where the document's text rows cannot answer it).
            self.count_queries(small)
            self.assertSameQueries(small, big)
        self.assertLessEqual(first, 19)
        self.assertEqual(self.count_queries(DOC), 1)
        # The version; the search's English word answered from the
        # document's text rows (declarations/search_rows.py, SQLite's rules;
        # on PostgreSQL the ORM answers every search). A Chinese term is the
        # database's: the version, and the search.
        english = 1 if connection.vendor == "sqlite" else 2
        self.assertEqual(
            self.count_queries(DOC + "?theme=energy&q=cooperation"), english
        )
        self.assertEqual(self.count_queries(DOC + "?theme=energy&q=合作"), 2)

    def test_section_page(self):
        self.assertSameQueries(DOC + "ii/", "/declarations/big/ii/")

    def test_permalink_page(self):
        self.assertSameQueries(DOC + "ii/14/", "/declarations/big/ii/14/")

    def test_theme_page(self):
        self.assertSameQueries("/themes/energy/", "/themes/big-theme/")

    def test_home_and_indexes(self):
        for url in ["/themes/", "/instruments/"]:
            self.assertLessEqual(self.count_queries(url), 6, url)
        # The declarations' Chinese titles are their expressions': one more
        # query for all of them.
        self.assertLessEqual(self.count_queries("/"), 7)
        # With its paragraphs' fragments still to store, their rows are read
        # once more, with their note counts (declarations/fragments.py), and
        # their texts, a row per expression (declarations/models/texts.py).
        url = "/instruments/un-charter/"
        self.assertEqual(self.count_queries(url), 8)
        self.assertEqual(self.count_queries(url), 6)


class AnnotationDisplayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make_declaration(
            sections=1, paragraphs_per_section=2, slug="small"
        )
        cls.paragraph = Paragraph.objects.get(document=cls.document, label="I.1")
        make_annotation(cls.paragraph, body="Published **context**.")
        make_annotation(cls.paragraph, body="Draft thought.", status="draft")
        cls.staff = make_user("curator", curator=True)

    def test_published_annotations_show_with_a_marker(self):
        page = self.client.get(self.paragraph.get_absolute_url())
        self.assertContains(page, "Published <strong>context</strong>.")
        self.assertNotContains(page, "Draft thought.")
        document = self.client.get(
            reverse("declarations:document-detail", args=["small"])
        )
        self.assertContains(document, "1 note</a>")

    def test_staff_see_drafts_marked_as_drafts(self):
        self.client.force_login(self.staff)
        page = self.client.get(self.paragraph.get_absolute_url())
        self.assertContains(page, "Draft thought.")
        self.assertContains(page, "Draft — visible to staff only")

    def test_document_list_hides_synthetic_documents(self):
        Document.objects.filter(slug="small").update(is_synthetic=True)
        self.assertNotContains(self.client.get("/"), "Declaration number")


class OneRuleForParametersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_an_unknown_language_is_a_400_on_every_reading_page(self):
        for url in [
            "/declarations/tianjin-2025/",
            "/declarations/tianjin-2025/ii/",
        ]:
            response = self.client.get(url, {"lang": "fr"})
            self.assertContains(response, "fr", status_code=400)

    def test_an_unknown_format_is_a_400_that_lists_the_offered_ones(self):
        response = self.client.get("/declarations/tianjin-2025/ii/", {"format": "x"})
        self.assertContains(
            response, "This page offers: akn, csv, html, json", status_code=400
        )

    def test_permalinks_carry_no_language_variant(self):
        page = self.client.get("/declarations/tianjin-2025/ii/", {"lang": "en"})
        self.assertContains(page, 'href="/declarations/tianjin-2025/ii/14/"')
        self.assertNotContains(page, "/ii/14/?lang=")
        self.assertContains(page, 'href="/declarations/tianjin-2025/iii/?lang=en"')
