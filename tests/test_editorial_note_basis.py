"""The project's editorial notes as readers see them: the page ends the
basis with its own full stop, so no basis doubles it."""

import re

from django.test import TestCase

from declarations.models import Annotation
from tests.test_corpus import load_real_corpus


class EditorialNoteBasisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_no_note_footer_ends_its_source_with_two_full_stops(self):
        # Seen red: IV.4's footer read "… the record for IV.4).." (and
        # II.42's "….html)..").
        notes = Annotation.objects.filter(source_citation__gt="")
        self.assertGreaterEqual(notes.count(), 2)
        for note in notes:
            with self.subTest(note.paragraph.label):
                page = self.client.get(note.paragraph.get_absolute_url())
                footer = page.content.decode().split(f'id="annotation-{note.pk}"')[1]
                footer = footer.split("</footer>")[0]
                source = re.search(r"Source: (.*?)\s*<span", footer, re.S).group(1)
                self.assertNotRegex(source, r"\.\.\s*$")
                self.assertTrue(source.endswith("."), source)
