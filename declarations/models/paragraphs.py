"""Paragraphs: the numbered text of a section, its texts per expression,
themes, instrument and entity links."""

import uuid

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from declarations import languages, search, search_index
from declarations.instrument_links import link_instruments
from declarations.models.annotations import Annotation
from declarations.models.documents import Document, Section
from declarations.models.entities import EntityMention, ParagraphSubject
from declarations.models.provenance import chinese_shown
from declarations.models.references import Instrument, Mention, Theme
from declarations.models.texts import (
    CHINESE,
    CONVERSION_TOOL,
    ENGLISH,
    OFFICIAL_SOURCE_KINDS,
    TRADITIONAL,
    Expression,
    ParagraphText,
    convert,
)

# Sent by Paragraph.save_texts() once the rows it changed are written (a
# paragraph's post_save comes before them), with the paragraph and the set
# of tags whose text was written or deleted (declarations/signals.py routes
# it to declarations.derived.texts_saved).
texts_saved = Signal()
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
            "(declarations.derived); keys its stored fragments."
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
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A text is a row of its own (save_texts()), not a column; every
            # save gives the paragraph a new reading version
            # (declarations.derived.paragraph_saving).
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

    # A paragraph's texts, one row per expression (declarations/models/texts.py).
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
        """Write the texts set on the paragraph since it was read (and the
        English when its linked English is stale: the writer of derived data
        marks it, declarations.derived.paragraph_saving): a blank text
        deletes its row; each row written gets its derived HTML and search
        words (declarations.derived.text_saving)."""
        rows = self._text_rows()
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
        if printed is None or not getattr(printed, "dirty", False):
            return
        simplified = rows.get(CHINESE)
        if not printed.text:
            # The text a conversion was made from is gone: so is the
            # conversion, which would otherwise stand as a text of its own.
            if (
                simplified is not None
                and printed.pk is not None
                and simplified.converted_from_id == printed.pk
            ):
                self._set_text(CHINESE, text="")
            return
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
        this paragraph's text is the first in it (the corpus writes its
        documents' expressions before their texts): English is a
        translation; the Chinese as the press printed it (a provenance's
        zh_hant) a quotation, the simplified text its conversion; any other
        text a quotation, or an official publication when its source is one."""
        printed = self.text_row(TRADITIONAL)
        if tag == ENGLISH:
            return {"status": Expression.Status.UNOFFICIAL_TRANSLATION}
        if tag == CHINESE and printed is not None:
            return {
                "status": Expression.Status.CONVERSION,
                "derived_from": printed.expression,
                "tool": CONVERSION_TOOL,
            }
        row = self.text_row(tag)
        kind = row.provenance.get("source_kind") if row is not None else None
        if kind in OFFICIAL_SOURCE_KINDS:
            return {"status": Expression.Status.OFFICIAL_PUBLICATION}
        return {"status": Expression.Status.PRESS_QUOTATION}

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
        """Return the paragraph's text in an expression (a registry tag or
        alias: the Chinese in a script, or any other language) when it is
        trusted enough to be shown, else None."""
        row = self.text_row(tag)
        return row if row is not None and row.is_trusted else None

    def chinese_in_script(self, script):
        """Return the Chinese text a page in a script (a Chinese tag) shows:
        the text in that script, else the simplified (IV.4 was printed in
        simplified characters only); None when neither is shown."""
        return self.chinese_shown(script) or self.chinese_shown(CHINESE)

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
        corpus reloads keep it; when only the provenance changed, that the
        curator revised it (mark_chinese_revised_by)."""
        rows = self._text_rows()
        if not any(getattr(row, "dirty", False) for row in rows.values()):
            self.mark_chinese_revised_by(user, **provenance)
            return
        printed = rows.get(TRADITIONAL)
        if printed is not None and getattr(printed, "dirty", False) and printed.text:
            printed.origin = self.ChineseOrigin.CURATOR
            printed.provenance = {
                **provenance,
                "entered_by": user.get_username(),
                "entered_at": timezone.now().isoformat(),
            }
        simplified = rows.get(CHINESE)
        if (
            simplified is not None
            and simplified.converted_from_id
            and printed is not None
            and printed.text
        ):
            # A conversion stays one: its provenance names the text it is
            # made from (save_printed_chinese), whatever else was corrected.
            provenance = {**provenance, "zh_hant": printed.text}
        # No simplified text yet (a traditional text entered where there was
        # no Chinese): the save makes its conversion, with the provenance
        # just given to the traditional (regenerate_conversion).
        if self.text_zh:
            self.text_zh_origin = self.ChineseOrigin.CURATOR
            self.text_zh_provenance = {
                **provenance,
                "entered_by": user.get_username(),
                "entered_at": timezone.now().isoformat(),
            }

    def mark_chinese_revised_by(self, user, **provenance):
        """Record that a curator revised the Chinese text's sources, kind of
        source, confidence or notes, not the text: whose text it is stays
        (the corpus's, an import's, a curator's), with what the form does
        not show (its source record's line, which outlet's printing it is,
        words the compiler removed), and the reviser is named. A
        conversion's provenance is its source's (save_printed_chinese)."""
        simplified = self.text_row(CHINESE)
        if simplified is None:
            return
        kept = {
            name: value
            for name, value in self.text_zh_provenance.items()
            if name not in provenance
        }
        if kept.get("printed_by") not in provenance.get("sources", []):
            kept.pop("printed_by", None)
            kept.pop("printed_by_reason", None)
        self.text_zh_provenance = {
            **kept,
            **provenance,
            "revised_by": user.get_username(),
            "revised_at": timezone.now().isoformat(),
        }

    def locate(self, quote, script=CHINESE):
        """Return where a quoted passage first occurs: (text, start, end) in
        the English, else the Chinese in the given script (the one a page
        shows), else in the other script; the text named as the fragments
        mark it ('en', 'zh' for the simplified, 'zh-Hant'). None when it
        occurs in none of them."""
        scripts = [script, *(tag for tag in (CHINESE, TRADITIONAL) if tag != script)]
        rows = [(tag, self.text_row(tag)) for tag in scripts]
        texts = [("en", self.text_en)] + [
            ("zh" if tag == CHINESE else tag, row.text) for tag, row in rows if row
        ]
        for lang, text in texts:
            start = text.find(quote) if quote and text else -1
            if start >= 0:
                return lang, start, start + len(quote)
        return None

    def text_in(self, lang):
        """Return the paragraph's text in a language ('en', or 'zh' or a
        Chinese script's tag); the Chinese only when it is shown."""
        if lang == "en":
            return self.text_en
        shown = self.chinese_shown(lang)
        return shown.text if shown is not None else ""

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
        (declarations.derived, and declarations/storage_budget.py's check)."""
        if instruments is None:
            if self.pk is None:
                return link_instruments(self.text_en, [])
            mentions = self.mentions.select_related("instrument")
            instruments = [m.instrument for m in mentions]
        return link_instruments(
            self.text_en,
            [(i.names, i.get_absolute_url(), i.slug) for i in instruments],
        )

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
