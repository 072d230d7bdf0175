"""One vocabulary: every concept the site names (a term of the termbase, an
entity, a theme, an instrument), its labels in each language, and each
label's source and confidence.

A label's source is one of three: a paragraph of the text (its English
translation, or its Chinese original where that is shown), an address with
the date someone checked the label there (no date: the address is recorded
but was not opened), or the curators' own wording. The build
(declarations/corpus/vocabulary_files.py) refuses a label without one, and
curators edit labels in the admin under the same rule (Label.clean).

Search reads the labels through expansion_map(), built once per corpus
version (declarations/search.py calls it).
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from declarations import languages, search, search_index

# The language tags a label may carry: those of the language registry.
LANGUAGE_TAGS = tuple(languages.REGISTRY)
CHINESE_TAGS = tuple(tag for tag in LANGUAGE_TAGS if tag.startswith("zh-"))


def validate_language_tag(value):
    if value not in LANGUAGE_TAGS:
        raise ValidationError(
            f"“{value}” is not one of the language tags {', '.join(LANGUAGE_TAGS)}."
        )


class ConceptQuerySet(models.QuerySet):
    def with_labels(self):
        """Return concepts with their labels and what each label cites."""

        return self.select_related("entity", "theme", "instrument").prefetch_related(
            models.Prefetch(
                "labels",
                queryset=Label.objects.select_related(
                    "paragraph__section", "paragraph__document"
                ),
            )
        )

    def with_paragraphs(self):
        """Return the concepts as a list, each with .linked_paragraphs, in
        reading order: an entity's, theme's or instrument's paragraph links,
        or a term's paragraphs; read for all concepts at once."""
        from declarations.models import EntityMention, Mention, Paragraph

        concepts = list(self)

        def targets(name):
            return [getattr(c, name) for c in concepts if getattr(c, name)]

        links = {
            "entity": EntityMention.objects.filter(
                entity_id__in=targets("entity_id")
            ).values_list("entity_id", "paragraph_id"),
            "theme": Paragraph.themes.through.objects.filter(
                theme_id__in=targets("theme_id")
            ).values_list("theme_id", "paragraph_id"),
            "instrument": Mention.objects.filter(
                instrument_id__in=targets("instrument_id")
            ).values_list("instrument_id", "paragraph_id"),
            "term": Concept.paragraphs.through.objects.filter(
                concept_id__in=[c.pk for c in concepts if c.kind == Concept.Kind.TERM]
            ).values_list("concept_id", "paragraph_id"),
        }
        by_target = {}
        for kind, pairs in links.items():
            for target, paragraph in pairs:
                by_target.setdefault((kind, target), []).append(paragraph)
        wanted = {pk for ids in by_target.values() for pk in ids}
        paragraphs = Paragraph.objects.filter(pk__in=wanted).select_related(
            "document", "section"
        )
        paragraphs = {p.pk: p for p in paragraphs}
        for concept in concepts:
            target = {
                "entity": concept.entity_id,
                "theme": concept.theme_id,
                "instrument": concept.instrument_id,
                "term": concept.pk,
            }[concept.kind]
            linked = {
                paragraphs[pk] for pk in by_target.get((concept.kind, target), [])
            }
            concept.linked_paragraphs = sorted(
                linked, key=lambda p: (p.document.adopted_on, p.document_id, p.position)
            )
        return concepts


