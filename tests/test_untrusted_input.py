"""Untrusted input (issue 24, docs/SECURITY.md): each input is checked at
the one gate it passes through, by a property over that gate."""

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from hypothesis import HealthCheck, given, note, settings, strategies as st
from hypothesis.extra.django import (
    SimpleTestCase as PropertyTestCase,
    TestCase as PropertyDjangoTestCase,
)

from declarations.instrument_links import stored_html_budget
from declarations.markdown_html import (
    MAX_MARKDOWN_LENGTH,
    markdown_problems,
    render_markdown,
)
from declarations.models import Annotation, Entity, Mention, Paragraph, ParagraphText
from declarations.spreadsheet import FORMULA_STARTS, csv_text, read_cell
from declarations.text import text_problems, web_address_problems
from tests.factories import make_declaration, make_instrument, make_user
from tests.test_corpus import load_real_corpus

PERMALINK = "/declarations/tianjin-2025/ii/14/"
DOCUMENT = "/declarations/tianjin-2025/"

# The characters Python-Markdown's inline and block parsers react to.
MARKDOWN_CHARACTERS = "[]()\\`*_<>!#-\n a"


def repeated(unit, times):
    return (unit * times)[:MAX_MARKDOWN_LENGTH]


# Costly Markdown is a short pattern repeated up to the limit: generate such
# texts, and mixes of them, not only the short random strings st.text favours.
markdown_texts = st.one_of(
    st.text(alphabet=MARKDOWN_CHARACTERS, max_size=MAX_MARKDOWN_LENGTH),
    st.builds(
        repeated,
        st.text(alphabet=MARKDOWN_CHARACTERS, min_size=1, max_size=12),
        st.integers(1, MAX_MARKDOWN_LENGTH),
    ),
    st.lists(
        st.builds(
            repeated,
            st.text(alphabet=MARKDOWN_CHARACTERS, min_size=1, max_size=8),
            st.integers(1, MAX_MARKDOWN_LENGTH // 4),
        ),
        max_size=4,
    ).map(lambda parts: "".join(parts)[:MAX_MARKDOWN_LENGTH]),
)


PROBE_MARKDOWN = [
    "[\\]" * 3333,
    "[[\\]\\]" * 1666,
    "[`]`" * 2500,
    '[a]("x)' * 1400,
    "![a](" * 2000,
    ">" * MAX_MARKDOWN_LENGTH,
]


class TooManySteps(Exception):
    pass


def within_steps(function, text, budget):
    """Run function(text), failing once it has executed more than budget
    lines of Python: a measure of work that the machine's load cannot move."""
    steps = 0

    def trace(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
            if steps > budget:
                raise TooManySteps(f"more than {budget:,} lines for {text[:12]!r}…")
        return trace

    sys.settrace(trace)
    try:
        function(text)
    finally:
        sys.settrace(None)


class MarkdownCostTests(PropertyTestCase):
    # The probe's inputs take about 0.6 million lines each with bounded link
    # parsing; with Python-Markdown's own scans, more than 16 million.
    STEP_BUDGET = 3_000_000

    @given(markdown_texts)
    @settings(
        deadline=timedelta(milliseconds=500),
        max_examples=80,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def test_any_text_within_the_limit_renders_in_bounded_time_or_is_refused(
        self, text
    ):
        if problems := markdown_problems(text):
            self.assertTrue(all(problem.strip() for problem in problems))
        else:
            render_markdown(text)

    def test_the_probes_inputs_render_in_bounded_steps_or_are_refused(self):
        # Hypothesis applies no deadline to explicit examples: these are
        # measured in executed lines instead.
        for text in PROBE_MARKDOWN:
            if not markdown_problems(text):
                within_steps(render_markdown, text, self.STEP_BUDGET)

    def test_ordinary_links_render_as_before(self):
        self.assertEqual(
            render_markdown('[a](https://x.org/Foo_(bar) "T")'),
            '<p><a href="https://x.org/Foo_(bar)" title="T" '
            'rel="noopener nofollow">a</a></p>',
        )
        self.assertIn(
            'href="https://r.org"', render_markdown("[a][r]\n\n[r]: https://r.org")
        )
        self.assertEqual(render_markdown("`[x](y)`"), "<p><code>[x](y)</code></p>")


class ReadersNeverRenderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        Annotation.objects.create(
            paragraph=Paragraph.objects.get(label="II.14"),
            kind="context",
            status="published",
            body="*Read* me",
            author=make_user("writer", curator=True),
        )

    def test_reading_pages_and_feeds_use_the_stored_html(self):
        with mock.patch(
            "declarations.markdown_html.markdown.markdown", side_effect=AssertionError
        ):
            for url in [
                PERMALINK,
                "/declarations/tianjin-2025/",
                "/feeds/annotations.atom",
            ]:
                self.assertEqual(self.client.get(url).status_code, 200, url)
            self.assertContains(self.client.get(PERMALINK), "<em>Read</em> me")


def form_data(response):
    """Return the POST data of an admin change form as the page shows it
    (the main form, every inline formset and their management forms)."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(value, bool) or bound.field.disabled and value is None:
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


class PermissionPolicyTests(TestCase):
    """Every admin page and every inline row, as each role, offers exactly
    what the model's policy (declarations/policies.py) allows."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.other = make_user("other-curator", curator=True)
        cls.roles = {
            "curator": cls.curator,
            "staff in no group": make_user("staff", staff=True),
            "superuser": make_user("boss", superuser=True),
        }
        cls.paragraph = Paragraph.objects.get(label="II.14")
        cls.editorial = Annotation.objects.create(
            paragraph=cls.paragraph,
            kind=Annotation.Kind.EDITORIAL_NOTE,
            status=Annotation.Status.PUBLISHED,
            body="The project's note.",
        )
        cls.others_draft = Annotation.objects.create(
            paragraph=cls.paragraph,
            kind="context",
            status="draft",
            body="Another curator's draft.",
            author=cls.other,
        )
        cls.own_draft = Annotation.objects.create(
            paragraph=cls.paragraph,
            kind="context",
            status="draft",
            body="My draft.",
            author=cls.curator,
        )

    def test_every_admin_page_and_inline_row_follows_the_policy(self):
        from django.contrib import admin as django_admin

        from declarations.policies import policy_for

        checked_rows = Counter()
        for role, user in self.roles.items():
            self.client.force_login(user)
            for model in django_admin.site._registry:
                if model._meta.app_label != "declarations":
                    continue
                policy = policy_for(model)
                base = f"/admin/declarations/{model._meta.model_name}/"
                listing = self.client.get(base)
                self.assertEqual(
                    listing.status_code,
                    200 if policy.can_view(user) else 403,
                    (role, base),
                )
                add = self.client.get(base + "add/")
                self.assertEqual(
                    add.status_code, 200 if policy.can_add(user) else 403, (role, base)
                )
                if listing.status_code == 200:
                    action_form = listing.context["action_form"]
                    actions = (
                        action_form.fields["action"].choices if action_form else []
                    )
                    self.assertEqual(
                        "delete_selected" in dict(actions),
                        policy.can_delete_in_bulk(user),
                        (role, base),
                    )
                # The newest object, and the paragraph that holds the
                # probe's annotations (an editorial note, two drafts).
                objects = [model.objects.order_by("pk").last()]
                if model is Paragraph:
                    objects.append(self.paragraph)
                for obj in filter(None, objects):
                    change = self.client.get(f"{base}{obj.pk}/change/")
                    self.assertEqual(
                        change.status_code,
                        200 if policy.can_view(user, obj) else 403,
                        (role, base),
                    )
                    delete = self.client.get(f"{base}{obj.pk}/delete/")
                    self.assertEqual(
                        delete.status_code,
                        200 if policy.can_delete(user, obj) else 403,
                        (role, base),
                    )
                    self.assertEqual(
                        self.client.get(f"{base}{obj.pk}/history/").status_code,
                        200 if policy.can_view(user, obj) else 403,
                    )
                    if change.status_code != 200:
                        continue
                    for inline in change.context["inline_admin_formsets"]:
                        inline_policy = policy_for(inline.formset.model)
                        self.assertEqual(
                            inline.has_add_permission, inline_policy.can_add(user)
                        )
                        for form in inline.formset.initial_forms:
                            checked_rows[inline.formset.model] += 1
                            deletion = form.fields.get("DELETE")
                            may_delete = inline_policy.can_delete(user, form.instance)
                            offered = deletion is not None and not deletion.disabled
                            self.assertEqual(offered, may_delete, (role, form.instance))
        # Each role that may see paragraphs saw the probe's three annotations
        # in the paragraph's inline.
        viewers = [
            user
            for user in self.roles.values()
            if policy_for(Paragraph).can_view(user, self.paragraph)
        ]
        self.assertEqual(len(viewers), 2)
        self.assertGreaterEqual(checked_rows[Annotation], 3 * len(viewers))

    def test_the_paragraph_page_inline_deletes_only_what_the_policy_allows(self):
        self.client.force_login(self.curator)
        url = f"/admin/declarations/paragraph/{self.paragraph.pk}/change/"
        page = self.client.get(url)
        data = form_data(page)
        for inline in page.context["inline_admin_formsets"]:
            for form in inline.formset.initial_forms:
                if form.instance.pk in (
                    self.editorial.pk,
                    self.others_draft.pk,
                    self.own_draft.pk,
                ):
                    data[form.add_prefix("DELETE")] = "on"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Annotation.objects.filter(pk=self.editorial.pk).exists())
        self.assertTrue(Annotation.objects.filter(pk=self.others_draft.pk).exists())
        self.assertFalse(Annotation.objects.filter(pk=self.own_draft.pk).exists())

    def test_bulk_publish_and_delete_follow_the_policy(self):
        self.client.force_login(self.roles["staff in no group"])
        response = self.client.post(
            "/admin/declarations/annotation/",
            {"action": "publish", "_selected_action": [self.own_draft.pk]},
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.curator)
        response = self.client.post(
            "/admin/declarations/annotation/",
            {
                "action": "delete_selected",
                "_selected_action": [self.others_draft.pk],
                "post": "yes",
            },
        )
        self.assertTrue(Annotation.objects.filter(pk=self.others_draft.pk).exists())


def not_text(character):
    """The rule, stated through unicodedata: what no stored text may hold."""
    code = ord(character)
    return (
        (unicodedata.category(character) == "Cc" and character not in "\t\n\r")
        or unicodedata.category(character) in {"Cs", "Zl", "Zp"}
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


class TextGateTests(PropertyDjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)
        cls.paragraph = Paragraph.objects.get(label="II.14")

    @given(st.text(st.characters(codec=None, categories=None), max_size=40))
    @settings(max_examples=300, deadline=None)
    def test_the_gate_refuses_exactly_the_characters_no_text_may_hold(self, text):
        refused = [character for character in text if not_text(character)]
        problems = text_problems(text)
        self.assertEqual(bool(problems), bool(refused))
        if refused:
            self.assertIn(f"U+{ord(refused[0]):04X}", problems[0])

    @given(
        st.text(max_size=10),
        st.sampled_from("\x00\x07\x1b\x7f\x85\u2028\ufdd0\ufffe\U0010ffff"),
    )
    @settings(max_examples=20, deadline=None)
    def test_the_admin_refuses_a_bad_character_in_the_chinese_with_a_message(
        self, text, character
    ):
        self.client.force_login(self.curator)
        url = f"/admin/declarations/paragraph/{self.paragraph.pk}/change/"
        data = form_data(self.client.get(url))
        data.update(
            text_zh=f"成员国{character}继续{text}",
            zh_sources="https://example.org/zh",
            zh_source_kind="official-site",
            zh_confidence="high",
            zh_notes="Checked.",
        )
        before = Paragraph.objects.get(pk=self.paragraph.pk).text_zh
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"U+{ord(character):04X}")
        self.assertEqual(Paragraph.objects.get(pk=self.paragraph.pk).text_zh, before)

    def test_no_export_fails_on_text_stored_before_the_gate(self):
        # Written past every gate, as a raw update or an old database would.
        ParagraphText.objects.update_or_create(
            paragraph=self.paragraph,
            expression=self.paragraph.document.expressions.get(tag="zh-Hans"),
            defaults={"text": "成员国\x07继续\x1b合作。", "origin": "curator"},
        )
        ParagraphText.objects.filter(paragraph=self.paragraph).in_language("en").update(
            text="Member\x0b states."
        )
        for url in [
            PERMALINK,
            "/declarations/tianjin-2025/ii/",
            "/declarations/tianjin-2025/",
        ]:
            for lang in ("zh", "en"):
                for fmt in ("akn", "json", "csv", "txt"):
                    response = self.client.get(url, {"format": fmt, "lang": lang})
                    self.assertLess(response.status_code, 500, (url, lang, fmt))
            self.assertEqual(
                self.client.get(url, {"format": "akn", "lang": "zh"}).status_code, 200
            )


FORMULA_CHARACTERS = "=+-@\t\r'"


class CsvWriterTests(PropertyTestCase):
    @given(
        st.lists(
            st.lists(
                st.text(
                    st.characters(blacklist_categories=["Cs"]).filter(
                        lambda c: c != "\x00"
                    )
                    | st.sampled_from(FORMULA_CHARACTERS),
                    max_size=12,
                ),
                min_size=1,
                max_size=4,
            ),
            max_size=5,
        )
    )
    @settings(max_examples=200, deadline=None)
    def test_no_cell_runs_as_a_formula_and_every_value_comes_back(self, rows):
        text = csv_text(["a"], rows)
        read = list(csv.reader(io.StringIO(text, newline="")))[1:]
        self.assertEqual(len(read), len(rows))
        for written, original in zip(read, rows, strict=True):
            for cell, value in zip(written, original, strict=True):
                self.assertFalse(cell.startswith(FORMULA_STARTS), cell)
                self.assertEqual(read_cell(cell), value)


class OverviewCsvTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_an_entity_named_as_a_formula_reaches_the_overview_csv_as_text(self):
        formula = '=HYPERLINK("https://evil.example","India")'
        Entity.objects.filter(slug="india").update(name_en=formula)
        response = self.client.get(DOCUMENT + "overview/", {"format": "csv"})
        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = [row[1] for row in table]
        self.assertIn("'" + formula, names)
        self.assertFalse(
            any(cell.startswith(FORMULA_STARTS) for row in table for cell in row)
        )


SCHEMES = [
    "http",
    "https",
    "javascript",
    "JavaScript",
    "data",
    "ftp",
    "file",
    "vbscript",
]


class WebAddressTests(PropertyTestCase):
    @given(
        st.sampled_from(SCHEMES),
        st.sampled_from([":", "://", ":/"]),
        st.sampled_from(["example.org", "alert(1)", "", "[::1", "x.org/a?b#c"]),
        st.sampled_from(["", " ", "\t", "\x00"]),
    )
    @settings(max_examples=150, deadline=None)
    def test_only_http_and_https_addresses_pass_the_gate(
        self, scheme, separator, rest, prefix
    ):
        url = f"{prefix}{scheme}{separator}{rest}"
        if not web_address_problems(url):
            self.assertIn(urlsplit(url).scheme, {"http", "https"})
            self.assertTrue(urlsplit(url).hostname)


class WebAddressEntryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def test_import_original_refuses_a_source_that_is_not_a_web_page(self):
        from tests.test_import_original import original_text

        before = list(
            ParagraphText.objects.order_by("pk").values_list("text", flat=True)
        )
        path = Path(tempfile.mkdtemp()) / "original.txt"
        path.write_text(original_text(), encoding="utf-8")
        for url in ["javascript:alert(1)", "ftp://example.org/x", "/relative"]:
            with self.assertRaisesMessage(CommandError, "http or https only"):
                call_command(
                    "import_original",
                    str(path),
                    "--document=tianjin-2025",
                    "--lang=zh",
                    f"--source-url={url}",
                    "--source-kind=official-site",
                    "--confidence=high",
                    "--note=Checked.",
                    stdout=io.StringIO(),
                )
        self.assertEqual(
            list(ParagraphText.objects.order_by("pk").values_list("text", flat=True)),
            before,
        )

    def test_the_admin_refuses_a_source_that_is_not_a_web_page(self):
        self.client.force_login(self.curator)
        response = self.client.post(
            "/admin/declarations/annotation/add/",
            {
                "paragraph": Paragraph.objects.get(label="II.14").pk,
                "kind": "context",
                "status": "draft",
                "body": "A note.",
                "source_url": "ftp://example.org/file",
            },
        )
        self.assertContains(response, "http or https only")
        self.assertFalse(Annotation.objects.filter(body="A note.").exists())


class PublicOriginTests(PropertyDjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        Annotation.objects.create(
            paragraph=Paragraph.objects.get(label="II.14"),
            kind="context",
            status="published",
            body="A note.",
        )

    @given(
        st.sampled_from(["127.0.0.1:6666", "localhost", "testserver"]),
        st.sampled_from(["https", "http"]),
    )
    @settings(max_examples=12, deadline=None)
    def test_sitemap_and_feed_urls_are_on_the_public_origin(self, host, scheme):
        for url in ["/sitemap.xml", "/feeds/annotations.atom"]:
            response = self.client.get(
                url,
                HTTP_HOST=host,
                HTTP_X_FORWARDED_PROTO=scheme,
                secure=scheme == "https",
            )
            self.assertEqual(response.status_code, 200)
            found = re.findall(
                r"(?:href=\"|<loc>|<id>)([a-z]+://[^\"<]+)", response.content.decode()
            )
            self.assertTrue(found, url)
            for address in found:
                self.assertTrue(
                    address.startswith(django_settings.SITE_URL + "/"), address
                )


class ForwardedHeaderTests(SimpleTestCase):
    APP = (
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [environ['wsgi.url_scheme'].encode()]\n"
    )

    def scheme_seen(self, behind_proxy):
        folder = Path(tempfile.mkdtemp())
        (folder / "echo_scheme.py").write_text(self.APP)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "DJANGO_BEHIND_PROXY": "1" if behind_proxy else "0"}
        env.pop("FORWARDED_ALLOW_IPS", None)
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config",
                str(django_settings.BASE_DIR / "gunicorn.conf.py"),
                "--pythonpath",
                str(folder),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "echo_scheme:app",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}/",
                        headers={"X-Forwarded-Proto": "https"},
                    )
                    with urllib.request.urlopen(request, timeout=5) as response:
                        return response.read().decode()
                except OSError:
                    time.sleep(0.2)
            self.fail("gunicorn did not start")
        finally:
            server.terminate()
            server.wait(timeout=10)

    def test_gunicorn_believes_x_forwarded_proto_only_behind_the_proxy(self):
        self.assertEqual(self.scheme_seen(behind_proxy=False), "http")
        self.assertEqual(self.scheme_seen(behind_proxy=True), "https")


