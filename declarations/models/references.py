"""What the paragraphs refer to: themes, and the instruments they mention
(Mention rows keep the verb the text uses)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.functional import cached_property

from declarations.instrument_links import MAX_DESCRIPTION_LENGTH, alias_problems
from declarations.models.documents import with_counts_in_order
from declarations.models.provenance import SOURCE_NOTE, source_display, source_parts
from declarations.models.texts import ENGLISH, ParagraphText


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
        """Return the short description shown where the text names it: the
        title, then the place and the date in brackets, but for a date the
        title already ends with ("Resolution 2231 (2015)")."""
        date = self.date_text
        if date and self.title_en.endswith(f"({date})"):
            date = ""
        facts = ", ".join(filter(None, [self.place, date]))
        note = f"{self.get_kind_display()}: {self.title_en}"
        note += f" ({facts})" if facts else ""
        return f"{note}. {self.description}" if self.description else note


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
        # Imported here: declarations/models/entities.py builds its queryset
        # on this one.
        from declarations.models.entities import EntityMention

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
        "declarations.Paragraph", on_delete=models.CASCADE, related_name="mentions"
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
