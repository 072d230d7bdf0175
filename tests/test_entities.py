"""Entities and who endorses what: the curated data, its pages, filter and
data, the overview matrix, the build's checks and no lost work."""

import csv
import datetime
import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase

from declarations.endorsements import tally
from declarations.filters import ParagraphFilter
from declarations.models import (
    Document,
    Entity,
    EntityMention,
    Membership,
    Paragraph,
    ParagraphSubject,
)
from tests.factories import make_user
from tests.test_build_errors import build_fails, corpus  # noqa: F401
from tests.test_corpus import load_real_corpus
from tests.test_curation import ADMIN, admin_form_data
from tests.test_research_tools import validate

DOC = "/declarations/tianjin-2025/"
ENTITIES_CSV = settings.CORPUS_DIR / "curation" / "entities.csv"
LINKS_CSV = "curation/tianjin-2025/paragraph_entities.csv"
III_1_STATES = {
    "belarus",
    "iran",
    "kazakhstan",
    "kyrgyzstan",
    "pakistan",
    "russia",
    "tajikistan",
    "uzbekistan",
}


def names_from_entities_csv():
    """Return (slug, name) for every full and short name in entities.csv,
    read with nothing but the csv module."""
    with open(ENTITIES_CSV, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["slug"], row["name_en"]
            for alias in row["aliases"].split("|"):
                if alias.strip():
                    yield row["slug"], alias.strip()


class EntityCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.document = Document.objects.get(slug="tianjin-2025")

    def test_every_name_in_entities_csv_is_linked_wherever_the_source_prints_it(self):
        names = list(names_from_entities_csv())
        self.assertGreater(len(names), 100)
        linked = set(
            EntityMention.objects.values_list("paragraph__label", "entity__slug")
        )
        missing, occurrences = [], 0
        for paragraph in Paragraph.objects.filter(document=self.document):
            for slug, name in names:
                pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
                for _ in re.finditer(pattern, paragraph.text_en, re.IGNORECASE):
                    occurrences += 1
                    if (paragraph.label, slug) not in linked:
                        missing.append((paragraph.label, slug, name))
        self.assertGreater(occurrences, 250)
        self.assertEqual(missing, [])

    def test_every_state_organization_and_place_has_a_link(self):
        unlinked = Entity.objects.filter(mentions__isnull=True)
        self.assertEqual(list(unlinked), [])
        self.assertEqual(Entity.objects.filter(kind="member-state").count(), 10)

    def test_ten_member_states_on_the_declarations_date_eight_before_iran(self):
        on_the_day = Entity.objects.member_states_on(self.document.adopted_on)
        self.assertEqual(on_the_day.count(), 10)
        before_iran = Entity.objects.member_states_on(datetime.date(2023, 7, 3))
        self.assertEqual(before_iran.count(), 8)
        self.assertNotIn("iran", before_iran.values_list("slug", flat=True))

    def test_iii_1_is_supported_by_exactly_the_eight_named_states(self):
        subject = ParagraphSubject.objects.get(paragraph__label="III.1")
        result = tally(subject)
        self.assertEqual({e.slug for e in result.supporting}, III_1_STATES)
        self.assertEqual(
            [(e.slug, role) for e, role in result.absent],
            [("china", "proposes"), ("india", "")],
        )
        self.assertEqual(result.summary, "Supported by 8 of 10 member states")

    def test_iii_1_says_who_supports_it_and_who_is_absent_in_the_reading_view(self):
        response = self.client.get(DOC + "iii/1/")
        self.assertContains(response, "Supported by 8 of 10 member states")
        self.assertContains(
            response,
            'Not among them: <a href="/entities/china/">China</a> (proposes), '
            '<a href="/entities/india/">India</a>.',
            html=False,
        )
        # A paragraph speaking for all member states says nothing of the kind.
        self.assertNotContains(self.client.get(DOC + "iii/2/"), "Supported by")
        self.assertContains(
            self.client.get(DOC + "iii/21/"), "Spoken for the relevant member states"
        )

    def test_entity_list_groups_by_kind_with_counts(self):
        response = self.client.get("/entities/")
        content = response.content.decode()
        headings = re.findall(r'<h2 id="kind-\d+">([^<]+)', content)
        self.assertEqual(
            [h.strip() for h in headings],
            [label for _, label in Entity.Kind.choices],
        )
        self.assertContains(response, "Shanghai Cooperation Organization")
        data = self.client.get("/entities/", {"format": "json"}).json()
        counts = {e["slug"]: e["paragraph_count"] for e in data["entities"]}
        self.assertEqual(counts["belarus"], 2)
        for entity in data["entities"]:
            validate(entity, "entity.schema.json")

    def test_entity_page_lists_each_paragraph_with_role_and_words(self):
        response = self.client.get("/entities/belarus/")
        self.assertContains(response, 'id="iii-1"')
        self.assertContains(response, 'id="iii-24"')
        self.assertNotContains(response, 'id="ii-14"')
        self.assertContains(response, "<strong>endorses</strong>")
        self.assertContains(response, "“Belarusian”")
        self.assertContains(response, "Member state")
        data = self.client.get("/entities/belarus/", {"format": "json"}).json()
        validate(data, "entity.schema.json")
        self.assertEqual(
            [(m["paragraph"]["label"], m["role"]) for m in data["mentions"]],
            [("III.1", "endorses"), ("III.24", "named")],
        )
        self.assertEqual(data["memberships"][0]["since"], "2024-07-04")

    def test_unknown_entity_is_a_404(self):
        self.assertEqual(self.client.get("/entities/atlantis/").status_code, 404)
        response = self.client.get("/entities/atlantis/", {"format": "json"})
        self.assertEqual(response.status_code, 404)

    def test_entity_filter_is_repeatable_and_shown_as_active(self):
        response = self.client.get(DOC, {"entity": "india"})
        self.assertContains(response, 'id="iv-27"')
        self.assertNotContains(response, 'id="iii-1"')
        self.assertContains(response, "Names: India")
        response = self.client.get(DOC + "?entity=india&entity=belarus")
        for anchor in ("iv-27", "iii-1", "iii-24"):
            self.assertContains(response, f'id="{anchor}"')
        self.assertNotContains(response, 'id="ii-14"')
        data = self.client.get(DOC + "?entity=india&entity=belarus&format=json").json()
        self.assertEqual(data["filters"]["entity"], ["belarus", "india"])
        self.assertEqual(
            [p["label"] for p in data["paragraphs"]], ["III.1", "III.24", "IV.27"]
        )
        validate(data, "document.schema.json")

    def test_an_unknown_entity_in_the_filter_is_a_400_that_names_it(self):
        response = self.client.get(DOC, {"entity": "atlantis"})
        self.assertContains(response, "atlantis", status_code=400)
        response = self.client.get(DOC, {"entity": "atlantis", "format": "json"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("entity", response.json()["errors"])

    def test_filterset_with_a_data_dict(self):
        paragraphs = Paragraph.objects.filter(document=self.document).for_reading()
        filterset = ParagraphFilter(
            {"entity": ["laos"]}, queryset=paragraphs, document=self.document
        )
        self.assertEqual([p.label for p in filterset.qs], ["V.5"])
        self.assertEqual(filterset.as_data()["entity"], ["laos"])

    def test_overview_matrix_in_svg_table_json_and_csv_agree(self):
        response = self.client.get(DOC + "overview/")
        self.assertContains(response, '<svg class="matrix"')
        self.assertContains(response, 'aria-label="India, III.1: absent"', html=False)
        self.assertContains(response, '<a href="/entities/india/">India</a></th>')
        self.assertContains(response, f'<a href="{DOC}iii/1/">III.1</a>')
        data = self.client.get(DOC + "overview/", {"format": "json"}).json()
        rows = {row["entity"]: row["cells"] for row in data["subjects"]["rows"]}
        self.assertEqual(len(rows), 10)
        self.assertEqual(
            {slug for slug, cells in rows.items() if cells["III.1"] == "supporting"},
            III_1_STATES,
        )
        self.assertEqual(rows["india"]["III.1"], "absent")
        self.assertEqual(rows["china"]["III.1"], "proposes")
        self.assertEqual(rows["india"]["III.21"], "not-applicable")
        lines = self.client.get(DOC + "overview/", {"format": "csv"}).content
        table = list(csv.DictReader(StringIO(lines.decode())))
        self.assertEqual(
            {row["entity"]: row["III.1"] for row in table},
            {slug: cells["III.1"] for slug, cells in rows.items()},
        )

    def test_the_proposer_is_not_shown_absent_and_the_absent_state_links_it(self):
        response = self.client.get(DOC + "overview/")
        self.assertContains(
            response,
            'aria-label="China, III.1: named as the proposer, not among the subjects"',
        )
        india = self.client.get("/entities/india/")
        self.assertContains(
            india,
            f'<a href="{DOC}iii/1/">Tianjin Declaration (2025), III.1</a>',
        )
        for slug in ["china", "russia"]:  # the proposer, a supporter
            page = self.client.get(f"/entities/{slug}/")
            self.assertNotContains(page, "Absent from")

    def test_paragraph_data_carries_entities_and_subject(self):
        data = self.client.get(DOC + "iii/1/", {"format": "json"}).json()
        validate(data, "paragraph.schema.json")
        self.assertEqual(data["subject"]["supporting"], sorted(III_1_STATES))
        self.assertEqual(data["subject"]["absent"], ["china", "india"])
        self.assertIn(
            {
                "slug": "china",
                "role": "proposes",
                "words": ["People’s Republic of China"],
            },
            data["entities"],
        )
        rows = list(
            csv.DictReader(
                StringIO(self.client.get("/data/corpus.csv").content.decode())
            )
        )
        row = next(r for r in rows if r["label"] == "III.1")
        self.assertEqual(row["subject"], "named-states")
        self.assertIn("belarus", row["entities"].split())

    def test_sitemap_lists_entity_pages(self):
        self.assertContains(self.client.get("/sitemap.xml"), "/entities/belarus/")

    def test_an_edit_to_a_membership_moves_the_corpus_version(self):
        before = Document.objects.get(pk=self.document.pk).changed_at
        membership = Membership.objects.get(entity__slug="belarus")
        membership.since = datetime.date(2025, 9, 2)
        membership.save()
        self.assertGreater(Document.objects.get(pk=self.document.pk).changed_at, before)
        self.assertContains(
            self.client.get(DOC + "iii/1/"), "Supported by 7 of 9 member states"
        )


class EntityCurationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()
        cls.curator = make_user("curator", curator=True)

    def setUp(self):
        self.client.force_login(self.curator)

    def test_curator_edits_an_entity_and_a_reload_keeps_it(self):
        entity = Entity.objects.get(slug="israel")
        url = f"{ADMIN}entity/{entity.pk}/change/"
        data = admin_form_data(self.client.get(url), note="Curator's note.")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertTrue(Entity.objects.get(pk=entity.pk).curated)
        out = StringIO()
        call_command("load_corpus", stdout=out)
        self.assertEqual(Entity.objects.get(pk=entity.pk).note, "Curator's note.")
        self.assertIn("entity 'israel'", out.getvalue())

    def test_deleted_links_stay_deleted_and_the_report_names_them(self):
        links = EntityMention.objects.filter(
            paragraph__label="III.1", entity__slug="india"
        ) | EntityMention.objects.filter(
            paragraph__label="III.1", entity__slug="belarus"
        )
        response = self.client.post(
            ADMIN + "entitymention/",
            {
                "action": "delete_selected",
                "_selected_action": [link.pk for link in links],
                "post": "yes",
            },
        )
        self.assertEqual(response.status_code, 302)
        paragraph = Paragraph.objects.get(label="III.1")
        self.assertTrue(paragraph.entities_curated)
        out = StringIO()
        call_command("load_corpus", stdout=out)
        self.assertFalse(paragraph.entity_mentions.filter(entity__slug="belarus"))
        self.assertIn("tianjin-2025 III.1 entity links and subject", out.getvalue())
        # Uncurated paragraphs still follow the corpus.
        self.assertTrue(
            EntityMention.objects.filter(paragraph__label="III.24").exists()
        )

    def test_curator_edits_a_paragraphs_links_in_the_paragraph_admin(self):
        paragraph = Paragraph.objects.get(label="V.5")
        url = f"{ADMIN}paragraph/{paragraph.pk}/change/"
        response = self.client.get(url)
        self.assertContains(response, "Lao People’s Democratic Republic")
        data = admin_form_data(response)
        prefix = next(k for k in data if k.endswith("-0-role") and "entity" in k)
        data[prefix] = "named"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        paragraph.refresh_from_db()
        self.assertTrue(paragraph.entities_curated)

    def test_a_curated_membership_survives_a_reload(self):
        entity = Entity.objects.get(slug="belarus")
        Membership.objects.filter(entity=entity).update(since=datetime.date(2024, 8, 8))
        Entity.objects.filter(pk=entity.pk).update(curated=True)
        out = StringIO()
        call_command("load_corpus", stdout=out)
        self.assertEqual(
            Membership.objects.get(entity=entity).since, datetime.date(2024, 8, 8)
        )
        self.assertIn("entity 'belarus' memberships", out.getvalue())


def remove_line(path, starting):
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(line for line in lines if not line.startswith(starting)),
        encoding="utf-8",
    )


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_name_the_text_prints_without_its_link(corpus):  # noqa: F811
    remove_line(corpus / LINKS_CSV, "IV.27,india,")
    message = build_fails(
        corpus, "IV.27 names 'Indian' but has no link to entity 'india'"
    )
    assert "tianjin_declaration_2025_en.txt:" in message


def test_a_link_whose_words_the_paragraph_does_not_print(corpus):  # noqa: F811
    replace_in(corpus / LINKS_CSV, "V.5,laos,concerns,", "V.5,laos,concerns,Laos | ")
    build_fails(corpus, "does not print the words 'Laos'")


def test_an_unknown_role(corpus):  # noqa: F811
    replace_in(corpus / LINKS_CSV, "V.5,laos,concerns,", "V.5,laos,admires,")
    build_fails(corpus, "unknown role 'admires'")


def test_a_chinese_name_without_its_source(corpus):  # noqa: F811
    path = corpus / "curation/entities.csv"
    replace_in(path, "israel,other-state,Israel,,", "israel,other-state,Israel,以色列,")
    message = build_fails(corpus, "has a Chinese name but its sources")
    assert "entities.csv:" in message


def test_endorsing_states_without_a_recorded_subject(corpus):  # noqa: F811
    remove_line(corpus / "curation/tianjin-2025/subjects.csv", "III.1,")
    build_fails(corpus, "III.1 has links 'endorses' but no subject 'named-states'")


def test_membership_dates_in_order(corpus):  # noqa: F811
    path = corpus / "curation/memberships.csv"
    replace_in(
        path, "belarus,member,2024-07-04,", "belarus,member,2024-07-04,2024-01-01"
    )
    build_fails(corpus, "memberships.csv:2: until 2024-01-01 is not after since")
