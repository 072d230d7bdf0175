"""The corpus: documents, their sections and paragraphs, themes, instruments.

Document → Section → Paragraph follows Guide → GuideSection → Chapter in
simonw/simonwillisonblog guides/models.py. Public URLs are built from the
numbers printed in the text (section key, paragraph number), never from
primary keys, so permalinks survive a reload into another database.
"""

import re
import uuid
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from declarations import corpus_version, languages, search, search_index
from declarations.chinese_titles import chinese_titles
from declarations.rendering import (
    MAX_DESCRIPTION_LENGTH,
    MAX_MARKDOWN_LENGTH,
    alias_problems,
    link_instruments,
    render_markdown,
    validate_markdown,
)
from declarations.texts import (
    CONVERSION_TOOL,
    Expression,
    ParagraphText,
    convert,
    texts_saved,
)

# The expressions the reading pages show today: the English, and the
# Chinese in simplified characters (?lang=zh).
ENGLISH = "en"
CHINESE = languages.get("zh").tag
TRADITIONAL = "zh-Hant"
# What Paragraph sets as attributes and stores as ParagraphText rows.
TEXT_ATTRIBUTES = {
    "text_en",
    "text_en_html",
    "search_words",
    "text_zh",
    "text_zh_origin",
    "text_zh_provenance",
}
# A paragraph's texts with their expressions, in one query.
TEXTS = Prefetch(
    "texts",
    queryset=ParagraphText.objects.select_related(
        "expression__derived_from", "converted_from__expression"
    ),
)


def with_counts_in_order(queryset, **counts):
    """Return the queryset annotated with counts, still in its usual order.

    Django leaves a model's Meta.ordering out of GROUP BY queries, so counts
    alone let PostgreSQL return sections, themes or documents in any order
    (SQLite happens to group, and so return them, by primary key).
    """
    query = queryset.query
    ordering = query.order_by or (
        queryset.model._meta.ordering if query.default_ordering else ()
    )
    return queryset.annotate(**counts).order_by(*ordering)


class DocumentQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def touch(self):
        """Record a change seen on these documents' pages: move the corpus
        version, which caches and ETags are keyed by, and the documents'
        changed_at, which sitemaps and Akoma Ntoso show (called by
        declarations.signals, the owner of derived data)."""
        corpus_version.advance(self.db)
        return self.update(changed_at=timezone.now())

    def real(self):
        """Return documents from the sources, leaving out the synthetic demo corpus."""
        return self.filter(is_synthetic=False)

    def with_table_of_contents(self):
        """Return documents with their sections and paragraph counts prefetched."""
        return with_counts_in_order(
            self.prefetch_related(
                Prefetch("sections", queryset=Section.objects.with_counts())
            ),
            paragraph_count=Count("paragraphs", distinct=True),
            chinese_count=Count(
                "paragraphs", filter=chinese_shown("paragraphs__"), distinct=True
            ),
        )


