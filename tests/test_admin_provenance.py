"""The paragraph form's provenance as a curator meets it on a paragraph
loaded from the corpus: the kind of source its text's own status supports,
prefilled to confirm; a revert judged as the change it makes; kinds of
source in words."""

from django.test import TestCase
from reversion.models import Version

from declarations.admin.history import AS_LOADED
from declarations.models import Paragraph, SourceKind
from tests.factories import make_user
from tests.test_corpus import load_real_corpus
from tests.test_curation import ADMIN, CHINESE_PROVENANCE, admin_form_data


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
            self.client.get(url),
            text_zh="成员国强调,各国都享有平等发展的权利。",
            zh_notes="Checked against the China News Service article.",
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        paragraph = Paragraph.objects.get(label="IV.4")
        self.assertEqual(paragraph.text_zh, "成员国强调,各国都享有平等发展的权利。")
        self.assertEqual(
            paragraph.text_zh_provenance["source_kind"], SourceKind.NEWS_REPORT
        )
        # The permalink says whose confidence and notes they now are.
        page = self.client.get(paragraph.permalink)
        self.assertContains(page, "the curator's confidence: ")
        self.assertContains(page, "<summary>The curator's notes</summary>", html=False)
        self.assertContains(page, "Checked against the China News Service article.")
        self.assertNotContains(page, "compiler's")

    def test_a_changed_text_does_not_keep_the_compilers_notes(self):
        # Seen red: the notes prefilled from the corpus were saved with the
        # curator's text, and the permalink showed them as the notes on it.
        for label, field in [("IV.4", "text_zh"), ("I.2", "text_zh_hant")]:
            with self.subTest(label):
                url = self.url(label)
                page = self.client.get(url)
                loaded = Paragraph.objects.get(label=label)
                changed = (loaded.text_zh_hant or loaded.text_zh) + "测试"
                response = self.client.post(
                    url, admin_form_data(page, **{field: changed})
                )
                self.assertEqual(response.status_code, 200)
                errors = response.context["adminform"].form.errors
                self.assertIn("compiler's notes", errors["zh_notes"][0])
                self.assertEqual(
                    Paragraph.objects.get(label=label).text_zh, loaded.text_zh
                )
        # A change of provenance alone, the text as it is, keeps its notes.
        url = self.url("IV.4")
        data = admin_form_data(self.client.get(url), zh_confidence="medium")
        self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_a_kind_recorded_is_shown_as_recorded(self):
        paragraph = Paragraph.objects.get(label="I.2")
        row = paragraph.text_row("zh")
        row.provenance = {**row.provenance, "source_kind": "official-site"}
        row.save()
        form = self.client.get(self.url("I.2")).context["adminform"].form
        self.assertEqual(form.initial["zh_source_kind"], "official-site")
        self.assertNotIn("Prefilled", form.fields["zh_source_kind"].help_text)

    def test_a_revert_the_form_would_refuse_is_refused_with_its_reasons(self):
        # A text loaded without a note on how it was checked; a curator
        # corrects it, with its provenance complete, then restores the
        # version as loaded. As an edit, the form refuses that text without
        # its note; seen red: the revert restored it (302).
        paragraph = Paragraph.objects.get(label="I.2")
        row = paragraph.text_row("zh")
        row.provenance = {k: v for k, v in row.provenance.items() if k != "notes"}
        row.save()
        url = self.url("I.2")
        corrected = "與此同時，地緣政治對抗愈演愈烈。"
        data = admin_form_data(
            self.client.get(url), text_zh_hant=corrected, **CHINESE_PROVENANCE
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        loaded = Version.objects.get_for_object(paragraph).get(
            revision__comment=AS_LOADED
        )
        revert_url = f"{ADMIN}paragraph/{paragraph.pk}/history/{loaded.pk}/"
        form = self.client.get(revert_url)
        self.assertEqual(form.status_code, 200)
        response = self.client.post(revert_url, admin_form_data(form))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Note is required with the Chinese text.")
        self.assertContains(response, "Restoring this version changes the Chinese")
        paragraph = Paragraph.objects.get(label="I.2")
        self.assertEqual(paragraph.text_zh_hant, corrected)
        # With the note the form asks for, the version is restored.
        data = admin_form_data(form, zh_notes="Checked against crntt again.")
        self.assertEqual(self.client.post(revert_url, data).status_code, 302)
        paragraph = Paragraph.objects.get(label="I.2")
        self.assertNotEqual(paragraph.text_zh_hant, corrected)
        self.assertEqual(
            paragraph.text_zh_provenance["notes"], "Checked against crntt again."
        )

    def test_a_revert_that_leaves_the_chinese_as_it_is_asks_nothing_of_it(self):
        paragraph = Paragraph.objects.get(label="I.2")
        row = paragraph.text_row("zh")
        row.provenance = {k: v for k, v in row.provenance.items() if k != "notes"}
        row.save()
        themes = set(paragraph.themes.all())
        self.assertTrue(themes)
        url = self.url("I.2")
        data = {**admin_form_data(self.client.get(url)), "themes": []}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertFalse(paragraph.themes.exists())
        loaded = Version.objects.get_for_object(paragraph).get(
            revision__comment=AS_LOADED
        )
        revert_url = f"{ADMIN}paragraph/{paragraph.pk}/history/{loaded.pk}/"
        response = self.client.post(
            revert_url, admin_form_data(self.client.get(revert_url))
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(paragraph.themes.all()), themes)

    def test_the_provenance_panel_names_the_kind_of_source_in_words(self):
        # Seen red: "Kind of source: news-report", the stored value.
        paragraph = Paragraph.objects.get(label="I.2")
        row = paragraph.text_row("zh")
        row.provenance = {**row.provenance, "source_kind": "news-report"}
        row.save()
        page = self.client.get(self.url("I.2")).content.decode()
        page = page.split("field-chinese_provenance")[1].split("</fieldset>")[0]
        self.assertIn("<p>Kind of source: News report</p>", page)
        self.assertNotIn("news-report</p>", page)
