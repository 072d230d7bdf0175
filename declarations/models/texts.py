"""A document's texts as rows: the Work/Expression split of FRBR and Akoma
Ntoso, as Laws.Africa's Indigo and Peachjam model it.

An Expression is the document in one language and script (a tag of the
language registry, declarations/languages.py) with a status saying exactly
what that text is. A ParagraphText is one paragraph's text in one
expression, with its own provenance; a paragraph with no text in an
expression has no row. A character conversion is never typed: it is
generated from its source row by the conversion tool (convert()), and the
build checks every stored conversion against the tool (conversion_faults()).
"""

import functools

from django.db import models

from declarations import languages

# The conversion tool and its version (pinned in requirements/constraints.txt);
# the build checks every stored conversion against it (conversion_faults).
CONVERSION_TOOL = "OpenCC 1.4.2 t2s"
CONVERSIONS = {("zh-Hant", "zh-Hans"): "t2s.json"}
# A reader's query is converted both ways, so that a query in either script
# finds, and marks, its words in the texts of both (search.forms_in); a text
# is only ever converted by CONVERSIONS.
QUERY_CONVERSIONS = {**CONVERSIONS, ("zh-Hans", "zh-Hant"): "s2t.json"}

# The expressions the reading pages show today: the English, and the
# Chinese in simplified characters (?lang=zh).
ENGLISH = "en"
CHINESE = languages.get("zh").tag
TRADITIONAL = "zh-Hant"


@functools.cache
def converter(config):
    import opencc

    return opencc.OpenCC(config)


def convert(text, source_tag, target_tag, conversions=CONVERSIONS):
    """Return the text converted from one script to another by the tool;
    KeyError when the tool has no such conversion."""
    return converter(conversions[(source_tag, target_tag)]).convert(text)


class Expression(models.Model):
    class Status(models.TextChoices):
        OFFICIAL_PUBLICATION = "official-publication", "Official publication"
        PRESS_QUOTATION = "press-quotation", "Quoted by the press, as printed"
        CONVERSION = "conversion", "Character conversion of another expression"
        UNOFFICIAL_TRANSLATION = "unofficial-translation", "Unofficial translation"

    document = models.ForeignKey(
        "declarations.Document", on_delete=models.CASCADE, related_name="expressions"
    )
    tag = models.CharField(
        "language tag",
        max_length=20,
        choices=languages.tag_choices,
        help_text="BCP-47 tag from the language registry: en, zh-Hans, zh-Hant…",
    )
    status = models.CharField(max_length=30, choices=Status.choices)
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derivations",
        help_text="For a conversion: the expression it is converted from.",
    )
    tool = models.CharField(
        max_length=100,
        blank=True,
        help_text="For a conversion: the tool and version that made it.",
    )
    translator = models.CharField(
        max_length=300, blank=True, help_text="For a translation, when known."
    )
    sources = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The document's title as this text's sources print it; blank "
        "until sourced.",
    )
    title_provenance = models.JSONField(
        "provenance of the title",
        default=dict,
        blank=True,
        help_text="Sources, notes and confidence of the title.",
    )

    class Meta:
        ordering = ["document", "tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "tag"], name="expression_unique_tag"
            )
        ]

    def __str__(self):
        return f"{self.document} [{self.tag}]"

    @property
    def language(self):
        return languages.get(self.tag)

    @property
    def is_conversion(self):
        return self.status == self.Status.CONVERSION

    @property
    def description(self):
        """Return what the text is, as a phrase: 'unofficial English
        translation', 'Chinese (traditional) text quoted by the press, as
        printed', 'Chinese (simplified) text converted by OpenCC 1.4.2 t2s
        from the Chinese (traditional) text quoted by the press, as
        printed'."""
        name = self.language.name
        if self.status == self.Status.UNOFFICIAL_TRANSLATION:
            return f"unofficial {name} translation"
        if self.status == self.Status.OFFICIAL_PUBLICATION:
            return f"official {name} publication"
        if self.status == self.Status.PRESS_QUOTATION:
            return f"{name} text quoted by the press, as printed"
        source = self.derived_from.description if self.derived_from else "another text"
        return f"{name} text converted by {self.tool} from the {source}"

    @property
    def all_sources(self):
        """Return where the expression's texts were obtained: for a
        conversion, the sources of the expression it is converted from, then
        its own (of its texts that are not conversions)."""
        sources = list(self.derived_from.sources) if self.derived_from else []
        return sources + [source for source in self.sources if source not in sources]

    @property
    def all_notes(self):
        """Return the notes on the expression: for a conversion, those of the
        expression it is converted from, then its own."""
        notes = [self.derived_from.notes] if self.derived_from else []
        return " ".join(filter(None, [*notes, self.notes]))

    @property
    def statement(self):
        """Return the expression's tag and status as citations state them
        (ParagraphText.statement says it of one paragraph's text)."""
        if not self.is_conversion or self.derived_from is None:
            return f"{self.tag}: {self.Status(self.status).label.lower()}"
        return (
            f"{self.tag}: character conversion of {self.derived_from.tag} "
            f"by {self.tool or CONVERSION_TOOL}"
        )