class Document(models.Model):
    class TextStatus(models.TextChoices):
        # What a language's text is in law (issue 13); schema.org's legal
        # value levels are mapped in declarations/citations.py.
        AUTHENTIC = "authentic-original", "Authentic original"
        OFFICIAL = "official-translation", "Official translation"
        UNOFFICIAL = "unofficial-translation", "Unofficial translation"

    LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}

    slug = models.SlugField(unique=True, help_text="Used in every URL of the document.")
    title_en = models.CharField("English title", max_length=300)
    title_zh = models.CharField(
        "Chinese title", max_length=300, blank=True, help_text="Blank until sourced."
    )
    title_zh_provenance = models.JSONField(
        "provenance of the Chinese title",
        default=dict,
        blank=True,
        help_text="Sources, notes and confidence of the Chinese title.",
    )
    short_title_en = models.CharField(max_length=120)
    adopted_on = models.DateField()
    place_en = models.CharField("place of adoption", max_length=120)
    issuing_body_en = models.CharField("issuing body", max_length=300)
    source_en = models.TextField(
        "provenance of the English text",
        help_text="Where the English translation comes from and what it is.",
    )
    source_zh = models.TextField(
        "provenance of the Chinese text",
        help_text="Where the Chinese original comes from and how much of it we hold.",
    )
    status_en = models.CharField(
        "status of the English text",
        max_length=30,
        choices=TextStatus.choices,
        default=TextStatus.UNOFFICIAL,
        help_text="What the English text is: original, official or unofficial.",
    )
    translator_en = models.CharField(
        "translator of the English text",
        max_length=300,
        blank=True,
        help_text="Who translated it; blank when not identified.",
    )
    sources_en = models.JSONField(
        "sources of the English text",
        default=list,
        blank=True,
        help_text="Where the English text was obtained: URLs or citations.",
    )
    status_zh = models.CharField(
        "status of the Chinese text",
        max_length=30,
        choices=TextStatus.choices,
        default=TextStatus.AUTHENTIC,
        help_text="What the Chinese text is: original, official or unofficial.",
    )
    translator_zh = models.CharField(
        "translator of the Chinese text",
        max_length=300,
        blank=True,
        help_text="Who translated it, if it is a translation; blank otherwise.",
    )
    sources_zh = models.JSONField(
        "sources of the Chinese text",
        default=list,
        blank=True,
        help_text="Where the Chinese text was obtained: URLs or citations.",
    )
    overview = models.TextField(
        blank=True, help_text="An attributed secondary overview, not the declaration."
    )
    overview_attribution = models.CharField(max_length=300, blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text="Part of the generated demo corpus, not a real text."
    )
    changed_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="Last change to any of the document's data (for HTTP caching).",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "slug"]

    def __str__(self):
        return self.short_title_en

    def get_absolute_url(self):
        return reverse("declarations:document-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @cached_property
    def expressions_by_tag(self):
        """Return {tag: Expression} of the document, with what each
        conversion was made from, in one query."""
        return {
            expression.tag: expression
            for expression in self.expressions.select_related("derived_from")
        }

    def text_status(self, lang):
        """Return what the text in a language ('en' or 'zh', the simplified
        Chinese) is, as its expression says: its tag and status, a phrase
        such as 'unofficial English translation', its translator (None when
        not identified or not a translation) and its sources (a conversion's
        are those of the text it was converted from)."""
        tag = languages.get(lang).tag
        expression = self.expressions_by_tag.get(tag)
        if expression is None:  # no text in it yet: what the document states
            expression = Expression(
                document=self, tag=tag, **self.expression_defaults(tag)
            )
        source = expression.derived_from if expression.is_conversion else expression
        return {
            "language": lang,
            "tag": tag,
            "status": expression.status,
            "description": expression.description,
            "translator": expression.translator or None,
            "is_translation": (
                expression.status == Expression.Status.UNOFFICIAL_TRANSLATION
            ),
            "sources": list(source.sources if source is not None else []),
        }

    def expression(self, tag, **defaults):
        """Return the document's expression with a registry tag, made when
        it has none yet: from the given values, else the document's
        statement of its text."""
        tag = languages.get(tag).tag
        expression = self.expressions.filter(tag=tag).first()
        if expression is None:
            expression = Expression.objects.create(
                document=self,
                tag=tag,
                **(defaults or self.expression_defaults(tag)),
            )
        return expression

    def expression_defaults(self, tag):
        """Return what the document states of its text in a language, as an
        expression's status, translator, sources and notes."""
        lang = "en" if tag == ENGLISH else "zh"
        status = getattr(self, f"status_{lang}")
        return {
            "status": EXPRESSION_STATUS[status],
            "translator": getattr(self, f"translator_{lang}"),
            "sources": list(getattr(self, f"sources_{lang}")),
            "notes": getattr(self, f"source_{lang}"),
        }

    @property
    def text_statuses(self):
        """Return the status of the English and the Chinese text, in that order."""
        return [self.text_status(lang) for lang in self.LANGUAGE_NAMES]

    @property
    def date_display(self):
        """Return the date of adoption as citations print it: '1 September 2025'."""
        return f"{self.adopted_on.day} {self.adopted_on:%B %Y}"

    def count_matches_by_section(self, paragraphs):
        """Record on each of the document's sections how many of the given
        paragraphs (the ones a filtered page shows) fall in it."""
        counts = Counter(paragraph.section_id for paragraph in paragraphs)
        for section in self.sections.all():
            section.match_count = counts[section.pk]

    def section_for(self, key):
        """Return the section with the given URL key, or None."""
        return next((s for s in self.sections.all() if s.key == key), None)

    def section_before(self, section):
        """Return the section before the given one, or None."""
        sections = list(self.sections.all())
        index = sections.index(section)
        return sections[index - 1] if index > 0 else None

    def section_after(self, section):
        """Return the section after the given one, or None."""
        sections = list(self.sections.all())
        index = sections.index(section)
        return sections[index + 1] if index + 1 < len(sections) else None


# A document's statement of what a language's text is, as an expression
# status: an authentic original or official translation is published
# officially; the project's sources say which of its texts are not.
EXPRESSION_STATUS = {
    Document.TextStatus.AUTHENTIC: Expression.Status.OFFICIAL_PUBLICATION,
    Document.TextStatus.OFFICIAL: Expression.Status.OFFICIAL_PUBLICATION,
    Document.TextStatus.UNOFFICIAL: Expression.Status.UNOFFICIAL_TRANSLATION,
}


class SectionQuerySet(models.QuerySet):
    def get_by_natural_key(self, document_slug, key):
        return self.get(document__slug=document_slug, key=key)

    def with_counts(self):
        """Return sections annotated with their number of paragraphs, and of
        those with the Chinese original."""
        return with_counts_in_order(
            self,
            paragraph_count=Count("paragraphs"),
            chinese_count=Count("paragraphs", filter=chinese_shown("paragraphs__")),
        )


class Section(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(
        max_length=20,
        help_text="URL part: 'preamble', or a roman numeral in lower case.",
    )
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=40, help_text="As printed: 'I', 'II'…")

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"], name="section_unique_key"
            ),
            models.UniqueConstraint(
                fields=["document", "position"], name="section_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.document} — {self.title}"

    def get_absolute_url(self):
        return reverse(
            "declarations:section-detail", args=[self.document.slug, self.key]
        )

    def natural_key(self):
        return (self.document.slug, self.key)

    natural_key.dependencies = ["declarations.document"]

    @property
    def is_preamble(self):
        """Return True for the unnumbered opening of the declaration."""
        return self.key == "preamble"

    @property
    def title(self):
        """Return the section's name for headings and the table of contents."""
        return "Preamble" if self.is_preamble else f"Section {self.heading}"

    @property
    def label_prefix(self):
        """Return the part of a citation label before the paragraph number."""
        return "Preamble" if self.is_preamble else self.heading


class ThemeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_paragraph_counts(self):
        """Return themes annotated with their number of paragraphs."""
        return with_counts_in_order(self, paragraph_count=Count("paragraphs"))


class Theme(models.Model):
    slug = models.SlugField(unique=True, help_text="Stable; used in filter URLs.")
    name_en = models.CharField("English name", max_length=120)
    name_zh = models.CharField("Chinese name", max_length=60)
    description = models.TextField(help_text="What the theme covers, for researchers.")
    position = models.PositiveSmallIntegerField(default=0)
    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by a curator in the admin: corpus reloads keep it.",
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("declarations:theme-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class InstrumentQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def in_order(self, order):
        """Return instruments by kind (the default) or by date of adoption."""
        if order == "date":
            return self.order_by(
                models.F("adopted_on").asc(nulls_last=True),
                models.F("adopted_year").asc(nulls_last=True),
                "title_en",
            )
        return self.order_by("kind", "title_en")

    def with_mention_counts(self):
        """Return instruments annotated with how many paragraphs name them."""
        return with_counts_in_order(self, mention_count=Count("mentions"))

    def noted_in(self, paragraphs):
        """Return the instruments the given paragraphs mention, each once: the
        notes a reading page prints for its links, in one query."""
        ids = [paragraph.pk for paragraph in paragraphs]
        return self.filter(mentions__paragraph__in=ids).distinct().order_by("slug")

    def with_chinese_titles(self):
        """Return instruments with the mentions that print their Chinese
        title prefetched (Instrument.chinese_title), in one more query."""
        return self.prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.printing_chinese_titles(),
                to_attr="chinese_title_mentions",
            )
        )


