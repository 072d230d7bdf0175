"""Near-static reading pages: ETags, 304s, cached pages and their invalidation."""

import datetime
import gzip
import hashlib
import re
from unittest import mock, skipUnless

import hypothesis
from django.db import connection
from django.test import TestCase
from hypothesis import given, strategies as st

from declarations import page_cache, search
from declarations.models import Paragraph, ParagraphText, Theme
from declarations.release import release
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"
PERMALINK = DOC + "ii/14/"


class ConditionalGetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.paragraph = Paragraph.objects.get(label="II.14")

    def test_reading_pages_carry_an_etag_and_answer_304(self):
        for url in ["/", DOC, DOC + "ii/", PERMALINK, "/themes/", "/instruments/"]:
            response = self.client.get(url)
            self.assertEqual(
                response["Cache-Control"], "public, max-age=0, must-revalidate"
            )
            etag = response["ETag"]
            with self.assertNumQueries(1):
                again = self.client.get(url, headers={"if-none-match": etag})
            self.assertEqual(again.status_code, 304, url)
            self.assertEqual(again.content, b"")

    def test_a_cached_page_costs_one_query_and_is_identical(self):
        first = self.client.get(DOC)
        with self.assertNumQueries(1):
            second = self.client.get(DOC)
        self.assertEqual(first.content, second.content)

    def test_gzip_is_served_to_clients_that_accept_it(self):
        plain = self.client.get(DOC)
        packed = self.client.get(DOC, headers={"accept-encoding": "gzip, br"})
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(packed.content), plain.content)
        self.assertIn("Accept-Encoding", packed["Vary"])

    def test_a_page_first_sent_raw_is_compressed_once_for_gzip(self):
        # A page rendered for a reader who does not accept gzip is cached raw;
        # the first reader who does gets it compressed, and the cache keeps it.
        plain = self.client.get(DOC, {"q": "cooperation"})
        with mock.patch.object(page_cache, "packed", wraps=page_cache.packed) as pack:
            for _ in range(2):
                packed = self.client.get(
                    DOC, {"q": "cooperation"}, headers={"accept-encoding": "gzip"}
                )
                self.assertEqual(packed["Content-Encoding"], "gzip")
                self.assertEqual(gzip.decompress(packed.content), plain.content)
                self.assertEqual(packed["ETag"], plain["ETag"])
        self.assertEqual(pack.call_count, 1)

    def test_each_query_string_is_its_own_page(self):
        english = self.client.get(DOC, {"lang": "en"})
        both = self.client.get(DOC)
        self.assertNotEqual(english["ETag"], both["ETag"])
        self.assertNotContains(english, 'class="para-text para-zh')

    def test_the_view_stores_the_page_where_the_middleware_looks(self):
        # The view takes the middleware's key when the query holds only
        # parameters it reads, and makes its own when it holds others.
        for first, again in [
            ({"q": "trade", "theme": "finance"}, {"theme": "finance", "q": "trade"}),
            ({"q": "trade", "utm_source": "x"}, {"q": "trade"}),
            ({"q": "energy", "lang": ""}, {"q": "energy"}),
        ]:
            with self.subTest(first=first):
                stored = self.client.get(DOC, first)
                with self.assertNumQueries(1):
                    hit = self.client.get(DOC, again)
                self.assertEqual(hit["ETag"], stored["ETag"])
                self.assertEqual(hit.content, stored.content)

    def test_a_deploy_is_a_change_too(self):
        before = self.client.get(DOC)
        with mock.patch.object(page_cache, "release", return_value="next-release"):
            after = self.client.get(DOC, headers={"if-none-match": before["ETag"]})
        self.assertEqual(after.status_code, 200)
        self.assertNotEqual(after["ETag"], before["ETag"])

    def test_a_saved_annotation_is_visible_on_the_next_request(self):
        before = self.client.get(PERMALINK)
        self.client.get(DOC)
        make_annotation(self.paragraph, body="Fresh **context**.")
        after = self.client.get(PERMALINK, headers={"if-none-match": before["ETag"]})
        self.assertEqual(after.status_code, 200)
        self.assertContains(after, "Fresh <strong>context</strong>.")
        self.assertNotEqual(after["ETag"], before["ETag"])
        self.assertContains(self.client.get(DOC), "1 note</a>")

    def test_a_renamed_theme_shows_everywhere_at_once(self):
        self.client.get(DOC + "ii/14/")
        self.client.get("/themes/")
        theme = Theme.objects.get(slug="counter-terrorism")
        theme.name_en = "Counter-terrorism (renamed)"
        theme.save()
        self.assertContains(
            self.client.get(DOC + "ii/14/"), "Counter-terrorism (renamed)"
        )
        self.assertContains(self.client.get("/themes/"), "Counter-terrorism (renamed)")

    def test_staff_pages_are_private_and_never_cached(self):
        make_annotation(self.paragraph, body="Draft only.", status="draft")
        self.client.force_login(make_user("curator", curator=True))
        response = self.client.get(PERMALINK)
        self.assertContains(response, "Draft only.")
        self.assertEqual(response["Cache-Control"], "private, no-cache")
        self.assertFalse(response.has_header("ETag"))
        self.client.logout()
        self.assertNotContains(self.client.get(PERMALINK), "Draft only.")

    def test_errors_are_not_cached(self):
        # A page-cache answer carries the ETag; a page rendered again, none.
        # (Counting queries no longer tells: the page's structures are held
        # per corpus version, so a render may need only the version's query.)
        for _ in range(2):
            response = self.client.get(DOC, {"lang": "fr"})
            self.assertEqual(response.status_code, 400)
            self.assertNotIn("ETag", response)


class SearchIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_english_words_are_answered_from_the_word_index(self):
        queryset = Paragraph.objects.search(["cybercrime"])
        self.assertEqual([p.label for p in queryset], ["II.42"])
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                expected = "VIRTUAL TABLE INDEX"
            else:
                # On tables this small the planner rightly prefers a scan, or
                # the expression's index and a filter; forbid both to show
                # that the trigram index answers the word filter the search
                # applies to each text row.
                words = ParagraphText.objects.filter(
                    search_words__contains=" cybercrim "
                )
                sql, params = words.query.sql_with_params()
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("EXPLAIN " + sql, params)
                expected = "declarations_paragraph_words_trgm"
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn(expected, plan)

    def test_the_index_follows_a_curators_edit(self):
        paragraph = Paragraph.objects.get(label="V.3")
        paragraph.text_zh = "测试：国际法热点问题协调。"
        paragraph.save()
        self.assertEqual(
            [p.label for p in Paragraph.objects.search(["国际法热点"])], ["V.3"]
        )
        paragraph.text_zh = ""
        paragraph.save()
        self.assertFalse(Paragraph.objects.search(["国际法热点"]).exists())

    def test_short_and_mixed_case_terms(self):
        self.assertEqual(
            {p.label for p in Paragraph.objects.search(["恐怖"])}, {"II.7", "II.8"}
        )
        self.assertEqual(
            [p.label for p in Paragraph.objects.search(["pAhAlGaM"])], ["II.7"]
        )
        self.assertTrue(Paragraph.objects.search(["aI"]).exists())  # "Alem.AI"

    def test_two_character_terms_find_what_a_full_scan_finds(self):
        ending = Paragraph.objects.get(label="V.3")
        # Only at the very end of a text, where no trigram begins with them.
        ending.text_en += " Zq"
        ending.text_zh = "测试结尾词"
        ending.save()
        paragraphs = list(Paragraph.objects.all())
        for term in ["合作", "安全", "恐怖", "UN", "un", "。", "zQ", "尾词"]:
            # Latin script: whole words (stems equal to the term here);
            # Chinese: substrings of the Chinese text.
            word = re.compile(
                rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", re.IGNORECASE
            )
            scanned = {
                p.label
                for p in paragraphs
                if (
                    term in p.text_zh
                    if search.is_chinese(term)
                    else word.search(p.text_en)
                )
            }
            found = {p.label for p in Paragraph.objects.search([term])}
            self.assertEqual(found, scanned, term)
            self.assertTrue(found, term)

    @skipUnless(connection.vendor == "sqlite", "the vocabulary index is SQLite's")
    def test_two_character_terms_are_answered_from_indexes(self):
        sql, params = Paragraph.objects.search(["能源"]).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[-1].rstrip(":") for row in cursor.fetchall()]
        # The vocabulary is read by a range of its terms (INDEX 0 would be all
        # of it), the text and paragraph tables only through indexes, never
        # scanned.
        vocabulary = next(step for step in plan if "search_terms" in step)
        self.assertRegex(vocabulary, r"VIRTUAL TABLE INDEX [1-9]")
        self.assertIn(
            "SEARCH declarations_paragraphtext USING INDEX "
            "declarations_paragraphtext_tail (<expr>=?)",
            plan,
        )
        self.assertFalse(
            [s for s in plan if re.match(r"SCAN declarations_paragraph(text)? ", s)]
        )


def test_the_release_fingerprint_follows_what_renders_pages(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>one</p>")

    def fingerprint():
        release.cache_clear()
        return release()

    try:
        first = fingerprint()
        (tmp_path / "templates" / "notes.md").write_text("not served")
        assert fingerprint() == first
        template.write_text("<p>two</p>")
        assert fingerprint() != first
    finally:
        release.cache_clear()


@hypothesis.settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=8)), max_size=5
    )
)
def test_the_page_key_encodes_the_query_as_querydict_does(pairs):
    # page_digest writes query.urlencode() from querystrings.encoded.
    from django.http import QueryDict
    from django.test import RequestFactory

    pairs = [(k, v) for k, v in pairs if "\x00" not in k + v]
    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(key, value)
    request = RequestFactory().get("/declarations/tianjin-2025/")
    today = datetime.date.today().isoformat()
    key = f"{request.path}?{query.urlencode()}|v|{release()}|{today}"
    expected = hashlib.sha256(key.encode()).hexdigest()[:32]
    assert page_cache.page_digest(request, query, "v") == expected