class ParagraphTextQuerySet(models.QuerySet):
    def in_language(self, tag):
        return self.filter(expression__tag=languages.get(tag).tag)


class ParagraphText(models.Model):
    class Origin(models.TextChoices):
        CORPUS = "corpus", "Corpus (recovered sources)"
        IMPORT = "import", "Imported official text"
        CURATOR = "curator", "Entered by a curator"

    paragraph = models.ForeignKey(
        "declarations.Paragraph", on_delete=models.CASCADE, related_name="texts"
    )
    expression = models.ForeignKey(
        Expression, on_delete=models.CASCADE, related_name="texts"
    )
    text = models.TextField()
    html = models.TextField(
        editable=False,
        blank=True,
        help_text="The English with instrument names linked; derived, never edited.",
    )
    search_words = models.TextField(
        editable=False,
        blank=True,
        default="",
        help_text="The stems of the words, for whole-word search; derived.",
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text="Sources, notes and confidence of this text.",
    )
    converted_from = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversions",
        help_text="The text this one was generated from by the conversion tool.",
    )
    conversion_edit = models.TextField(
        blank=True,
        help_text=(
            "For a conversion the source file records as edited by hand after "
            "the tool: what that record says."
        ),
    )

    objects = ParagraphTextQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph", "expression__tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "expression"], name="paragraphtext_unique"
            )
        ]

    def __str__(self):
        return f"{self.paragraph} [{self.expression.tag}]"

    @property
    def tag(self):
        return self.expression.tag

    @property
    def status(self):
        """Return what this text is (an Expression.Status): its expression's
        status, except a text of the Chinese that was not converted: an
        official publication where a curator or an import says its source
        is an official one, and a text of a conversion expression that was
        not converted is what its source printed (IV.4's simplified), a
        quotation."""
        status = self.expression.status
        if self.converted_from_id or status not in CHINESE_STATUSES:
            return status
        if self.provenance.get("source_kind") in OFFICIAL_SOURCE_KINDS:
            return Expression.Status.OFFICIAL_PUBLICATION
        if status == Expression.Status.CONVERSION:
            return Expression.Status.PRESS_QUOTATION
        return status

    @property
    def description(self):
        """Return what this text is, as a phrase ('unofficial English
        translation'): its expression's, or for a text its expression's
        status does not fit (IV.4's simplified quotation among conversions),
        the phrase of its own status."""
        if self.status == self.expression.status:
            return self.expression.description
        return Expression(tag=self.tag, status=self.status).description

    @property
    def entered(self):
        """Return who put this text in, from its own origin and provenance,
        where a curator or an import did: 'entered by a curator from Ming
        Pao (news.mingpao.com)', 'imported from …'; "" for a text of the
        corpus or a conversion (its status says what it is). The one rule
        the statement and the reader's line both say."""
        if self.converted_from_id is not None:
            return ""
        by = outlet_names(self.provenance.get("sources", []), self.expression)
        if self.origin == self.Origin.CURATOR:
            return f"entered by a curator from {by}" if by else "entered by a curator"
        if self.origin == self.Origin.IMPORT:
            return f"imported from {by}" if by else "imported"
        return ""

    @property
    def attested_by(self):
        """Return whose word the text's confidence and notes are: the
        compiler's of the sources file for a text of the corpus (and a
        conversion of one), the curator's or the importer's for a text a
        person entered (mark_chinese_entered_by writes them with it), and
        the curator's for a text whose provenance a curator revised
        (mark_chinese_revised_by)."""
        if "revised_by" in self.provenance:
            return "the curator"
        return ATTESTED_BY.get(self.origin, "the compiler")

    @property
    def less_removed(self):
        """Return ', less … the compiler removed' when the compiler left out
        words the outlet had inserted into its quotation (the build marks
        removed_insertions where the source record's notes begin
        REMOVED_MARKER), for this text or the one it was converted from; ""
        otherwise."""
        source = self.converted_from if self.converted_from_id else self
        if source.provenance.get("removed_insertions"):
            return ", less words the outlet inserted, which the compiler removed"
        return ""

    def outlet(self, source):
        """Return the name of the outlet at one of the text's sources, as
        its expression names it ('Ming Pao'), else the address's host."""
        return outlet_names([source], self.expression) or source

    @property
    def as_printed(self):
        """Return how a quotation's text stands to its printings: 'as
        printed', or where its outlets print it differently 'as HK01 printed
        it' (the provenance's printed_by, fixtures/curation/<document>/
        printed_by.csv); less the words the compiler removed."""
        printed_by = self.provenance.get("printed_by")
        if printed_by:
            return f"as {self.outlet(printed_by)} printed it{self.less_removed}"
        return f"as printed{self.less_removed}"

    @property
    def statement(self):
        """Return the text's expression tag and what this text is, as the
        citations and exports state it: 'en: unofficial translation',
        'zh-Hans: character conversion of zh-Hant by OpenCC 1.4.2 t2s',
        'zh-Hans: quoted by the press, as printed' (IV.4's own status),
        'zh-Hant: entered by a curator from example.org' (entered)."""
        if self.converted_from_id is None:
            said = self.entered or (
                Expression.Status(self.status).label.lower() + self.less_removed
            )
            return f"{self.tag}: {said}"
        line = (
            f"{self.tag}: character conversion of {self.converted_from.tag} "
            f"by {self.expression.tool or CONVERSION_TOOL}"
        )
        if self.conversion_edit:
            line += ", then edited by hand as its source notes"
        return line

    @property
    def is_trusted(self):
        """Return True when the text is trusted enough to be shown (a
        low-confidence text is stored but not shown)."""
        from declarations.models import UNTRUSTED_CONFIDENCE

        return self.provenance.get("confidence") not in UNTRUSTED_CONFIDENCE

    def reader_line(self):
        """Return one short line telling a reader what this text is and
        where it comes from, from its own provenance and its expression
        (who entered it: the rule the statement says, entered)."""
        script = languages.get(self.expression.tag).script
        if self.converted_from_id is not None:
            entered = self.converted_from.entered
            source = (
                f"the text {entered}"
                if entered
                else f"the quotation {self.converted_from.as_printed}"
            )
            line = f"{script} characters, converted by {CONVERSION_TOOL} from {source}"
            if self.conversion_edit:
                line += ", then edited by the compiler as the source notes say"
            return line
        if self.entered:
            line = self.entered[:1].upper() + self.entered[1:]
        elif self.expression.status == Expression.Status.PRESS_QUOTATION or (
            self.expression.status == Expression.Status.CONVERSION
        ):
            by = outlet_names(self.provenance.get("sources", []), self.expression)
            line = f"Quoted by {by}" if by else "Quoted by the press"
            if not script:  # a language written in one script
                return f"{line}, {self.as_printed}"
            return f"{line} — {script.lower()} characters, {self.as_printed}"
        else:
            description = self.expression.description
            return description[:1].upper() + description[1:]
        return f"{line} — {script.lower()} characters" if script else line


