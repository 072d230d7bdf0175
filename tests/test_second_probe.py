"""The second outside probe (issue 24, docs/SECURITY.md): each input is
checked at the one gate it passes through, by a property over that gate."""

from datetime import timedelta
from unittest import mock

from django.test import TestCase
from hypothesis import HealthCheck, example, given, settings, strategies as st
from hypothesis.extra.django import SimpleTestCase as PropertyTestCase

from declarations.models import Annotation, Paragraph
from declarations.rendering import (
    MAX_MARKDOWN_LENGTH,
    markdown_problems,
    render_markdown,
)
from tests.factories import make_user
from tests.test_corpus import load_real_corpus

PERMALINK = "/declarations/tianjin-2025/ii/14/"

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


class MarkdownCostTests(PropertyTestCase):
    @given(markdown_texts)
    @example("[\\]" * 3333)
    @example("[[\\]\\]" * 1666)
    @example("[`]`" * 2500)
    @example('[a]("x)' * 1400)
    @example("![a](" * 2000)
    @example(">" * MAX_MARKDOWN_LENGTH)
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
            "declarations.rendering.markdown.markdown", side_effect=AssertionError
        ):
            for url in [
                PERMALINK,
                "/declarations/tianjin-2025/",
                "/feeds/annotations.atom",
            ]:
                self.assertEqual(self.client.get(url).status_code, 200, url)
            self.assertContains(self.client.get(PERMALINK), "<em>Read</em> me")
