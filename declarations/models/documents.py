"""Documents and their sections.

Document → Section → Paragraph follows Guide → GuideSection → Chapter in
simonw/simonwillisonblog guides/models.py."""

from collections import Counter

from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from declarations import corpus_version, languages
from declarations.models.provenance import chinese_shown
from declarations.models.texts import CHINESE, ENGLISH, TRADITIONAL, Expression


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
        declarations.derived, the writer of derived data)."""
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
            traditional_count=Count(
                "paragraphs",
                filter=chinese_shown("paragraphs__", TRADITIONAL),
                distinct=True,
            ),
        )


class Document(models.Model):
    slug = models.SlugField(unique=True, help_text="Used in every URL of the document.")
    title_en = models.CharField("English title", max_length=300)
    short_title_en = models.CharField(max_length=120)
    adopted_on = models.DateField()
    place_en = models.CharField("place of adoption", max_length=120)
    issuing_body_en = models.CharField("issuing body", max_length=300)
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
        conversion was made from; and on each conversion, the labels of the
        paragraphs whose texts in it are not conversions (IV.4's simplified
        source, a curator's text), in reading order. Two queries, whatever
        the texts."""
        expressions = {
            expression.tag: expression
            for expression in self.expressions.select_related("derived_from")
        }
        for expression in expressions.values():
            expression.labels_not_converted = []
        by_pk = {expression.pk: expression for expression in expressions.values()}
        not_converted = (
            self.paragraphs.filter(
                texts__expression__status=Expression.Status.CONVERSION,
                texts__converted_from__isnull=True,
            )
            .order_by("position")
            .values_list("texts__expression", "label")
        )
        for expression_id, label in not_converted:
            by_pk[expression_id].labels_not_converted.append(label)
        return expressions

    def _titled_expression(self, tag):
        """Return the document's expression with a tag, for its title: from
        expressions_by_tag when read, else from prefetched expressions (the
        list of documents), else read."""
        if "expressions_by_tag" not in self.__dict__ and (
            "expressions" in getattr(self, "_prefetched_objects_cache", {})
        ):
            return next((e for e in self.expressions.all() if e.tag == tag), None)
        return self.expressions_by_tag.get(tag)

    def title_in(self, lang):
        """Return the document's title in an expression (a registered tag
        or alias) as that text prints it; "" where the project has none.
        The English is the work's title, the site's name for it."""
        tag = languages.get(lang).tag
        if tag == ENGLISH:
            return self.title_en
        expression = self._titled_expression(tag)
        return expression.title if expression is not None else ""

    def title_provenance_in(self, lang):
        """Return the sources, confidence and notes of the title in an
        expression ({} where there is none)."""
        expression = self._titled_expression(languages.get(lang).tag)
        return expression.title_provenance if expression is not None else {}

    @property
    def title_zh(self):
        """The title in simplified Chinese ("" until sourced)."""
        return self.title_in(CHINESE)

    def chinese_title(self, lang):
        """Return (tag, title) of the Chinese title a page shows beside its
        text (a ?lang= value): as the press printed it on a page in
        traditional characters that has it, else the simplified; None when
        the document has no Chinese title."""
        tag = languages.get(lang).tag if lang != languages.BOTH else CHINESE
        if tag == TRADITIONAL and self.title_in(TRADITIONAL):
            return TRADITIONAL, self.title_in(TRADITIONAL)
        return (CHINESE, self.title_zh) if self.title_zh else None

    @property
    def languages(self):
        """Return the registered languages the document has texts in, in
        the registry's order."""
        return [
            language
            for tag, language in languages.REGISTRY.items()
            if tag in self.expressions_by_tag
        ]

    def has_texts_in(self, lang):
        """Return True when the document has texts in the language a ?lang=
        value names; always for both (the English beside whatever Chinese
        there is, each missing text said per paragraph)."""
        return lang == languages.BOTH or languages.get(lang).tag in (
            self.expressions_by_tag
        )

    @property
    def languages_apart(self):
        """Return the document's languages that ?lang=both does not show
        (every one but the English and the Chinese): each is a page of its
        own in the language switch."""
        return [
            language
            for language in self.languages
            if not languages.shown_by_both(language.tag)
        ]

    def text_status(self, lang):
        """Return what the text in a language (a registered tag or alias:
        'en', 'zh' the simplified Chinese, 'ru'…) is, as its expression
        says: its tag and status, a phrase such as 'unofficial English
        translation', its translator (None when not identified or not a
        translation), its sources and its notes (a conversion's are those
        of the text it was converted from, then its own). A language the
        document has no text in has status None and says so."""
        tag = languages.get(lang).tag
        expression = self.expressions_by_tag.get(tag)
        if expression is None:
            return {
                "language": lang,
                "tag": tag,
                "status": None,
                "statement": f"{tag}: not available",
                "description": f"no {languages.get(tag).name} text is available "
                "to the project",
                "translator": None,
                "is_translation": False,
                "sources": [],
                "notes": "",
            }
        description, statement = expression.description, expression.statement
        if expression.labels_not_converted:
            # IV.4's simplified text, printed so by its source, is not a
            # conversion like the rest (each text's own line says what it is).
            labels = expression.labels_not_converted
            named = " and ".join(filter(None, [", ".join(labels[:-1]), labels[-1]]))
            description += f", but for {named}, which " + (
                "is not a conversion" if len(labels) == 1 else "are not conversions"
            )
            statement += f", but for {named}"
        return {
            "language": lang,
            "tag": tag,
            "status": expression.status,
            "statement": statement,
            "description": description,
            "translator": expression.translator or None,
            "is_translation": (
                expression.status == Expression.Status.UNOFFICIAL_TRANSLATION
            ),
            "sources": expression.all_sources,
            "notes": expression.all_notes,
        }

    def expression(self, tag, **defaults):
        """Return the document's expression with a registry tag, made from
        the given values when it has none yet."""
        tag = languages.get(tag).tag
        expression, _ = self.expressions.get_or_create(tag=tag, defaults=defaults)
        self.__dict__.pop("expressions_by_tag", None)
        return expression

    @property
    def text_statuses(self):
        """Return the status of the English and the Chinese text (?lang=en
        and ?lang=zh), in that order."""
        return [
            self.text_status(languages.reading_value(tag)) for tag in (ENGLISH, CHINESE)
        ]

    @property
    def text_statuses_apart(self):
        """Return the status of the document's texts in the languages that
        ?lang=both does not show (languages_apart), in the registry's order."""
        return [self.text_status(language.tag) for language in self.languages_apart]

    @property
    def other_text_statuses(self):
        """Return the status of each of the document's texts but the English
        and the simplified Chinese (text_statuses): the Chinese as the press
        printed it, and the languages shown apart, in the registry's order."""
        return [
            self.text_status(language.tag)
            for language in self.languages
            if language.tag not in (ENGLISH, CHINESE)
        ]

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