class Instrument(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement"
        CHARTER = "charter", "Charter"
        CONCEPT = "concept", "Concept"
        CONVENTION = "convention", "Convention"
        DECLARATION = "declaration", "Declaration"
        GOALS = "goals", "Goals"
        INITIATIVE = "initiative", "Initiative"
        MEASURES = "measures", "Measures"
        MEMORANDUM = "memorandum", "Memorandum"
        PLAN = "plan", "Plan"
        PROGRAMME = "programme", "Programme"
        RESOLUTION = "resolution", "Resolution"
        ROADMAP = "roadmap", "Roadmap"
        STATEMENT = "statement", "Statement"
        STRATEGY = "strategy", "Strategy"
        TREATY = "treaty", "Treaty"

    slug = models.SlugField(unique=True, max_length=120)
    title_en = models.CharField("English title", max_length=400)
    short_title = models.CharField(
        max_length=120, blank=True, help_text="A short name for lists, if any."
    )
    title_source = models.CharField(
        "source of the English title",
        max_length=500,
        default="",
        help_text=(
            "Where the English title comes from: 'text: <label>' (printed in "
            "that paragraph, word for word), 'inferred: <how>' (made by the "
            "project from the declaration's words) or 'outside: <citation>' "
            "(e.g. an official title the translation words otherwise)."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    kind_reason = models.TextField(
        "why this kind",
        blank=True,
        help_text="Why the instrument is of this kind, where that could be doubted.",
    )
    place = models.CharField(
        max_length=120, blank=True, help_text="Place of adoption, as the text gives it."
    )
    adopted_on = models.DateField(
        null=True, blank=True, help_text="Date of adoption or signature, if known."
    )
    adopted_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of adoption when only the year is known."
    )
    date_text = models.CharField(
        max_length=120,
        blank=True,
        help_text="The date as the text prints it, e.g. 'July 4, 2024' or '1972'.",
    )
    date_source = models.CharField(
        "source of the place and date",
        max_length=500,
        blank=True,
        help_text=(
            "Where the place and date come from: 'text' (printed beside the "
            "title; 'text: <where>' to say where), 'inferred: <how>' (from the "
            "declaration, not printed beside it) or 'outside: <citation>'. "
            "Blank only when there is no place or date."
        ),
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names the text uses for it, one per line; each is linked.",
    )
    description = models.TextField(blank=True, help_text="One or two sentences.")
    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by a curator in the admin: corpus reloads keep it.",
    )

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title_en"]

    def __str__(self):
        return self.short_title or self.title_en

    def get_absolute_url(self):
        return reverse("declarations:instrument-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        errors = {}
        if problems := alias_problems(self.alias_list):
            errors["aliases"] = " ".join(problems)
        if len(self.description) > MAX_DESCRIPTION_LENGTH:
            errors["description"] = (
                f"The description is {len(self.description):,} characters long; "
                f"at most {MAX_DESCRIPTION_LENGTH}."
            )
        if problem := self.title_source_problem():
            errors["title_source"] = problem
        date_note = SOURCE_NOTE.match(self.date_source)
        if self.date_source and (
            date_note is None or (date_note.group(1) != "text" and not date_note[2])
        ):
            errors["date_source"] = (
                "Write 'text', 'text: <where>', 'inferred: <how>' or "
                "'outside: <citation>'."
            )
        if errors:
            raise ValidationError(errors)
        self.check_storage_budget()

    def title_source_problem(self):
        """Return what is wrong with the title source, as the build checks it
        (declarations/corpus/curation_files.py), or None: 'text: <label>'
        must name a paragraph that prints the English title word for word."""
        match = SOURCE_NOTE.match(self.title_source)
        if match is None or not match.group(2):
            return (
                "Write 'text: <label>' (the paragraph that prints the title), "
                "'inferred: <how>' or 'outside: <citation>'."
            )
        if match.group(1) != "text":
            return None
        label = match.group(2).split()[0]
        # In Python: SQLite's LIKE ignores case, and this is word for word.
        texts = ParagraphText.objects.filter(
            paragraph__label=label, expression__tag=ENGLISH
        ).values_list("text", flat=True)
        if not any(self.title_en in text for text in texts):
            return (
                f"{label} does not print the English title word for word: "
                "say where the title comes from with 'inferred: …' or "
                "'outside: …'."
            )
        return None

    def check_storage_budget(self):
        """Raise a ValidationError if relinking the paragraphs that mention
        this instrument, with its names as edited, would grow the stored
        linked English of the corpus past its budget
        (declarations.storage_budget). Nothing is written."""
        from declarations.storage_budget import budget_problem

        if problem := budget_problem(instrument=self):
            raise ValidationError(problem, code="storage-budget")

    @property
    def year(self):
        """Return the year of adoption, from the full date or the year alone."""
        return self.adopted_on.year if self.adopted_on else self.adopted_year

    # Each kind of date source, as readers are told it (the prefix of
    # date_source, checked by declarations/corpus/curation_files.py).
    DATE_SOURCE_KINDS = {
        "text": "printed in the text beside the title",
        "inferred": "inferred by the project from the declaration",
        "outside": "from a source outside the declaration",
    }
    # The same for title_source.
    TITLE_SOURCE_KINDS = {
        "text": "printed in the text",
        "inferred": "made by the project from the declaration's words",
        "outside": "from a source outside the declaration",
    }

    @property
    def date_source_parts(self):
        """Return the date source as (kind, detail): ('inferred', 'from the
        preamble …'); (None, None) when there is none."""
        return source_parts(self.date_source)

    @property
    def date_source_display(self):
        """Return the date source as readers are told it, or ""."""
        return source_display(self.date_source, self.DATE_SOURCE_KINDS)

    @property
    def title_source_parts(self):
        """Return the title source as (kind, detail): ('text', 'II.16')."""
        return source_parts(self.title_source)

    @property
    def title_source_display(self):
        """Return the title source as readers are told it, or ""."""
        return source_display(self.title_source, self.TITLE_SOURCE_KINDS)

    @property
    def kind_plural_display(self):
        """Return the kind's name for a heading over several: 'Statements'."""
        label = self.get_kind_display()
        if label.endswith("s"):  # Goals, Measures
            return label
        return f"{label[:-1]}ies" if label.endswith("y") else f"{label}s"

    @cached_property
    def chinese_title(self):
        """Return the first mention (in document order) whose paragraph's
        shown Chinese original prints the instrument's title, or None: its
        title_zh is the title, its paragraph the source."""
        mentions = getattr(self, "chinese_title_mentions", None)
        if mentions is None:
            mentions = self.mentions.printing_chinese_titles()[:1]
        return next(iter(mentions), None)

    @property
    def alias_list(self):
        """Return the aliases as a list, blank lines dropped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def names(self):
        """Return every name by which the text names the instrument."""
        return [self.title_en, *self.alias_list]

    @property
    def note(self):
        """Return the short description shown where the text names it."""
        facts = ", ".join(filter(None, [self.place, self.date_text]))
        note = f"{self.get_kind_display()}: {self.title_en}"
        note += f" ({facts})" if facts else ""
        return f"{note}. {self.description}" if self.description else note


# A note saying where something comes from, 'kind' or 'kind: detail':
# date_source and title_source, in the admin and in instruments.csv.
SOURCE_NOTE = re.compile(r"^(text|inferred|outside)(?::\s*(\S.*))?$")


def source_parts(value):
    """Return a source note 'kind: detail' as (kind, detail); (None, None)
    when blank, (kind, None) when it has no detail."""
    if not value:
        return None, None
    kind, _, detail = value.partition(":")
    return kind.strip(), detail.strip() or None


def source_display(value, kinds):
    """Return a source note as readers are told it, its kind in words from
    kinds: 'printed in the text: II.16'; "" when blank."""
    kind, detail = source_parts(value)
    if kind is None:
        return ""
    said = kinds.get(kind, kind)
    return f"{said}: {detail}" if detail else said


class SourceKind(models.TextChoices):
    """What kind of source a Chinese text was taken from."""

    OFFICIAL_PUBLICATION = "official-publication", "Official publication"
    OFFICIAL_SITE = "official-site", "Official site"
    NEWS_REPORT = "news-report", "News report"
    OTHER = "other", "Other"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low: stored, not shown as the original"


# As the corpus loader's rule (declarations/corpus/sources.py
# TRUSTED_CONFIDENCE): a low-confidence text is not the original. The loader
# skips such records; a curator's or an import's is stored but not shown.
UNTRUSTED_CONFIDENCE = {Confidence.LOW}


def chinese_shown(prefix=""):
    """Return the condition for a paragraph whose Chinese is shown as the
    original (prefix: the path to the paragraph, e.g. 'paragraphs__')."""
    # The key lookup is NULL when provenance has no confidence (imports
    # before confidence was recorded): those are trusted. A paragraph with
    # no text in an expression has no row.
    shown = ParagraphText.objects.in_language(CHINESE).filter(
        Q(provenance__confidence__isnull=True)
        | ~Q(provenance__confidence__in=list(UNTRUSTED_CONFIDENCE))
    )
    return Q(**{f"{prefix}pk__in": shown.values("paragraph")})


class ParagraphQuerySet(models.QuerySet):
    def get_by_natural_key(self, document_slug, label):
        return self.get(document__slug=document_slug, label=label)

    def for_reading(self):
        """Return paragraphs with what every reading page shows of them, in a
        fixed number of queries."""
        # A correlated subquery, not Count(): counting over a join makes the
        # database group every selected column, long texts included.
        published = (
            Annotation.objects.published()
            .filter(paragraph=OuterRef("pk"))
            .values("paragraph")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.select_related("section__document", "document", "subject")
            .prefetch_related(TEXTS)
            .annotate(
                published_annotation_count=Coalesce(
                    Subquery(published, output_field=models.IntegerField()), 0
                )
            )
            .order_by("document", "position")
        )

    def for_fragments(self, document):
        """Return these paragraphs of the document, in reading order, as light
        rows for a page of stored fragments (declarations.fragments loads in
        full only the paragraphs it must render), each given its section
        from the document's prefetched ones rather than by a join."""
        sections = {section.pk: section for section in document.sections.all()}
        paragraphs = list(
            self.filter(document=document)
            .select_related(None)
            .only("section", "reading_version")
            .order_by("position")
        )
        for paragraph in paragraphs:
            paragraph.document = document
            paragraph.section = sections[paragraph.section_id]
        return paragraphs

    def shown_changed(self):
        """Record a change to what these paragraphs' reading HTML shows, so
        their stored fragments are rendered again (called by
        declarations.signals, the owner of derived data)."""
        return self.update(reading_version=uuid.uuid4())

    def with_facets(self):
        """Return paragraphs with their themes, instrument and entity links
        prefetched, for the pages and data that list them."""
        return self.prefetch_related(
            "themes",
            Prefetch("mentions", queryset=Mention.objects.select_related("instrument")),
            Prefetch(
                "entity_mentions",
                queryset=EntityMention.objects.select_related("entity"),
            ),
        )

    def for_entity(self, *entities):
        """Return paragraphs naming any of the given entities."""
        return self.filter(entities__in=entities).distinct()

    def search(self, terms):
        """Return paragraphs that every term matches, by the rule of
        declarations/search.py (terms: search.Term, or plain strings searched
        as typed)."""
        queryset = self
        for term in terms:
            if isinstance(term, str):
                term = search.Term(term, [term])
            queryset = queryset.filter(search_index.term_condition(term, self.db))
        return queryset

    def for_theme(self, *themes):
        """Return paragraphs carrying any of the given themes."""
        return self.filter(themes__in=themes).distinct()

    def for_section(self, document, key):
        """Return the paragraphs of one section of a document."""
        return self.filter(document=document, section__key=key)

    def with_chinese(self):
        """Return paragraphs whose Chinese original is loaded and trusted."""
        return self.filter(chinese_shown())

    def at_anchors(self, anchors):
        """Return the paragraphs whose reading-page ids ('ii-14') are given."""
        condition = Q(pk__in=[])
        for anchor in anchors:
            key, _, number = anchor.rpartition("-")
            condition |= Q(section__key=key, number=int(number))
        return self.filter(condition)


class Paragraph(models.Model):
    ChineseOrigin = ParagraphText.Origin

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="paragraphs"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveSmallIntegerField(help_text="Number within the section.")
    position = models.PositiveIntegerField(help_text="Order within the document.")
    label = models.CharField(max_length=20, help_text="Citation label, e.g. 'II.14'.")
    themes = models.ManyToManyField(Theme, related_name="paragraphs", blank=True)
    instruments = models.ManyToManyField(
        Instrument, through="Mention", related_name="paragraphs", blank=True
    )
    themes_curated = models.BooleanField(
        default=False,
        help_text="Themes were changed by a curator: corpus reloads keep them.",
    )
    mentions_curated = models.BooleanField(
        default=False,
        help_text="Instrument links were changed by a curator: reloads keep them.",
    )
    entities = models.ManyToManyField(
        "Entity", through="EntityMention", related_name="paragraphs", blank=True
    )
    entities_curated = models.BooleanField(
        default=False,
        help_text=(
            "Entity links or the subject were changed by a curator: reloads keep them."
        ),
    )
    # A new random value, not a counter: a stale instance saved again must
    # never bring back a version whose fragments are stored.
    reading_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text=(
            "Changes with everything the paragraph's reading HTML shows "
            "(declarations.signals); keys its stored fragments."
        ),
    )

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], name="paragraph_unique_number"
            ),
            models.UniqueConstraint(
                fields=["document", "position"], name="paragraph_unique_position"
            ),
            models.UniqueConstraint(
                fields=["document", "label"], name="paragraph_unique_label"
            ),
        ]

    def __str__(self):
        return f"{self.document} {self.label}"

    def save(self, *args, **kwargs):
        self.reading_version = uuid.uuid4()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A text is a row of its own (save_texts()), not a column.
            kwargs["update_fields"] = {
                *(set(update_fields) - TEXT_ATTRIBUTES),
                "reading_version",
            }
        super().save(*args, **kwargs)
        self.save_texts()

    def get_absolute_url(self):
        return self.permalink

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("_texts", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("texts", None)

    # A paragraph's texts, one row per expression (declarations/texts.py).
    # The attributes below read and set them as the columns they replaced
    # did, so the readers of English and Chinese keep one spelling.

    def _text_rows(self):
        """Return {tag: ParagraphText} of the paragraph, prefetched rows used
        when there are (ParagraphQuerySet.for_reading())."""
        rows = self.__dict__.get("_texts")
        if rows is None:
            rows = {}
            if self.pk is not None:
                for row in self.texts.all():
                    rows[row.expression.tag] = row
            self.__dict__["_texts"] = rows
        return rows

    def text_row(self, tag):
        """Return the paragraph's text in an expression (a registry tag or
        alias), or None when it has none."""
        return self._text_rows().get(languages.get(tag).tag)

    def set_text(self, tag, text, **values):
        """Set the paragraph's text in an expression (a registry tag), with
        its origin or provenance; save() writes it (blank deletes it)."""
        self._set_text(languages.get(tag).tag, text=text, **values)

    def _set_text(self, tag, **values):
        row = self._text_rows().get(tag)
        if row is None:
            row = ParagraphText(paragraph=self if self.pk else None, text="")
            row.tag_pending = tag
            self._text_rows()[tag] = row
        for name, value in values.items():
            setattr(row, name, value)
        row.dirty = True

    def save_texts(self):
        """Write the texts set on the paragraph since it was read: a blank
        text deletes its row; the derived HTML and search words are made
        again for every text written (so a corrected source line never
        leaves stale HTML behind)."""
        rows = self._text_rows()
        english = rows.get(ENGLISH)
        if english is not None and english.pk is not None:
            # Derived data is rebuilt by every save, whichever fields it
            # names: an instrument's changed names relink the English.
            english.dirty = (
                getattr(english, "dirty", False)
                or english.html != self.linked_english()
            )
        self.regenerate_conversion()
        written = set()
        for tag, row in list(rows.items()):
            if not getattr(row, "dirty", False):
                continue
            row.dirty = False
            written.add(tag)
            if not row.text:
                if row.pk is not None:
                    row.delete()
                del rows[tag]
                continue
            if tag == CHINESE:
                self.save_printed_chinese(row)
            if row.expression_id is None:
                row.expression = self.document.expression(
                    tag, **self.expression_defaults(tag)
                )
            row.paragraph = self
            language = row.expression.language
            row.search_words = (
                search.search_words(row.text, language.stemmer)
                if language.searches_words
                else ""
            )
            row.html = self.linked_english() if tag == ENGLISH else ""
            row.save()
        if written:
            texts_saved.send(sender=Paragraph, paragraph=self, tags=written)

    def regenerate_conversion(self):
        """A conversion is never typed: when the text as printed changes,
        make the simplified text again from it with the tool (a new printed
        text gets its conversion). A simplified text that is not a
        conversion (a simplified source, a curator's) is kept."""
        rows = self._text_rows()
        printed = rows.get(TRADITIONAL)
        if printed is None or not getattr(printed, "dirty", False) or not printed.text:
            return
        simplified = rows.get(CHINESE)
        if simplified is not None and simplified.pk is not None:
            if printed.pk is None or simplified.converted_from_id != printed.pk:
                return
        self._set_text(
            CHINESE,
            text=convert(printed.text, TRADITIONAL, CHINESE),
            origin=printed.origin,
            # save_printed_chinese() links it to the text it was made from.
            provenance={**printed.provenance, "zh_hant": printed.text},
        )

    def expression_defaults(self, tag):
        """Return what a new expression of the paragraph's document is, when
        this paragraph's text is the first in it: the Chinese as the press
        printed it (a provenance's zh_hant) is a quotation, the simplified
        text its conversion; otherwise what the document states."""
        printed = self.text_row(TRADITIONAL)
        if tag == TRADITIONAL:
            return {
                **self.document.expression_defaults(CHINESE),
                "status": Expression.Status.PRESS_QUOTATION,
            }
        if tag == CHINESE and printed is not None:
            return {
                "status": Expression.Status.CONVERSION,
                "derived_from": printed.expression,
                "tool": CONVERSION_TOOL,
            }
        return {}

    def save_printed_chinese(self, row):
        """Store the Chinese as its source printed it, which a provenance
        records as zh_hant, as the paragraph's zh-Hant text, and the
        simplified text as its conversion; an edit after the tool is kept
        with what the record's notes say of it."""
        printed = row.provenance.get("zh_hant")
        if not printed:
            row.converted_from = None
            row.conversion_edit = ""
            return
        row.provenance = {k: v for k, v in row.provenance.items() if k != "zh_hant"}
        source = self.text_row(TRADITIONAL) or ParagraphText(paragraph=self)
        source.text, source.origin = printed, row.origin
        source.provenance = row.provenance
        if source.expression_id is None:
            self._text_rows()[TRADITIONAL] = source
            source.expression = self.document.expression(
                TRADITIONAL, **self.expression_defaults(TRADITIONAL)
            )
        source.save()
        row.converted_from = source
        converted = convert(printed, TRADITIONAL, CHINESE)
        row.conversion_edit = (
            ""
            if converted == row.text
            else "Differs from the tool's output; the source record's notes say "
            f"how: {row.provenance.get('notes', '')}"
        )

    def _text(tag):
        def get(self):
            row = self.text_row(tag)
            return row.text if row is not None else ""

        def put(self, value):
            self._set_text(tag, text=value or "")

        return property(get, put)

    text_en = _text(ENGLISH)
    text_zh = _text(CHINESE)
    text_zh_hant = _text(TRADITIONAL)
    del _text

    @property
    def text_en_html(self):
        row = self.text_row(ENGLISH)
        return row.html if row is not None else ""

    @property
    def search_words(self):
        row = self.text_row(ENGLISH)
        return row.search_words if row is not None else ""

    @property
    def text_zh_origin(self):
        row = self.text_row(CHINESE)
        return row.origin if row is not None else ""

    @text_zh_origin.setter
    def text_zh_origin(self, value):
        self._set_text(CHINESE, origin=value or "")

    def get_text_zh_origin_display(self):
        row = self.text_row(CHINESE)
        return row.get_origin_display() if row is not None else "Not loaded"

    @property
    def text_zh_provenance(self):
        """Return the Chinese text's provenance, with the text it was
        converted from as the source record names it (zh_hant)."""
        row = self.text_row(CHINESE)
        if row is None:
            return {}
        if row.converted_from_id is None:
            return row.provenance
        return {**row.provenance, "zh_hant": self.text_row(TRADITIONAL).text}

    @text_zh_provenance.setter
    def text_zh_provenance(self, value):
        self._set_text(CHINESE, provenance=value or {})

    @cached_property
    def permalink(self):
        """Return the paragraph's permanent path (reverse() once per instance:
        pages link each paragraph more than once)."""
        return reverse(
            "declarations:paragraph-detail",
            args=[self.document.slug, self.section.key, self.number],
        )

    def natural_key(self):
        return (self.document.slug, self.label)

    natural_key.dependencies = ["declarations.section"]

    @property
    def anchor(self):
        """Return the element id of the paragraph in reading pages, e.g. 'ii-14'."""
        return f"{self.section.key}-{self.number}"

    @property
    def chinese_is_curated(self):
        """Return True when a curator or an import, not the corpus, set the
        Chinese text: corpus reloads keep it."""
        return self.text_zh_origin in {
            self.ChineseOrigin.CURATOR,
            self.ChineseOrigin.IMPORT,
        }

    def chinese_shown(self, tag):
        """Return the paragraph's Chinese text in a script (a registry tag)
        when it is trusted enough to be shown, else None."""
        row = self.text_row(tag)
        return row if row is not None and row.is_trusted else None

    def shown_texts(self):
        """Return the paragraph's texts a reader is shown, in the registry's
        order (a low-confidence text is stored, not shown)."""
        order = list(languages.REGISTRY)
        rows = [row for row in self._text_rows().values() if row.is_trusted]
        return sorted(rows, key=lambda row: order.index(row.tag))

    @property
    def has_chinese(self):
        """Return True when the Chinese original of this paragraph is loaded
        and trusted enough to be shown as the original."""
        return self.chinese_shown(CHINESE) is not None

    @property
    def recorded_subject(self):
        """Return the paragraph's recorded subject when it is not the member
        states as a whole, else None."""
        try:
            return self.subject
        except ParagraphSubject.DoesNotExist:
            return None

    @property
    def page_title(self):
        """Return the document and label, as a permalink's title names it."""
        return f"{self.document.short_title_en}, {self.label}"

    @property
    def autocomplete_label(self):
        """Return the label and first words, as the admin's choices show it."""
        return f"{self.label} — {Truncator(self.text_en).words(8)}"

    @property
    def opening_words(self):
        """Return the opening of the English text for previews."""
        return Truncator(self.text_en).chars(200)

    def mark_chinese_entered_by(self, user, **provenance):
        """Record that a curator entered or corrected the Chinese text, with
        its provenance (sources, source_kind, confidence, notes), so that
        corpus reloads keep it."""
        printed = self._text_rows().get(TRADITIONAL)
        if printed is not None and getattr(printed, "dirty", False) and printed.text:
            printed.origin = self.ChineseOrigin.CURATOR
            printed.provenance = {
                **provenance,
                "entered_by": user.get_username(),
                "entered_at": timezone.now().isoformat(),
            }
        self.text_zh_origin = (
            self.ChineseOrigin.CURATOR if self.text_zh else self.ChineseOrigin.NONE
        )
        self.text_zh_provenance = (
            {
                **provenance,
                "entered_by": user.get_username(),
                "entered_at": timezone.now().isoformat(),
            }
            if self.text_zh
            else {}
        )

    def locate(self, quote):
        """Return where a quoted passage first occurs: (language, start, end)
        in the English, else the Chinese; None when it occurs in neither."""
        for lang, text in [("en", self.text_en), ("zh", self.text_zh)]:
            start = text.find(quote) if quote and text else -1
            if start >= 0:
                return lang, start, start + len(quote)
        return None

    def text_in(self, lang):
        """Return the paragraph's text in a language ('en' or 'zh'); the
        Chinese only when it is shown as the original."""
        if lang == "zh":
            return self.text_zh if self.has_chinese else ""
        return self.text_en

    def neighbours(self):
        """Return the paragraphs before and after this one in the document."""
        around = {}
        # Only what a link to them shows: label and permalink.
        for paragraph in (
            Paragraph.objects.filter(
                document_id=self.document_id,
                position__in=[self.position - 1, self.position + 1],
            )
            .select_related("section")
            .only("label", "number", "position", "section__key", "section__document")
        ):
            paragraph.document = self.document
            around[paragraph.position] = paragraph
        return around.get(self.position - 1), around.get(self.position + 1)

    def linked_english(self, instruments=None):
        """Return the English with the names of the instruments it mentions
        (or of the given ones) linked: the one way text_en_html is made
        (save(), refresh_links() and Instrument.check_storage_budget())."""
        if instruments is None:
            if self.pk is None:
                return link_instruments(self.text_en, [])
            mentions = self.mentions.select_related("instrument")
            instruments = [m.instrument for m in mentions]
        return link_instruments(
            self.text_en,
            [(i.names, i.get_absolute_url(), i.slug) for i in instruments],
        )

    def refresh_links(self):
        """Store the linked English again after its links or an instrument's
        names changed (called by declarations.signals)."""
        html = self.linked_english()
        row = self.text_row(ENGLISH)
        if row is not None and html != row.html:
            # update(): the receiver that calls this also records the change.
            ParagraphText.objects.filter(pk=row.pk).update(html=html)
            Paragraph.objects.filter(pk=self.pk).update(reading_version=uuid.uuid4())
            row.html = html

    def refresh_chinese_titles(self):
        """Store on each of the paragraph's instrument links the title its
        shown Chinese original prints, or blank (called by
        declarations.signals after the text, the links or an instrument's
        names changed); return True if any changed."""
        mentions = list(self.mentions.select_related("instrument"))
        titles = chinese_titles(
            self.text_en,
            self.text_zh if self.has_chinese else "",
            [(m.instrument.names, m.instrument_id) for m in mentions],
        )
        changed = False
        for mention in mentions:
            title = titles.get(mention.instrument_id, "")
            if mention.title_zh != title:
                # update(): the receiver that calls this records the change.
                Mention.objects.filter(pk=mention.pk).update(title_zh=title)
                changed = True
        return changed

    def opengraph_tags(self, absolute_url):
        """Return the Open Graph and Twitter card tags of the permalink page."""
        return {
            "og:type": "article",
            "og:title": self.page_title,
            "og:description": self.opening_words,
            "og:url": absolute_url,
            "og:site_name": "SCO Declarations Reader",
            "twitter:card": "summary",
            "twitter:title": self.page_title,
            "twitter:description": self.opening_words,
        }


class ParagraphLinkQuerySet(models.QuerySet):
    """Rows that link a paragraph to something it names (instrument mentions,
    entity links), read with their paragraphs as the reading pages show them."""

    target = None  # the linked model's field, set by each subclass

    def for_reading(self):
        """Return the links with their paragraphs ready to show, in text order."""
        return self.select_related(
            "paragraph__section",
            "paragraph__document",
            "paragraph__subject",
            self.target,
        ).order_by("paragraph__document", "paragraph__position")

    def with_facets(self):
        """Return the links with their paragraphs' themes and links prefetched."""
        return self.prefetch_related(
            "paragraph__themes",
            Prefetch(
                "paragraph__mentions",
                queryset=Mention.objects.select_related("instrument"),
            ),
            Prefetch(
                "paragraph__entity_mentions",
                queryset=EntityMention.objects.select_related("entity"),
            ),
        )


class MentionQuerySet(ParagraphLinkQuerySet):
    target = "instrument"

    def printing_chinese_titles(self):
        """Return the mentions whose paragraph's Chinese original prints the
        instrument's title, in document order, with what a link to the
        paragraph needs. Synthetic demo documents are never a source."""
        return (
            self.exclude(title_zh="")
            .filter(paragraph__document__is_synthetic=False)
            .select_related("paragraph__document", "paragraph__section")
            .order_by("paragraph__document", "paragraph__position")
        )


class Mention(models.Model):
    class Verb(models.TextChoices):
        ADOPTED = "adopted", "adopted"
        APPROVED = "approved", "approved"
        SIGNED = "signed", "signed"
        ISSUED = "issued", "issued"
        NOTED = "noted", "noted"
        WELCOMED = "welcomed", "welcomed"
        IMPLEMENTING = "implementing", "implementing"
        ADHERING = "adhering", "adhering to"
        REAFFIRMED = "reaffirmed", "reaffirmed"
        SUPPORTED = "supported", "supported"
        PROPOSED = "proposed", "proposed"
        CALLED_FOR = "called-for", "called for"
        REFERRED = "referred", "referred to"

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="mentions"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="mentions"
    )
    verb = models.CharField(
        max_length=20,
        choices=Verb.choices,
        help_text="What the member states do with the instrument in this paragraph.",
    )
    title_zh = models.TextField(
        "Chinese title",
        blank=True,
        editable=False,
        help_text=(
            "The instrument's title as this paragraph's Chinese original prints "
            "it in 《…》; blank where it does not. Derived from the shown Chinese "
            "text (declarations/chinese_titles.py), never edited."
        ),
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph__document", "paragraph__position", "instrument__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "instrument"], name="mention_unique_pair"
            )
        ]

    def __str__(self):
        return f"{self.paragraph.label}: {self.get_verb_display()} {self.instrument}"


