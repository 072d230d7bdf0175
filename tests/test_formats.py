"""The ?format= registry (declarations/formats/): what each page offers is
what its formats' renderers implement, and a new format reaches a page by
one renderer in the registry."""

from unittest import mock

from django.test import RequestFactory, SimpleTestCase

from declarations import formats

CITATION_FILES = {"bibtex", "ris", "csl-json"}

# The formats each page offered when they were branches inside the views;
# the 400 for an unknown format lists them (docs/DATA.md).
OFFERED = {
    "document_list": {"json"},
    "document_detail": {"json", "csv", "txt", "citation", "akn", "annotations"}
    | CITATION_FILES,
    "document_overview": {"json", "csv"},
    "section_detail": {"json", "csv", "akn"},
    "paragraph_detail": {"json", "txt", "citation", "akn", "annotations"}
    | CITATION_FILES,
    "theme_list": {"json"},
    "theme_detail": {"json"},
    "instrument_list": {"json"},
    "instrument_detail": {"json"},
    "entity_list": {"json"},
    "entity_detail": {"json"},
    "reading_list": {"json", "csv"},
    "corpus_download": {"json", "csv"},
    "vocabulary": {"ttl", "jsonld"},
}


class RegistryTests(SimpleTestCase):
    def test_each_page_offers_the_formats_whose_renderer_has_its_method(self):
        for kind, names in OFFERED.items():
            with self.subTest(kind=kind):
                self.assertEqual(formats.offered(kind), names)

    def test_a_new_format_is_one_renderer_in_the_registry(self):
        class Shout:
            def theme_list(self, page):
                return f"{len(page)} THEMES"

        with mock.patch.dict(formats.FORMATS, {"shout": Shout()}):
            self.assertEqual(formats.offered("theme_list"), {"json", "shout"})
            self.assertNotIn("shout", formats.offered("theme_detail"))

            @formats.offers("theme_list")
            def view(request, output):
                return formats.render(output, "theme_list", ["a", "b"])

            request = RequestFactory().get("/themes/", {"format": "shout"})
            self.assertEqual(view(request), "2 THEMES")

    def test_an_unknown_format_is_a_400_that_lists_the_offered_ones(self):
        @formats.offers("section_detail")
        def view(request, output):
            raise AssertionError("not reached")

        response = view(RequestFactory().get("/", {"format": "pdf"}))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.content.decode(),
            "Unknown format 'pdf'. This page offers: akn, csv, html, json.",
        )