class Concept(models.Model):
    """Something the site names. A term exists in the termbase alone; an
    entity, theme or instrument concept stands for that row and shares its
    slug as its key."""

    class Kind(models.TextChoices):
        TERM = "term", "Term"
        ENTITY = "entity", "Entity"
        THEME = "theme", "Theme"
        INSTRUMENT = "instrument", "Instrument"

    # The kinds' headings on /vocabulary/.
    KIND_PLURALS = {
        "term": "Terms",
        "entity": "Entities",
        "theme": "Themes",
        "instrument": "Instruments",
    }

    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.SlugField(
        max_length=120, help_text="The term's slug, or the slug of the row it names."
    )
    entity = models.OneToOneField(
        "declarations.Entity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="concept",
    )
    theme = models.OneToOneField(
        "declarations.Theme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="concept",
    )
    instrument = models.OneToOneField(
        "declarations.Instrument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="concept",
    )
    paragraphs = models.ManyToManyField(
        "declarations.Paragraph",
        blank=True,
        related_name="terms",
        help_text=(
            "A term's paragraphs: those whose English or Chinese bears one of "
            "its labels, found by the build. Entities, themes and instruments "
            "use their own paragraph links instead."
        ),
    )
    note = models.TextField(blank=True)
    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by a curator in the admin: corpus reloads keep it.",
    )

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="concept_kind_key")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.preferred('en') or self.key}"

    def get_absolute_url(self):
        """Return the page of what the concept names (its entity's, theme's or
        instrument's page), or a term's entry on /vocabulary/."""
        if self.entity_id:
            return reverse("declarations:entity-detail", args=[self.key])
        if self.theme_id:
            return reverse("declarations:theme-detail", args=[self.key])
        if self.instrument_id:
            return reverse("declarations:instrument-detail", args=[self.key])
        return f"{reverse('declarations:vocabulary')}#{self.anchor}"

    def clean(self):
        wanted = {
            self.Kind.ENTITY: "entity",
            self.Kind.THEME: "theme",
            self.Kind.INSTRUMENT: "instrument",
        }.get(self.kind)
        for name in ("entity", "theme", "instrument"):
            if (getattr(self, f"{name}_id") is not None) != (name == wanted):
                raise ValidationError(
                    "A term stands alone; an entity, theme or instrument concept "
                    "links that row and no other."
                )

    @property
    def ordered_labels(self):
        """Return the labels by language, the preferred one first."""
        return sorted(
            self.labels.all(),
            key=lambda label: (
                label.language,
                label.role != Label.Role.PREFERRED,
                label.text,
            ),
        )

    @property
    def name(self):
        """Return the preferred English label (every concept has one)."""
        return self.preferred("en") or self.key

    @property
    def preferred_chinese(self):
        """Return the preferred Chinese label (simplified before traditional),
        or None."""
        for label in self.ordered_labels:
            if label.is_chinese and label.role == Label.Role.PREFERRED:
                return label
        return None

    def preferred(self, language):
        """Return the preferred label in a language, or ''."""
        for label in self.labels.all():
            if label.language == language and label.role == Label.Role.PREFERRED:
                return label.text
        return ""

    @property
    def kind_plural(self):
        return self.KIND_PLURALS[self.kind]

    @property
    def anchor(self):
        """Return the concept's element id on /vocabulary/."""
        return f"{self.kind}-{self.key}"