# Whose word a text's confidence and notes are, by who put the text in
# (ParagraphText.attested_by).
ATTESTED_BY = {
    ParagraphText.Origin.CURATOR: "the curator",
    ParagraphText.Origin.IMPORT: "the importer",
}
# The Chinese source file's notes begin so where the compiler left out words
# an outlet had inserted into the declaration's text it quoted (Ming Pao's
# glosses, such as （白俄羅斯）): the text is the quotation as printed but
# for them (ParagraphText.less_removed).
REMOVED_MARKER = "REMOVED"
# The kinds of source (models.SourceKind) whose text is published officially.
OFFICIAL_SOURCE_KINDS = {"official-publication", "official-site"}
# The statuses of the Chinese expressions, whose texts a curator or an import
# may take from an official source (ParagraphText.status).
CHINESE_STATUSES = {Expression.Status.PRESS_QUOTATION, Expression.Status.CONVERSION}


def outlet_names(sources, expression):
    """Return the outlets a text was taken from, by the names the
    expression's sources give them ('Ming Pao (news.mingpao.com)'), else by
    their web addresses' host; "" when there are none."""
    from urllib.parse import urlsplit

    named = {}
    for source in [
        *expression.sources,
        *getattr(expression.derived_from, "sources", []),
    ]:
        name, _, host = str(source).rpartition(" (")
        if name and host.endswith(")"):
            named.setdefault(host[:-1], name)
    outlets = []
    for source in sources:
        host = urlsplit(source).hostname or source
        name = named.get(host, host)
        if name not in outlets:
            outlets.append(name)
    return " and ".join(outlets)


def conversion_faults(queryset=None):
    """Return (row, expected) for every stored conversion that differs from
    the tool's output from its source, leaving out the edits the sources
    record (conversion_edit)."""
    rows = (queryset or ParagraphText.objects.all()).filter(
        converted_from__isnull=False, conversion_edit=""
    )
    faults = []
    for row in rows.select_related("expression", "converted_from__expression"):
        expected = convert(
            row.converted_from.text, row.converted_from.expression.tag, row.tag
        )
        if expected != row.text:
            faults.append((row, expected))
    return faults
