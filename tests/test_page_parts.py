"""Parts of the document page rendered once per corpus version
(declarations/page_parts.py): filled for a request, they are what the
templates render for it, and a new version renders them again."""

import contextlib
import datetime
from types import SimpleNamespace
from unittest import mock

from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase as DjangoTestCase
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.django import TestCase

from declarations import page_parts
from declarations.filters import ParagraphFilter
from declarations.models import Document, Paragraph, Section
from declarations.page_cache import corpus_version
from declarations.reading_index import DocumentIndex
from declarations.views import documents
from tests.test_corpus import load_real_corpus

DOC = "/declarations/tianjin-2025/"


class ContentsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        query=st.fixed_dictionaries(
            {},
            optional={
                "q": st.sampled_from(["cooperation", "trade", "能源", "x"]),
                "theme": st.sampled_from(["energy", "finance", "health"]),
                "section": st.sampled_from(["i", "ii", "iv", "zz"]),
                "lang": st.sampled_from(["both", "en", "zh", "zh-Hant", "ru", "no"]),
            },
        )
    )
    def test_the_filled_contents_are_what_the_template_renders(self, query):
        index = DocumentIndex.of("tianjin-2025", corpus_version())
        # Rendered once, then filled: the first example renders them.
        document = index.document()
        filterset = ParagraphFilter(
            QueryDict(mutable=True) | query,
            queryset=Paragraph.objects.filter(document=document),
            document=document,
            index=index,
        )
        document.count_matches_by_section(
            index.rows_for(document, filterset.matching_ids())
        )
        context = {
            "document": document,
            "filter": filterset,
            "lang": filterset.language,
        }
        self.assertEqual(
            page_parts.contents(
                index,
                document,
                filtering=filterset.is_filtering,
                lang=filterset.language,
            ),
            render_to_string(page_parts.TOC, context),
        )


class FilteredPageTests(TestCase):
    """A filtered document page is its frame, rendered once per version,
    filled with the request's parts (views.documents.filtered_page): the
    page the template renders with the view's context, for anyone."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.staff = User.objects.create_user("staff", is_staff=True)

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        query=st.fixed_dictionaries(
            {"q": st.sampled_from(["cooperation", "trade", "能源", "energy\x07"])},
            optional={
                "theme": st.sampled_from(["energy", "finance", "nothing"]),
                "section": st.sampled_from(["i", "iv", "zz"]),
                "lang": st.sampled_from(["both", "en", "zh", "zh-Hant", "ru"]),
                "script": st.sampled_from(["zh-Hant", "xx"]),
                "instrument": st.sampled_from(["un-charter", "nothing"]),
                "zh": st.sampled_from(["available", "no"]),
            },
        ),
        staff=st.booleans(),
    )
    def test_the_filled_page_is_what_the_template_renders(self, query, staff):
        # Each example renders: an earlier one's page, in the page cache,
        # would answer a repeated query without the view.
        cache.clear()
        if staff:
            self.client.force_login(self.staff)
        else:
            self.client.logout()
        rendered, filled_page = [], documents.filtered_page

        def filtered_page(index, context):
            filled = filled_page(index, context)
            template = render_to_string(
                documents.DOCUMENT_DETAIL, context, request=context["request"]
            )
            rendered.append((filled, template))
            return filled

        with mock.patch.object(documents, "filtered_page", filtered_page):
            response = self.client.get(DOC, query)
        if response.status_code == 404:  # a language the document lacks
            return
        ((filled, template),) = rendered
        self.assertEqual(filled, template)
        self.assertEqual(response.content.decode(), filled)


class VersionTests(DjangoTestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_new_version_renders_the_contents_again(self):
        self.client.get(DOC)
        self.client.get(DOC + "?q=trade")
        section = Section.objects.get(document__slug="tianjin-2025", key="ii")
        section.heading = "Two (test)"
        section.save()
        for url in [DOC, DOC + "?q=trade"]:
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                contents = page.split('<nav class="toc"')[1].split("</nav>")[0]
                self.assertIn(">Section Two (test)</a>", contents)


class CitePanelTests(DjangoTestCase):
    """The document page's Cite panel, rendered once per version and day
    (DocumentPage.cite_panel): its access date is today's."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def cite_panel(self, query):
        page = self.client.get(DOC, {"q": query}).content.decode()
        return page.split('<section class="cite"')[1].split("</section>")[0]

    def test_a_new_day_and_a_new_version_render_the_panel_again(self):
        today = datetime.date.today()
        self.assertIn(f"(accessed {today.day} {today:%B %Y})", self.cite_panel("a"))
        tomorrow = today + datetime.timedelta(days=1)
        fake = mock.Mock(wraps=datetime)
        fake.date = mock.Mock(wraps=datetime.date)
        fake.date.today.return_value = tomorrow
        modules = ["citations", "page_cache", "page_parts"]
        with contextlib.ExitStack() as stack:
            for module in modules:
                stack.enter_context(mock.patch(f"declarations.{module}.datetime", fake))
            panel = self.cite_panel("b")
        self.assertIn(f"(accessed {tomorrow.day} {tomorrow:%B %Y})", panel)
        document = Document.objects.get(slug="tianjin-2025")
        document.place_en = "Elsewhere (test), China"
        document.save()
        self.assertIn("(Elsewhere (test), ", self.cite_panel("c"))