# Editorial notes are published under this name, never a person's.
PROJECT_NAME = "SCO Declarations Reader project"


# Entities: the states, organizations, SCO bodies and places the text names,
# linked to each paragraph that names them by a row carrying the role the
# text gives them, as a relationship row carries its predicate in
# laws-africa/peachjam peachjam/models/relationships.py.


class EntityQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def in_kind_order(self):
        """Return entities grouped by kind in the order Entity.Kind lists
        them, by name within a kind."""
        order = models.Case(
            *(
                models.When(kind=kind, then=models.Value(index))
                for index, kind in enumerate(Entity.Kind.values)
            ),
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name_en")

    def with_paragraph_counts(self):
        """Return entities annotated with how many paragraphs name them."""
        return self.annotate(paragraph_count=Count("mentions", distinct=True))

    def member_states_on(self, date):
        """Return the states that were SCO member states on the given date."""
        return (
            self.filter(
                memberships__status=Membership.Status.MEMBER,
                memberships__since__lte=date,
            )
            .exclude(memberships__until__lte=date)
            .distinct()
            .order_by("name_en")
        )


class Entity(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member-state", "SCO member state"
        PARTNER_STATE = "partner-state", "Observer or partner state"
        OTHER_STATE = "other-state", "Other state or territory"
        ORGANIZATION = "organization", "International organization"
        UN_BODY = "un-body", "UN organ or agency"
        SCO_BODY = "sco-body", "SCO body"
        PLACE = "place", "Place"

    slug = models.SlugField(unique=True, max_length=120, help_text="Used in URLs.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text="What sort of entity it is."
    )
    name_en = models.CharField(
        "English name", max_length=300, help_text="The name readers know it by."
    )
    name_zh = models.CharField(
        "Chinese name",
        max_length=120,
        blank=True,
        help_text=(
            "From the authentic Chinese text where it names it, otherwise from "
            "standard usage with its source under Sources; blank when unsure."
        ),
    )
    aliases = models.TextField(
        blank=True,
        help_text=(
            "Other names the text uses for it (full and short forms), one per "
            "line; every occurrence of each must be linked."
        ),
    )
    note = models.TextField(blank=True, help_text="One or two sentences.")
    sources = models.TextField(
        blank=True,
        help_text="Where the Chinese name and the membership dates come from.",
    )
    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by a curator in the admin: corpus reloads keep it.",
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("declarations:entity-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def alias_list(self):
        """Return the aliases as a list, blank lines dropped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def names(self):
        """Return every name by which the text names the entity."""
        return [self.name_en, *self.alias_list]


class Membership(models.Model):
    """A state's standing in the SCO over a span of dates, so that "all
    member states" can be computed for any document's date."""

    class Status(models.TextChoices):
        MEMBER = "member", "Member state"
        OBSERVER = "observer", "Observer"
        DIALOGUE_PARTNER = "dialogue-partner", "Dialogue partner"

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, help_text="Standing in the SCO."
    )
    since = models.DateField(help_text="First day of this standing.")
    until = models.DateField(
        null=True, blank=True, help_text="First day it ended; blank if it holds."
    )
    sources = models.TextField(help_text="Where the dates come from.")

    class Meta:
        ordering = ["entity__name_en", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "status", "since"], name="membership_unique_span"
            )
        ]

    def __str__(self):
        return f"{self.entity}: {self.get_status_display()} since {self.since}"


