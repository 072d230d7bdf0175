"""The paragraph form's provenance as a curator meets it on a paragraph
loaded from the corpus: the kind of source its text's own status supports,
prefilled to confirm; a revert judged as the change it makes; kinds of
source in words."""

from django.test import TestCase

from declarations.models import Paragraph, SourceKind
from tests.factories import make_user
from tests.test_corpus import load_real_corpus
from tests.test_curation import ADMIN, admin_form_data


class LoadedProvenanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def setUp(self):
        self.client.force_login(self.curator)

    def url(self, label):
        return f"{ADMIN}paragraph/{Paragraph.objects.get(label=label).pk}/change/"

    def test_a_press_quotation_prefills_the_news_kind_and_says_why(self):
        # Seen red: the field was blank on every loaded paragraph, and
        # required with any change of the Chinese.
        for label, described in [
            ("I.2", "zh-Hant: quoted by the press, as printed"),
            ("IV.4", "zh-Hans: quoted by the press, as printed"),
        ]:
            with self.subTest(label):
                paragraph = Paragraph.objects.get(label=label)
                self.assertNotIn("source_kind", paragraph.text_zh_provenance)
                form = self.client.get(self.url(label)).context["adminform"].form
                self.assertEqual(form.initial["zh_source_kind"], SourceKind.NEWS_REPORT)
                help_text = form.fields["zh_source_kind"].help_text
                self.assertIn("Prefilled", help_text)
                self.assertIn(described, help_text)
        # No Chinese, nothing to support a kind: blank, as before.
        form = self.client.get(self.url("II.14")).context["adminform"].form
        self.assertEqual(form.initial["zh_source_kind"], "")
        self.assertNotIn("Prefilled", form.fields["zh_source_kind"].help_text)

    def test_a_correction_of_a_loaded_text_is_saved_with_the_kind_confirmed(self):
        url = self.url("IV.4")
        data = admin_form_data(
            self.client.get(url), text_zh="成员国强调,各国都享有平等发展的权利。"
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        paragraph = Paragraph.objects.get(label="IV.4")
        self.assertEqual(paragraph.text_zh, "成员国强调,各国都享有平等发展的权利。")
        self.assertEqual(
            paragraph.text_zh_provenance["source_kind"], SourceKind.NEWS_REPORT
        )

    def test_a_kind_recorded_is_shown_as_recorded(self):
        paragraph = Paragraph.objects.get(label="I.2")
        row = paragraph.text_row("zh")
        row.provenance = {**row.provenance, "source_kind": "official-site"}
        row.save()
        form = self.client.get(self.url("I.2")).context["adminform"].form
        self.assertEqual(form.initial["zh_source_kind"], "official-site")
        self.assertNotIn("Prefilled", form.fields["zh_source_kind"].help_text)