VALID_RECORD = {
    "key": "7d0c6a3e-2f4b-4a8e-9d3c-5b1e8f2a6c41",
    "document": "tianjin-2025",
    "paragraph": "II.14",
    "kind": "context",
    "status": "published",
    "body": "A note.",
}
AWKWARD_VALUES = [
    None,
    "",
    0,
    1.5,
    True,
    [],
    {},
    ["x"],
    "2025-02-30T00:00:00",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2025-01-01T00:00:00+00:00",
    "editorial-note",
    "curator",
    "x\ud800y",
    "a\x07b",
    "http://[::1/x",
    "javascript:alert(1)",
    "not-a-uuid",
    "[\\]" * 3000,
    "x" * 600,
]
FIELDS = [
    *VALID_RECORD,
    "quote",
    "source_url",
    "source_citation",
    "author",
    "last_changed_by",
    "created_at",
    "updated_at",
    "unknown",
]


class AnnotationImportTests(PropertyDjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        make_user("curator", curator=True)

    def run_import(self, data, *options):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(data, handle)
        call_command("import_annotations", handle.name, *options, stdout=io.StringIO())

    @given(
        st.dictionaries(
            st.sampled_from(FIELDS),
            st.sampled_from(AWKWARD_VALUES) | st.text(max_size=20),
            max_size=4,
        )
    )
    @settings(max_examples=120, deadline=None)
    def test_a_malformed_record_is_named_and_nothing_is_written(self, changes):
        record = {**VALID_RECORD, **changes}
        before = list(Annotation.objects.values_list("pk", "body", "kind"))
        try:
            self.run_import([record])
        except CommandError as error:
            self.assertIn("annotation 1", str(error))
            self.assertIn("nothing was imported", str(error))
            self.assertEqual(
                list(Annotation.objects.values_list("pk", "body", "kind")), before
            )
        else:
            imported = Annotation.objects.get(key=record["key"])
            self.assertNotEqual(imported.kind, "editorial-note")
            self.assertIsNone(imported.author)
            Annotation.objects.filter(key=record["key"]).delete()

    @given(
        st.sampled_from(
            [
                "http://[::1/declarations/tianjin-2025/ii/14/",
                "https://x/declarations/tianjin-2025/ii/99/",
                "javascript:alert(1)",
                "",
            ]
        ),
        st.sampled_from(["editorial-note", "context", "\x07"]),
    )
    @settings(max_examples=12, deadline=None)
    def test_a_malformed_web_annotation_is_named_and_nothing_is_written(
        self, source, kind
    ):
        item = {
            "type": "Annotation",
            "id": "urn:uuid:" + VALID_RECORD["key"],
            "target": {"source": source},
            "body": [
                {"purpose": "commenting", "value": "A note."},
                {"purpose": "tagging", "value": kind},
            ],
        }
        with self.assertRaisesRegex(CommandError, "annotation 1"):
            self.run_import({"type": "AnnotationPage", "items": [item]})
        self.assertFalse(Annotation.objects.filter(key=VALID_RECORD["key"]).exists())

    def test_the_flags_let_in_editorial_notes_and_authors(self):
        record = {**VALID_RECORD, "kind": "editorial-note", "author": "curator"}
        with self.assertRaisesRegex(CommandError, "--editorial-notes"):
            self.run_import([record], "--authors")
        with self.assertRaisesRegex(CommandError, "--authors"):
            self.run_import([record], "--editorial-notes")
        self.run_import([record], "--editorial-notes", "--authors")
        imported = Annotation.objects.get(key=record["key"])
        self.assertEqual(imported.author.username, "curator")


def stored_total():
    from django.db.models import Sum
    from django.db.models.functions import Coalesce, Length

    totals = ParagraphText.objects.in_language("en").aggregate(
        english=Coalesce(Sum(Length("text")), 0),
        html=Coalesce(Sum(Length("html")), 0),
    )
    return totals["html"], stored_html_budget(totals["english"])


class WholeSaveBudgetTests(PropertyDjangoTestCase):
    """Mentions added in the same POST or in the Mention admin count against
    the storage budget, as an instrument's names do."""

    @classmethod
    def setUpTestData(cls):
        cls.document = make_declaration(sections=1, paragraphs_per_section=1)
        cls.paragraph = Paragraph.objects.filter(document=cls.document).last()
        cls.paragraph.text_en = "The Test Charter binds each member. " * 1000
        cls.paragraph.save()
        cls.superuser = make_user("boss", superuser=True)

    def heavy_instrument(self, aliases):
        # Made directly: on its own, linking nothing, it is within budget.
        return make_instrument(
            slug="heavy",
            title_en="Heavy Charter",
            title_source="outside: a test",
            aliases="\n".join(aliases),
        )

    def add_mention(self, route, instrument):
        self.client.force_login(self.superuser)
        if route == "mention admin":
            return self.client.post(
                "/admin/declarations/mention/add/",
                {
                    "paragraph": self.paragraph.pk,
                    "instrument": instrument.pk,
                    "verb": Mention.Verb.NOTED,
                },
            )
        if route == "paragraph inline":
            url = f"/admin/declarations/paragraph/{self.paragraph.pk}/change/"
            prefix, values = "mentions", {"instrument": instrument.pk}
        else:
            url = f"/admin/declarations/instrument/{instrument.pk}/change/"
            prefix, values = "mentions", {"paragraph": self.paragraph.pk}
        data = form_data(self.client.get(url))
        total = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
        for name, value in {**values, "verb": Mention.Verb.NOTED}.items():
            data[f"{prefix}-{total}-{name}"] = str(value)
        return self.client.post(url, data)

    @given(
        st.sampled_from(["mention admin", "paragraph inline", "instrument inline"]),
        st.lists(
            st.sampled_from(["each", "member", "binds", "Heavy Charter"]),
            min_size=1,
            max_size=4,
            unique=True,
        ),
    )
    @settings(max_examples=12, deadline=None)
    def test_no_save_leaves_the_corpus_past_its_budget(self, route, aliases):
        instrument = self.heavy_instrument(aliases)
        # The links are stored again on commit (declarations/derived.py).
        with self.captureOnCommitCallbacks(execute=True):
            response = self.add_mention(route, instrument)
        html, budget = stored_total()
        self.assertLessEqual(html, budget)
        linked = Mention.objects.filter(instrument=instrument).exists()
        note(f"{route}: {aliases} -> {response.status_code}, {html:,} of {budget:,}")
        if not linked:
            self.assertContains(response, "its budget is")
        else:
            self.assertEqual(response.status_code, 302)


class HugeAdminSearchTests(PropertyDjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        make_declaration(sections=1, paragraphs_per_section=2)
        cls.superuser = make_user("boss", superuser=True)

    @given(
        st.integers(21, 1500), st.sampled_from(["annotation", "paragraph", "mention"])
    )
    @settings(max_examples=8, deadline=None)
    def test_a_search_of_too_many_words_is_a_400_that_says_why(self, words, model):
        self.client.force_login(self.superuser)
        response = self.client.get(
            f"/admin/declarations/{model}/", {"q": " ".join(["ab"] * words)}
        )
        self.assertContains(response, f"{words:,} words", status_code=400)

    def test_a_search_of_a_few_words_still_works(self):
        self.client.force_login(self.superuser)
        response = self.client.get("/admin/declarations/paragraph/", {"q": "note"})
        self.assertEqual(response.status_code, 200)


class StaticHeaderTests(SimpleTestCase):
    def test_static_files_carry_the_documented_security_headers(self):
        from sco_site.static_headers import security_headers

        response = self.client.get("/static/declarations/annotation-preview.js")
        self.assertEqual(response.status_code, 200)
        for name in [
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Permissions-Policy",
            "Cross-Origin-Opener-Policy",
        ]:
            self.assertEqual(response[name], security_headers()[name], name)


class SharedLoginCountTests(SimpleTestCase):
    CHILD = (
        "import django; django.setup()\n"
        "from django.core.cache import caches\n"
        "cache = caches['logins']\n"
        "cache.add('probe-count', 0, 60)\n"
        "print(cache.incr('probe-count'))\n"
    )

    def test_workers_without_redis_count_failed_logins_together(self):
        folder = tempfile.mkdtemp()
        env = {
            **os.environ,
            "REDIS_URL": "",
            "CACHE_URL": "",
            "DJANGO_LOGIN_CACHE_DIR": folder,
        }
        counts = [
            subprocess.run(
                [sys.executable, "-c", self.CHILD],
                env=env,
                cwd=django_settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            for _ in range(2)
        ]
        # Two processes, as two gunicorn workers: the second sees the first's.
        self.assertEqual(counts, ["1", "2"])
