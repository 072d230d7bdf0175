"""The outside security probe's cases (docs/SECURITY.md), each reproduced.
Every test here failed on the code the probe found them in."""

import gzip
import sys

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.test import RequestFactory, TestCase

from declarations.markdown_html import markdown_problems, render_markdown
from declarations.models import Annotation, Paragraph
from tests.factories import make_user
from tests.test_corpus import load_real_corpus

PERMALINK = "/declarations/tianjin-2025/ii/14/"
DOCUMENT = "/declarations/tianjin-2025/"


def cached_entries():
    # The local-memory cache's own table: how many pages it holds.
    return len(cache._cache)


class CachePoisoningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_forged_host_and_scheme_never_reach_a_cached_page(self):
        forged = self.client.get(
            PERMALINK, HTTP_HOST="127.0.0.1:6666", HTTP_X_FORWARDED_PROTO="https"
        )
        self.assertEqual(forged.status_code, 200)
        self.assertNotContains(forged, "6666")
        self.assertContains(forged, f"{settings.SITE_URL}{PERMALINK}")
        later = self.client.get(PERMALINK)
        self.assertNotContains(later, "6666")
        self.assertNotContains(later, "https://127.0.0.1")
        for url in [DOCUMENT, DOCUMENT + "ii/", PERMALINK + "?format=json"]:
            self.client.get(url, HTTP_HOST="127.0.0.1:6666")
            self.assertNotContains(self.client.get(url), "6666")

    def test_a_host_the_site_does_not_serve_gets_no_cached_page(self):
        self.assertEqual(self.client.get(PERMALINK).status_code, 200)
        response = self.client.get(PERMALINK, HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)

    def test_unknown_parameters_make_no_new_cache_entry(self):
        first = self.client.get(PERMALINK)
        entries = cached_entries()
        for n in range(20):
            response = self.client.get(PERMALINK, {f"probe{n}": "x", "utm_source": n})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["ETag"], first["ETag"])
        self.assertEqual(cached_entries(), entries)

    def test_empty_and_reordered_parameters_are_the_same_page(self):
        plain = self.client.get(DOCUMENT, {"theme": ["energy", "finance"]})
        same = self.client.get(
            DOCUMENT + "?q=&section=&instrument=&theme=finance&theme=energy"
        )
        self.assertEqual(same["ETag"], plain["ETag"])
        self.assertNotContains(same, "q=&amp;")

    def test_gzip_refused_by_q_value_is_not_sent(self):
        self.client.get(PERMALINK)  # fill the cache
        refused = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="gzip;q=0")
        self.assertNotIn("Content-Encoding", refused)
        self.assertIn(b"<!DOCTYPE html>", refused.content)
        accepted = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="br, gzip;q=0.5")
        self.assertEqual(accepted["Content-Encoding"], "gzip")
        self.assertIn(b"<!DOCTYPE html>", gzip.decompress(accepted.content))
        anything = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="*;q=1, gzip;q=0")
        self.assertNotIn("Content-Encoding", anything)


class LoginThrottleNormalisationTests(TestCase):
    def setUp(self):
        cache.clear()
        caches["logins"].clear()
        make_user("curator2", curator=True)

    def attempt(self, username, password, address):
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def test_spellings_of_a_locked_account_are_locked_too(self):
        for n in range(settings.LOGIN_FAILURE_LIMIT):
            self.attempt("curator2", "wrong", f"10.0.1.{n}")
        for spelling in ["curator2 ", "ｃｕｒａｔｏｒ２", " CURATOR2"]:
            response = self.attempt(spelling, "a-long-test-password-1", "10.0.2.1")
            self.assertEqual(response.status_code, 429, spelling)

    def test_counts_from_many_addresses_do_not_wipe_an_account_count(self):
        for n in range(settings.LOGIN_FAILURE_LIMIT):
            self.attempt("curator2", "wrong", f"10.0.1.{n}")
        # As if guesses came from 1,500 other addresses: Django's file cache
        # culled a third of its entries at random each time it held 300
        # (about 13 culls here: the count would survive them all once in
        # 200 runs).
        for n in range(1500):
            caches["logins"].set(f"another-address-{n}", 1)
        response = self.attempt("curator2", "a-long-test-password-1", "10.0.2.1")
        self.assertEqual(response.status_code, 429)

    def test_keys_are_safe_for_any_cache_backend(self):
        from sco_site.admin import failure_keys

        request = RequestFactory().post(
            "/admin/login/", {"username": "a name\twith spaces\x00"}
        )
        for key in failure_keys(request):
            self.assertRegex(key, r"^[a-z:-]+[0-9a-f]{64}$")