# templates/declarations/document_detail.html's loop before the tag.
SECTIONS_LOOP = "\n".join(
    [
        "{% load declarations_tags %}",
        "    {% regroup paragraphs by section as groups %}",
        "    {% for group in groups %}",
        '    <section class="section" id="section-{{ group.grouper.key }}" '
        'data-section="{{ group.grouper.key }}" '
        'aria-labelledby="heading-{{ group.grouper.key }}">',
        '      <h2 id="heading-{{ group.grouper.key }}"><a href="{% in_language '
        'group.grouper.get_absolute_url %}">{{ group.grouper.title }}</a></h2>',
        "      {% for paragraph in group.list %}",
        "      {% reading_html paragraph %}",
        "      {% endfor %}",
        "    </section>",
        "    {% endfor %}",
        "",
    ]
)


class ReadingSectionsTests(DjangoTestCase):
    """The reading_sections tag writes what the template's loop wrote."""

    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_the_tag_writes_the_loop_of_the_template(self):
        from django.test import RequestFactory

        from declarations import fragments
        from declarations.search import parse

        index = DocumentIndex.of("tianjin-2025", corpus_version())
        for lang, script, query in [
            ("both", "zh-Hans", "cooperation"),
            ("en", "zh-Hans", ""),
            ("zh", "zh-Hant", "安全"),
            ("both", "zh-Hant", "trade"),
        ]:
            document = index.document()
            ids = index.by_section["ii"] | index.by_section["iv"] if query else None
            shown = index.rows_for(document, ids)
            fragments.attach(shown, lang=lang, script=script, theme_links=True)
            context = Context(
                {
                    "paragraphs": shown,
                    "lang": lang,
                    "script": script,
                    "terms": parse(query) if query else [],
                    "request": RequestFactory().get(DOC),
                }
            )
            context["request"].user = SimpleNamespace(is_staff=False)
            with self.subTest(lang=lang, query=query):
                self.assertEqual(
                    Template(
                        "{% load declarations_tags %}\n"
                        "    {% reading_sections paragraphs %}\n"
                    ).render(context),
                    Template(SECTIONS_LOOP).render(context),
                )


class PerVersionTagTests(SimpleTestCase):
    TEMPLATE = (
        '{% load declarations_tags %}{% per_version "part" %}{{ value }}'
        "{% endper_version %}"
    )

    def render(self, **context):
        return Template(self.TEMPLATE).render(Context(context))

    def test_a_part_is_rendered_once_per_index_and_every_time_without_one(self):
        first, second = SimpleNamespace(parts={}), SimpleNamespace(parts={})
        self.assertEqual(self.render(index=first, value=1), "1")
        self.assertEqual(self.render(index=first, value=2), "1")
        self.assertEqual(self.render(index=second, value=2), "2")
        self.assertEqual(self.render(value=3), "3")
        self.assertEqual(self.render(value=4), "4")
