"""The corpus version comes from the database, never an app server's clock.

Two app servers whose clocks are apart serve one database
(docs/DEPLOYMENT.md): each edit, made on either, must move the version that
keys every cached reading page and ETag (declarations/page_cache.py).
"""

import datetime
from unittest import mock

from django.test import TestCase
from django.utils import timezone
from hypothesis import given, settings, strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from declarations import corpus_version
from declarations.models import Paragraph
from declarations.page_cache import corpus_version as version
from tests.factories import make_declaration

HOUR = datetime.timedelta(hours=1)


def on_a_server_whose_clock_is(offset):
    """Patch the app server's clock to read `offset` away from the true time."""
    now = timezone.now()
    return mock.patch("django.utils.timezone.now", return_value=now + offset)


def edit(paragraph, text):
    paragraph.text_en = text
    paragraph.save()


class TwoClocksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first = make_declaration(sections=1, paragraphs_per_section=1, slug="a")
        cls.second = make_declaration(sections=1, paragraphs_per_section=1, slug="b")

    def paragraph(self, document):
        return Paragraph.objects.get(document=document, label="I.1")

    def test_an_edit_on_the_server_whose_clock_is_behind_reaches_readers(self):
        with on_a_server_whose_clock_is(+HOUR):
            edit(self.paragraph(self.first), "Edited on the server an hour ahead.")
        page = self.client.get("/declarations/b/")
        self.assertContains(page, "Member states note paragraph I.1.")
        with on_a_server_whose_clock_is(-HOUR):
            edit(self.paragraph(self.second), "Edited on the server behind.")
        page = self.client.get("/declarations/b/")
        self.assertContains(page, "Edited on the server behind.")

    def test_the_version_is_read_in_one_query(self):
        with self.assertNumQueries(1):
            version()

    def test_a_flushed_database_gets_its_row_back_with_its_first_change(self):
        corpus_version.CorpusVersion.objects.all().delete()
        self.assertIsNone(version())
        edit(self.paragraph(self.first), "The first change after a flush.")
        self.assertIsNotNone(version())


class AnyClocksTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        make_declaration(sections=1, paragraphs_per_section=1, slug="a")
        make_declaration(sections=1, paragraphs_per_section=1, slug="b")

    @settings(max_examples=20, deadline=None)
    @given(
        st.lists(
            st.tuples(st.sampled_from(["a", "b"]), st.integers(-24 * 60, 24 * 60)),
            min_size=2,
            max_size=6,
        )
    )
    def test_every_edit_moves_the_version_whatever_the_servers_clock(self, edits):
        """Edits of either document, each made on a server whose clock is
        that many minutes off."""
        seen = [version()]
        for step, (slug, offset) in enumerate(edits):
            paragraph = Paragraph.objects.get(document__slug=slug, label="I.1")
            with on_a_server_whose_clock_is(datetime.timedelta(minutes=offset)):
                edit(paragraph, f"Edit number {step}.")
            self.assertNotIn(version(), seen)
            seen.append(version())