class EntityMentionQuerySet(ParagraphLinkQuerySet):
    target = "entity"


class EntityMention(models.Model):
    class Role(models.TextChoices):
        NAMED = "named", "named"
        ENDORSES = "endorses", "endorses"
        PROPOSES = "proposes", "proposes"
        HOSTS = "hosts", "hosts or chairs"
        CONCERNS = "concerns", "concerned"

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="entity_mentions"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="mentions"
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.NAMED,
        help_text="What the paragraph makes of it; 'endorses' for a state among "
        "the paragraph's named subjects.",
    )
    words = models.CharField(
        max_length=500,
        help_text="The words of the text that name it, as printed; several "
        "separated by ' | '.",
    )

    objects = EntityMentionQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph__document", "paragraph__position", "entity__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "entity"], name="entity_mention_unique_pair"
            )
        ]

    def __str__(self):
        return f"{self.paragraph.label}: {self.entity} ({self.get_role_display()})"

    @property
    def word_list(self):
        """Return the words that name the entity, one string each."""
        return [w.strip() for w in self.words.split("|") if w.strip()]


class ParagraphSubject(models.Model):
    """Who speaks in a paragraph whose subject is not the member states as a
    whole: the states it lists, "the relevant member states", or the member
    states that are parties to an instrument."""

    class Kind(models.TextChoices):
        NAMED_STATES = "named-states", "the states it names"
        RELEVANT = "relevant-member-states", "the relevant member states"
        PARTIES = "parties", "the member states that are parties to an instrument"

    paragraph = models.OneToOneField(
        Paragraph, on_delete=models.CASCADE, related_name="subject"
    )
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        help_text="Who the subject is; for 'the states it names', the states are "
        "the paragraph's entity links with the role 'endorses'.",
    )
    words = models.CharField(
        max_length=500, help_text="The words of the text that state the subject."
    )
    note = models.TextField(blank=True, help_text="What readers should know.")

    class Meta:
        ordering = ["paragraph__document", "paragraph__position"]

    def __str__(self):
        return f"{self.paragraph.label}: {self.get_kind_display()}"

    @property
    def names_its_states(self):
        """Return True when the text names the states that form the subject."""
        return self.kind == self.Kind.NAMED_STATES