class Label(models.Model):
    """One name of a concept in one language, with its source."""

    class Role(models.TextChoices):
        PREFERRED = "preferred", "Preferred"
        ALTERNATIVE = "alternative", "Alternative"
        SHORT = "short", "Short form"
        ABBREVIATION = "abbreviation", "Abbreviation"
        DEMONYM = "demonym", "Demonym"

    class Source(models.TextChoices):
        TEXT = "text", "A paragraph of the text"
        ADDRESS = "address", "An address"
        CURATORS = "curators", "The curators' own"

    class Confidence(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="labels"
    )
    language = models.CharField(
        max_length=16,
        help_text=f"A BCP 47 tag: {', '.join(LANGUAGE_TAGS)}.",
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    text = models.CharField(max_length=400)
    source = models.CharField(max_length=10, choices=Source.choices)
    paragraph = models.ForeignKey(
        "declarations.Paragraph",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sourced_labels",
        help_text="For a label from the text: the paragraph that bears it.",
    )
    address = models.URLField(
        max_length=500, blank=True, help_text="For a label from an address."
    )
    checked_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the label was read at the address; blank: not opened.",
    )
    confidence = models.CharField(max_length=6, choices=Confidence.choices)
    note = models.TextField(blank=True)
    listed = models.BooleanField(
        default=True,
        editable=False,
        help_text="Written in fixtures/curation/termbase.csv. A name, alias or "
        "title from the theme, entity or instrument files whose source the build "
        "found is not, until a curator changes it.",
    )
    in_text = models.BooleanField(
        default=False,
        editable=False,
        help_text="Whether some paragraph's English or Chinese bears the label "
        "(by the search's rule); set on save.",
    )

    class Meta:
        ordering = ["concept", "language", "role", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="label_once"
            )
        ]

    def __str__(self):
        return f"{self.text} ({self.language}, {self.get_role_display().lower()})"

    def save(self, *args, **kwargs):
        self.in_text = self.found_in_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "in_text"}
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        """Return the element id of the label's row on /vocabulary/ (and its
        SKOS-XL URI's fragment): stable, from its concept, language and text."""
        return f"{self.concept.anchor}.{self.language}.{quote(self.text, safe='')}"

    def found_in_text(self, chinese_shown=None):
        """Return True when some paragraph's text (for a Chinese label, a
        paragraph whose Chinese is shown) bears the label, by the search's
        rules. chinese_shown: the ids of the paragraphs whose Chinese is
        shown, read once by a caller that checks every label
        (derived.corpus_loaded)."""
        from declarations.models import Paragraph

        # One written statement: through the ORM, the query cost about seven times
        # more to build than to run, and a load checks every label.
        found = search_index.matching_ids([self.text], None)
        if found is None:
            return self.found_by_the_orm()
        if not self.is_chinese:
            return bool(found)
        if chinese_shown is None:
            chinese_shown = Paragraph.objects.with_chinese().values_list(
                "pk", flat=True
            )
        return not found.isdisjoint(chinese_shown)

    def found_by_the_orm(self):
        """Return found_in_text() as the ORM's search answers it (PostgreSQL,
        a one-character label)."""
        from declarations.models import Paragraph

        paragraphs = Paragraph.objects.all()
        if self.is_chinese:
            paragraphs = paragraphs.with_chinese()
        return paragraphs.search([self.text]).exists()

    @property
    def is_chinese(self):
        return self.language in CHINESE_TAGS

    def clean(self):
        """Refuse a label without its source, naming the field at fault."""
        errors = {}
        try:
            validate_language_tag(self.language)
        except ValidationError as error:
            errors["language"] = error.messages
        if self.source == self.Source.TEXT:
            if self.paragraph_id is None:
                errors["paragraph"] = "A label from the text names its paragraph."
            elif not self.paragraph_bears_it(self.paragraph):
                errors["paragraph"] = (
                    f"{self.paragraph.label} does not bear “{self.text}”"
                    + (" in a Chinese original shown" if self.is_chinese else "")
                    + "."
                )
        elif self.paragraph_id is not None:
            errors["paragraph"] = "Only a label from the text names a paragraph."
        if self.source == self.Source.ADDRESS and not self.address:
            errors["address"] = "A label from an address gives the address."
        if self.source != self.Source.ADDRESS and (self.address or self.checked_on):
            errors["address"] = "Only a label from an address gives one."
        if errors:
            raise ValidationError(errors)

    def paragraph_bears_it(self, paragraph):
        """Return True when the paragraph's English (for an English label) or
        its Chinese shown in the label's script (for a Chinese one) bears
        the label."""
        if self.is_chinese:
            shown = paragraph.chinese_shown(self.language)
            return shown is not None and self.text in shown.text
        return bool(
            search.spans(
                paragraph.text_en, search.exact([self.text]), languages.get("en")
            )
        )

    def source_display(self):
        """Return the source in words: 'the text, Tianjin Declaration (2025)
        II.3', an address with the day it was checked or 'not opened', or
        'the curators' own'."""
        if self.source == self.Source.TEXT and self.paragraph_id:
            return f"the text, {self.paragraph}"
        if self.source == self.Source.ADDRESS:
            when = (
                f"checked {self.checked_on.isoformat()}"
                if self.checked_on
                else "not opened"
            )
            return f"{self.address} ({when})"
        return "the curators' own"


# Expansion: what a search term also searches, read from the labels.


@dataclass(frozen=True)
class Named:
    """A concept a search term names, as the results show it."""

    name: str
    url: str
    kind: str


@dataclass(frozen=True)
class Form:
    """A label as search uses it: its text, whether the text bears it, and
    the concept it names."""

    text: str
    in_text: bool
    concept: Named


_expansions = {}


def expansion_map(version):
    """Return {form key (search.form_key): [Form, …]} of every label of every
    concept that has a label with that key, for a corpus version (built once
    per version, in one query)."""
    if version not in _expansions:
        _expansions.clear()
        _expansions[version] = build_expansion_map()
    return _expansions[version]


def build_expansion_map():
    name = Label.objects.filter(
        concept=models.OuterRef("concept"),
        language="en",
        role=Label.Role.PREFERRED,
    ).values("text")[:1]
    rows = Label.objects.annotate(name=models.Subquery(name)).values_list(
        "text",
        "in_text",
        "concept__kind",
        "concept__key",
        "concept__entity_id",
        "concept__theme_id",
        "concept__instrument_id",
        "name",
    )
    by_concept = {}
    for text, in_text, kind, key, entity, theme, instrument, name in rows:
        concept = Concept(
            kind=kind,
            key=key,
            entity_id=entity,
            theme_id=theme,
            instrument_id=instrument,
        )
        named = Named(name, concept.get_absolute_url(), concept.get_kind_display())
        by_concept.setdefault(named, []).append(Form(text, in_text, named))
    expansions = {}
    for forms in by_concept.values():
        for form in forms:
            entry = expansions.setdefault(search.form_key(form.text), [])
            entry.extend(f for f in forms if f not in entry)
    return expansions