def executed_lines(function, *args):
    """Return how many lines of Python a call executes."""
    steps = 0

    def trace(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return steps


class MarkdownCostTests(TestCase):
    """Hostile annotation bodies are refused before rendering, and the worst
    accepted ones render within a bounded number of executed lines (counted
    by a trace function: a measure of steps, not of time). The property over
    every text is in tests/test_untrusted_input.py."""

    STEP_BUDGET = 6_000_000

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.staff = make_user("staff-only", staff=True)

    def preview(self, body, user=None):
        self.client.force_login(user or self.curator)
        return self.client.post(
            "/admin/declarations/annotation/preview/", {"body": body}
        )

    def test_the_probes_inputs_are_refused_with_a_message(self):
        # "[a](" * 2000 was refused too; since the link parsers' scans are
        # bounded (markdown_html.BoundedLinks) it renders cheaply and is accepted
        # (tests/test_untrusted_input.py MarkdownCostTests).
        for body in ["[" * 20000, "- " * 1000 + "x", "x" * 10_001]:
            response = self.preview(body)
            self.assertEqual(response.status_code, 400)
            self.assertTrue(response.content.decode().strip())
            annotation = Annotation(
                paragraph=Paragraph.objects.get(label="II.14"), body=body
            )
            with self.assertRaises(ValidationError):
                annotation.full_clean()
            with self.assertRaises(ValidationError):
                annotation.save()

    def test_the_admin_form_names_the_problem(self):
        self.client.force_login(self.curator)
        response = self.client.post(
            "/admin/declarations/annotation/add/",
            {
                "paragraph": Paragraph.objects.get(label="II.14").pk,
                "kind": "context",
                "status": "draft",
                "body": "- " * 1000 + "x",
            },
        )
        self.assertContains(response, "nests lists or quotes more than 8 deep")
        self.assertFalse(Annotation.objects.exclude(kind="editorial-note").exists())

    def test_worst_accepted_inputs_render_in_bounded_steps(self):
        worst = {
            "unclosed brackets": "[" * 8 + "a" * 9992,
            "unclosed link targets": "[a](" * 8 + "b" * 9960,
            "deep brackets": ("[" * 8 + "x" * 1200 + "]" * 8) * 8,
            "nested lists": "- " * 8 + "x\n" + "> " * 8 + "y",
            "many emphases": "*a* " * 2500,
        }
        for name, body in worst.items():
            self.assertEqual(markdown_problems(body), [], name)
            self.assertLess(executed_lines(render_markdown, body), self.STEP_BUDGET)

    def test_preview_needs_the_annotation_permission_not_only_staff(self):
        self.assertEqual(self.preview("*x*", user=self.staff).status_code, 403)
        self.assertEqual(self.preview("*x*").status_code, 200)


class AuthorshipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator-login-name", curator=True)
        cls.curator.first_name, cls.curator.last_name = "Ada", "Reviewer"
        cls.curator.save()
        cls.boss = make_user("root-login-name", superuser=True)

    def test_the_author_is_who_created_it_and_readers_see_a_display_name(self):
        self.client.force_login(self.curator)
        response = self.client.post(
            "/admin/declarations/annotation/add/",
            {
                "paragraph": Paragraph.objects.get(label="II.14").pk,
                "kind": "context",
                "status": "published",
                "body": "A note.",
                "author": self.boss.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        annotation = Annotation.objects.exclude(kind="editorial-note").get()
        self.assertEqual(annotation.author, self.curator)
        self.client.logout()
        page = self.client.get(PERMALINK)
        self.assertContains(page, "By Ada Reviewer.")
        self.assertNotContains(page, "login-name")
        feed = self.client.get("/feeds/annotations.atom")
        self.assertContains(feed, "Ada Reviewer")
        self.assertNotContains(feed, "login-name")

    def test_a_user_without_a_full_name_is_a_curator_to_readers(self):
        from tests.factories import make_annotation

        make_annotation(
            Paragraph.objects.get(label="II.14"), body="Note.", author=self.boss
        )
        page = self.client.get(PERMALINK)
        self.assertContains(page, "By a curator.")
        self.assertNotContains(page, "root-login-name")


class SmallProbeCasesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        paragraph = Paragraph.objects.get(label="II.14")
        paragraph.text_zh = '=HYPERLINK("http://evil.example")\n第二行'
        paragraph.text_zh_origin = Paragraph.ChineseOrigin.CURATOR
        paragraph.save()

    def test_out_of_range_code_points_are_searched_safely(self):
        for query in ["a\U0010ffff", "a\ud7ff", "\U0010ffff\U0010ffff", "z\uffff"]:
            response = self.client.get(DOCUMENT, {"q": query})
            self.assertIn(response.status_code, {200, 400}, repr(query))

    def test_csv_cells_never_run_as_formulas(self):
        for url in [DOCUMENT + "?format=csv", "/data/corpus.csv"]:
            content = self.client.get(url).content.decode()
            self.assertIn("'=HYPERLINK", content)
            self.assertNotIn(',"=HYPERLINK', content)
            self.assertNotIn(",=HYPERLINK", content)

    def test_a_field_cannot_forge_lines_of_a_text_export(self):
        content = self.client.get(DOCUMENT, {"format": "txt", "lang": "zh"})
        lines = content.content.decode().splitlines()
        self.assertIn('II.14\t=HYPERLINK("http://evil.example") 第二行', lines)
        self.assertFalse(any(line.startswith("第二行") for line in lines))


class AnnotationImportSchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def import_records(self, records):
        import json
        import tempfile
        from io import StringIO

        from django.core.management import CommandError, call_command

        with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
            handle.write(records if isinstance(records, str) else json.dumps(records))
            handle.flush()
            with self.assertRaises(CommandError) as raised:
                call_command("import_annotations", handle.name, stdout=StringIO())
        self.assertFalse(Annotation.objects.exclude(kind="editorial-note").exists())
        return str(raised.exception)

    def record(self, **changes):
        return {
            "key": "6f1c1d4e-2f53-4a3e-9a43-2d1c0c9d3b11",
            "document": "tianjin-2025",
            "paragraph": "II.14",
            "kind": "context",
            "status": "published",
            "body": "A note.",
            **changes,
        }

    def test_bad_records_are_named_with_their_field(self):
        cases = {
            "source_url": self.record(source_url="javascript:alert(1)"),
            "body": self.record(body={"nested": ["object"]}),
            "source_citation": self.record(source_citation="x" * 501),
            "kind": self.record(kind="gossip"),
            "created_at": self.record(created_at="yesterday"),
        }
        for field, record in cases.items():
            message = self.import_records([self.record(), record])
            self.assertIn(f"annotation 2, field '{field}'", message)
        message = self.import_records([self.record(body="- " * 1000 + "x")])
        self.assertIn("annotation 1, field 'body'", message)

    def test_deeply_nested_json_is_refused_without_a_traceback(self):
        self.assertIn("nested too deeply", self.import_records("[" * 100_000))