def display_name(user):
    """Return a user's public name: their full name, else "a curator"."""
    if user is None:
        return ""
    return user.get_full_name() or "a curator"


class AnnotationQuerySet(models.QuerySet):
    def published(self):
        """Return annotations readers may see."""
        return self.filter(status=Annotation.Status.PUBLISHED)

    def visible_to(self, user):
        """Return what a user may see: staff see drafts too, marked as drafts."""
        return self if user.is_staff else self.published()

    def for_export(self):
        """Return annotations with what their exports name, in text order."""
        return self.select_related(
            "paragraph__document", "paragraph__section", "author"
        ).order_by("paragraph__position", "created_at", "key")

    def orphaned(self):
        """Return annotations whose quoted passage no longer occurs in their
        paragraph (after a source correction)."""
        return self.filter(is_orphaned=True)


class Annotation(models.Model):
    class Kind(models.TextChoices):
        CONTEXT = "context", "Context"
        TRANSLATION_NOTE = "translation-note", "Translation note"
        COMMENTARY = "commentary", "Commentary"
        CORRECTION = "correction", "Correction"
        CROSS_REFERENCE = "cross-reference", "Cross-reference"
        # The project's own remarks, loaded from the curation files
        # (editorial_notes.csv), published under the project's name.
        EDITORIAL_NOTE = "editorial-note", "Editorial note"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    key = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identity across exports and imports.",
    )
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="annotations"
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.CONTEXT,
        help_text="What sort of note this is.",
    )
    body = models.TextField(
        help_text=(
            "Markdown. Raw HTML is removed when rendered. At most "
            f"{MAX_MARKDOWN_LENGTH:,} characters."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    quote = models.TextField(
        blank=True,
        help_text=(
            "Optional: the passage the note is about, copied exactly from the "
            "paragraph's English or Chinese text (its first occurrence is meant)."
        ),
    )
    is_orphaned = models.BooleanField(
        "orphaned",
        default=False,
        editable=False,
        help_text=(
            "The quoted passage no longer occurs in the paragraph (its text was "
            "corrected): choose the passage again. Derived, never edited."
        ),
    )
    source_url = models.URLField(
        blank=True, help_text="Optional: the web page the note relies on."
    )
    source_citation = models.CharField(
        max_length=500, blank=True, help_text="Optional: a citation of the source."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published annotations are shown to readers.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="annotations",
        help_text="Who created the annotation; set once, never edited.",
    )
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph__document", "paragraph__position", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.paragraph}"

    def save(self, *args, **kwargs):
        # Rendered HTML is derived data, rebuilt on every save (as in
        # django/djangoproject.com blog/models.py Entry.save).
        self.body_html = render_markdown(self.body)
        self.is_orphaned = self.quote_is_lost()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_orphaned"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url() + f"#annotation-{self.pk}"

    def clean(self):
        # In clean(), not as a field validator: a validator would be
        # imported by the migrations, which import no application code.
        try:
            validate_markdown(self.body)
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from None
        if self.paragraph_id and self.quote_is_lost():
            raise ValidationError(
                {
                    "quote": "This passage does not occur in the paragraph's "
                    "English or Chinese text: copy it exactly."
                }
            )

    def quote_is_lost(self):
        """Return True when the annotation quotes a passage that its
        paragraph's text does not contain."""
        return bool(self.quote) and self.paragraph.locate(self.quote) is None

    @property
    def is_published(self):
        """Return True when readers may see the annotation."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_editorial(self):
        """Return True for the project's editorial notes (no personal author)."""
        return self.kind == self.Kind.EDITORIAL_NOTE

    @property
    def author_display_name(self):
        """Return the name readers see for the author: the project's for an
        editorial note, else the full name set on the user, never a login
        name (a login name is half a credential)."""
        if self.is_editorial:
            return PROJECT_NAME
        return display_name(self.author)

    @property
    def last_changed_by_display_name(self):
        """Return the name readers see for the last editor."""
        return display_name(self.last_changed_by)


from declarations.vocabulary import Concept, Label  # noqa: E402, F401
