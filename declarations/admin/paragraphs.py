"""Paragraphs and their themes in the curators' admin. The text and
numbering come from the sources and are read-only; a curator fills in the
Chinese original with its provenance, and sets themes, one paragraph at a
time or in bulk (the add and remove theme actions)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from declarations.admin.changes import key_value
from declarations.admin.filters import (
    HasAnnotationsFilter,
    HasChineseFilter,
    SectionFilter,
)
from declarations.admin.history import CuratorVersionAdmin, record_as_loaded
from declarations.admin.inlines import (
    AnnotationInline,
    ParagraphEntityInline,
    ParagraphMentionInline,
    ParagraphSubjectInline,
    mark_entities_curated,
    mark_mentions_curated,
)
from declarations.admin.policy import PolicyAdmin
from declarations.models import (
    Annotation,
    Confidence,
    EntityMention,
    Mention,
    Paragraph,
    ParagraphSubject,
    SourceKind,
    Theme,
    texts,
    with_counts_in_order,
)
from declarations.text import validate_web_address

# The expressions whose texts the paragraph form's fields show and edit.
FORM_TAGS = {texts.ENGLISH, texts.CHINESE, texts.TRADITIONAL}


def status_label(row):
    """Return what a text is, in words: 'Unofficial translation'."""
    return texts.Expression.Status(row.status).label


class ThemeAdmin(PolicyAdmin, CuratorVersionAdmin):
    list_display = ["name_en", "name_zh", "slug", "paragraph_count"]
    search_fields = ["slug", "name_en", "name_zh"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paragraph_counts()

    @admin.display(ordering="paragraph_count")
    def paragraph_count(self, theme):
        return theme.paragraph_count

    def save_model(self, request, obj, form, change):
        obj.curated = True
        super().save_model(request, obj, form, change)


PROVENANCE_FIELDS = ["zh_sources", "zh_source_kind", "zh_confidence", "zh_notes"]
CHINESE_FIELDS = ["text_zh", "text_zh_hant", *PROVENANCE_FIELDS]
# The kind of source a text's status supports, where it supports one: a
# text quoted by the press was taken from a news report.
KIND_OF_STATUS = {texts.Expression.Status.PRESS_QUOTATION: SourceKind.NEWS_REPORT}


def provenance_html(rows):
    """Return texts' provenance as a curator reads it: per text, what it is
    (its tag and status), its sources as links named by their outlets, its
    confidence, the line of the sources file, who entered it and the notes;
    "—" where there is no text."""
    parts = []
    for row in filter(None, rows):
        stored = row.provenance
        sources = format_html_join(
            "",
            '<li><a href="{}" rel="noopener nofollow">{}</a></li>',
            ((source, row.outlet(source)) for source in stored.get("sources", [])),
        )
        facts = [
            ("Confidence", stored.get("confidence") or "not stated"),
            ("Kind of source", key_value("source_kind", stored.get("source_kind"))),
            ("Line of the sources file", stored.get("source_line")),
            ("Entered by", stored.get("entered_by")),
            ("Entered at", stored.get("entered_at")),
            ("Provenance revised by", stored.get("revised_by")),
            ("Provenance revised at", stored.get("revised_at")),
            ("Notes", stored.get("notes")),
        ]
        parts.append(
            format_html(
                "<div><strong>{}</strong>{}{}</div>",
                row.statement,
                format_html("<ul>{}</ul>", sources) if sources else "",
                format_html_join("", "<p>{}: {}</p>", ((k, v) for k, v in facts if v)),
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts)) or "—"


class LinesField(forms.CharField):
    """A text field in a textarea, whose line breaks a browser sends as
    CR LF (as HTML says a textarea's value is submitted) and the corpus
    stores as LF: read as LF, so a form sent back unchanged is unchanged
    (a revert posted from a browser had seen every multi-line value as
    changed, and recorded the compiler's text as a curator's)."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ParagraphForm(forms.ModelForm):
    """The paragraph form, with the provenance a curator's Chinese text needs:
    text of unknown origin must never be shown as the original."""

    text_zh = LinesField(
        label="Chinese text, simplified characters",
        required=False,
        help_text="The Chinese as its source prints it; leave blank when not sourced.",
    )
    text_zh_hant = LinesField(
        label="Chinese text, traditional characters",
        required=False,
        help_text=(
            "As its source printed it. The simplified text, when it is a "
            "conversion of this one, is made again from it by OpenCC, never typed."
        ),
    )
    zh_sources = LinesField(
        label="Source URLs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where the Chinese text was taken from: one URL a line.",
    )
    zh_source_kind = forms.ChoiceField(
        label="Kind of source",
        required=False,
        choices=[("", "---------"), *SourceKind.choices],
    )
    zh_confidence = forms.ChoiceField(
        label="Confidence",
        required=False,
        choices=[("", "---------"), *Confidence.choices],
        help_text="Low confidence is stored but not shown as the original.",
    )
    zh_notes = LinesField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How the text was checked against its source.",
    )

    class Meta:
        model = Paragraph
        fields = ["themes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        simplified = self.instance.text_row("zh-Hans") if self.instance.pk else None
        self.conversion = (
            simplified if simplified and simplified.converted_from_id else None
        )
        if self.conversion is not None:
            # A conversion is made by the tool from the traditional text,
            # never typed (Paragraph.regenerate_conversion).
            self.fields["text_zh"].disabled = True
            self.fields["text_zh"].help_text = (
                "Converted by OpenCC from the traditional text below; made "
                "again when that text changes, never typed."
            )
            if self.conversion.conversion_edit:
                self.fields["text_zh"].help_text = (
                    "Converted by OpenCC from the traditional text below, then "
                    "edited by hand as its source record's notes say; so the "
                    "traditional text is not changed here."
                )
        self.initial.setdefault("text_zh", self.instance.text_zh)
        self.initial.setdefault("text_zh_hant", self.instance.text_zh_hant)
        provenance = self.instance.text_zh_provenance or {}
        self.initial.setdefault("zh_sources", "\n".join(provenance.get("sources", [])))
        kind = provenance.get("source_kind", "")
        if not kind and self.instance.pk:
            kind = self.prefill_source_kind()
        self.initial.setdefault("zh_source_kind", kind)
        self.initial.setdefault("zh_confidence", provenance.get("confidence", ""))
        self.initial.setdefault("zh_notes", provenance.get("notes", ""))

    def prefill_source_kind(self):
        """Return the kind of source the Chinese text's own status supports
        when its record names none (every text loaded from the corpus), and
        say so in the field's help text: a curator confirms it rather than
        invents one. "" when the status supports no kind."""
        row = self.instance.text_row(texts.CHINESE)
        if row is None:
            return ""
        # A conversion's provenance is that of the text it is converted from.
        described = row.converted_from if row.converted_from_id else row
        kind = KIND_OF_STATUS.get(described.status, "")
        if kind:
            self.fields["zh_source_kind"].help_text = (
                f"Prefilled with “{SourceKind(kind).label}”, the kind its "
                f"text's own status supports ({described.statement}): its "
                "provenance names no kind of source. Confirm it or choose "
                "another; it is stored when you save a change to the Chinese "
                "text or its provenance."
            )
        return kind

    # On a revert (CuratorVersionAdmin.restore_form): the form's values for
    # the paragraph as it was before the revert.
    restored_over = None

    def provenance_changed(self):
        """Return True when the Chinese text or its provenance was changed."""
        return any(name in self.changed_data for name in CHINESE_FIELDS)

    def restores_other_chinese(self):
        """Return True when a revert changes the Chinese text or its
        provenance from what the paragraph has now: the form's initial is
        the version restored, so changed_data does not see it."""
        if self.restored_over is None:
            return False
        return any(
            self.fields[name].has_changed(self.restored_over.get(name), self[name].data)
            for name in CHINESE_FIELDS
            if not self.fields[name].disabled
        )

    def clean_zh_sources(self):
        urls = self.cleaned_data["zh_sources"].split()
        for url in urls:
            validate_web_address(url)
        return urls

    def clean_text_zh_hant(self):
        text = self.cleaned_data["text_zh_hant"]
        edit = self.conversion.conversion_edit if self.conversion else ""
        if edit and "text_zh_hant" in self.changed_data:
            # Made again by the tool, the simplified text would lose the edit
            # its source record notes, silently.
            raise forms.ValidationError(
                "The simplified text is this text converted by OpenCC and then "
                "edited by hand as its source record's notes say; a change here "
                "would make it again without that edit. Ask a maintainer to "
                "change the source record (fixtures/sources/), where the edit "
                "is noted."
            )
        return text

    def keeps_the_compilers_notes(self):
        """Return True when the Chinese text is changed but the notes are
        left as the corpus loaded them: the compiler's notes on the text
        they replace, which the page would show as the curator's."""
        row = self.instance.text_row(texts.CHINESE) if self.instance.pk else None
        return (
            row is not None
            and row.origin == texts.ParagraphText.Origin.CORPUS
            and any(name in self.changed_data for name in ["text_zh", "text_zh_hant"])
            and "zh_notes" not in self.changed_data
            and bool(self.initial.get("zh_notes"))
        )

    def clean(self):
        cleaned = super().clean()
        entered = cleaned.get("text_zh") or cleaned.get("text_zh_hant")
        restoring = self.restores_other_chinese()
        if entered and self.keeps_the_compilers_notes():
            self.add_error(
                "zh_notes",
                "These are the compiler's notes on the text as it was loaded. "
                "Say how you checked the text you entered; the compiler's "
                "notes stay in the paragraph's history.",
            )
        if entered and (self.provenance_changed() or restoring):
            missing = [
                name
                for name in PROVENANCE_FIELDS
                if not cleaned.get(name) and name not in self.errors
            ]
            for name in missing:
                self.add_error(
                    name,
                    f"{self.fields[name].label} is required with the Chinese text.",
                )
            if missing and restoring:
                raise forms.ValidationError(
                    "Restoring this version changes the Chinese text or its "
                    "provenance, and, as with any change of the Chinese, its "
                    "provenance must be complete: fill in the fields marked "
                    "below to restore it, or leave this page to keep the "
                    "paragraph as it is."
                )
        return cleaned

    def save(self, commit=True):
        # The Chinese is a text row of its own, written by Paragraph.save().
        if "text_zh" in self.changed_data:
            self.instance.text_zh = self.cleaned_data["text_zh"]
        if "text_zh_hant" in self.changed_data:
            self.instance.text_zh_hant = self.cleaned_data["text_zh_hant"]
        return super().save(commit)

    def provenance(self):
        """Return the provenance the form records with the Chinese text."""
        return {
            "sources": self.cleaned_data["zh_sources"],
            "source_kind": self.cleaned_data["zh_source_kind"],
            "confidence": self.cleaned_data["zh_confidence"],
            "notes": self.cleaned_data["zh_notes"].strip(),
        }


class ThemeChoiceForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), empty_label=None)


class ParagraphAdmin(PolicyAdmin, CuratorVersionAdmin):
    form = ParagraphForm
    actions = ["add_theme", "remove_theme"]
    list_display = [
        "reading_label",
        "document",
        "opening",
        "has_chinese",
        "annotation_count",
    ]
    list_display_links = ["reading_label", "opening"]
    # Reading order: sorting labels as text would put II.10 before II.2.
    ordering = ["document", "position"]
    list_filter = [
        "document",
        SectionFilter,
        "themes",
        HasChineseFilter,
        HasAnnotationsFilter,
        "themes_curated",
        "mentions_curated",
        "entities_curated",
    ]
    search_fields = ["label", "texts__text"]
    list_select_related = ["document"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("document", "label"),
                    ("text_en", "text_zh"),
                    "text_zh_hant",
                    "other_texts",
                ]
            },
        ),
        (
            "Chinese text: provenance",
            {
                "description": "Required whenever the Chinese text is entered "
                "or changed.",
                "fields": [*PROVENANCE_FIELDS, "text_zh_origin", "chinese_provenance"],
            },
        ),
        (
            "Themes",
            {
                "fields": [
                    "themes",
                    "themes_curated",
                    "mentions_curated",
                    "entities_curated",
                ]
            },
        ),
    ]
    readonly_fields = [
        "document",
        "label",
        "text_en",
        "other_texts",
        "text_zh_origin",
        "chinese_provenance",
        "themes_curated",
        "mentions_curated",
        "entities_curated",
    ]
    autocomplete_fields = ["themes"]
    inlines = [
        ParagraphMentionInline,
        ParagraphEntityInline,
        ParagraphSubjectInline,
        AnnotationInline,
    ]

    def get_queryset(self, request):
        return with_counts_in_order(
            super().get_queryset(request),
            annotation_count=Count("annotations", distinct=True),
        )

    @admin.display(description="Texts in other languages")
    def other_texts(self, paragraph):
        """The paragraph's texts in the registry's other languages (a
        Russian translation…), each with its tag and what it is; empty
        where it has none."""
        return format_html_join(
            "",
            '<p lang="{}"><strong>{}</strong> ({}): {}</p>',
            (
                (row.tag, row.expression.language.name, status_label(row), row.text)
                for row in paragraph.texts.exclude(
                    expression__tag__in=FORM_TAGS
                ).select_related("expression")
            ),
        )

    @admin.display(ordering="position", description="Paragraph")
    def reading_label(self, paragraph):
        return paragraph.label

    @admin.display(description="English")
    def opening(self, paragraph):
        return Truncator(paragraph.text_en).chars(90)

    @admin.display(boolean=True, description="中文")
    def has_chinese(self, paragraph):
        return paragraph.has_chinese

    @admin.display(description="Provenance of the Chinese texts")
    def chinese_provenance(self, paragraph):
        return provenance_html([paragraph.text_row(tag) for tag in ("zh", "zh-Hant")])

    @admin.display(ordering="annotation_count", description="Notes")
    def annotation_count(self, paragraph):
        return paragraph.annotation_count

    def view_on_site(self, paragraph):
        # The paragraph where readers meet it: in its document, at its anchor.
        return f"{paragraph.document.get_absolute_url()}#{paragraph.anchor}"

    @admin.action(description="Add a theme…", permissions=["change"])
    def add_theme(self, request, queryset):
        return self.change_theme(request, queryset, adding=True)

    @admin.action(description="Remove a theme…", permissions=["change"])
    def remove_theme(self, request, queryset):
        return self.change_theme(request, queryset, adding=False)

    def change_theme(self, request, queryset, *, adding):
        """Ask for the theme, show what will change, and change it once
        confirmed: through themes.add/remove, so that the m2m_changed
        receiver in declarations/signals.py has declarations/derived.py
        refresh the pages."""
        paragraphs = list(
            queryset.select_related("document").prefetch_related("themes")
        )
        form = ThemeChoiceForm(request.POST if "theme" in request.POST else None)
        theme = form.cleaned_data["theme"] if form.is_valid() else None
        changes, unchanged = [], []
        for paragraph in paragraphs:
            has_it = theme in paragraph.themes.all()
            (changes if has_it != adding else unchanged).append(paragraph)
        if theme is not None and changes and request.POST.get("confirm") == "yes":
            verb = "Added" if adding else "Removed"
            record_as_loaded(changes)
            # The curator chose these themes: corpus reloads keep them.
            Paragraph.objects.filter(pk__in=[p.pk for p in changes]).update(
                themes_curated=True
            )
            for paragraph in changes:
                # One version each, so that reverting one paragraph to it
                # leaves the others as they are.
                with self.one_revision(request):
                    paragraph.themes_curated = True
                    if adding:
                        paragraph.themes.add(theme)
                    else:
                        paragraph.themes.remove(theme)
                    self.log_change(
                        request, paragraph, f"{verb} theme “{theme}” (bulk action)."
                    )
            self.message_user(
                request,
                f"{verb} theme “{theme}” {'to' if adding else 'from'} "
                f"{len(changes)} paragraph(s).",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a theme" if adding else "Remove a theme",
            "opts": self.model._meta,
            "action": "add_theme" if adding else "remove_theme",
            "form": form if form.is_bound else ThemeChoiceForm(),
            "theme": theme,
            "adding": adding,
            "paragraphs": paragraphs,
            "changes": changes if theme else [],
            "unchanged": unchanged if theme else [],
        }
        return TemplateResponse(
            request, "admin/declarations/paragraph/theme_action.html", context
        )

    # A revert restores the paragraph's Chinese text and themes, not its
    # instrument or entity links: their flags stay as they are.
    kept_on_revert = ["themes_curated", "mentions_curated", "entities_curated"]

    def revert_version(self, version, delete=False):
        themes = set(
            Paragraph.themes.through.objects.filter(
                paragraph_id=version.object_id
            ).values_list("theme_id", flat=True)
        )
        # Read before the revert, which empties the version's m2m data.
        wanted = set(version.field_dict.get("themes", []))
        super().revert_version(version, delete)
        if wanted != themes:
            # The curator chose these themes again: corpus reloads keep them.
            Paragraph.objects.filter(pk=version.object_id).update(themes_curated=True)

    def save_model(self, request, obj, form, change):
        if form.provenance_changed():
            obj.mark_chinese_entered_by(request.user, **form.provenance())
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "themes" in form.changed_data:
            Paragraph.objects.filter(pk=form.instance.pk).update(themes_curated=True)

    def save_formset(self, request, form, formset, change):
        if formset.model is Annotation:
            for annotation_form in formset.forms:
                annotation = annotation_form.instance
                if annotation_form.has_changed():
                    annotation.last_changed_by = request.user
                    if annotation.author_id is None:
                        annotation.author = request.user
        super().save_formset(request, form, formset, change)
        if formset.model is Mention:
            mark_mentions_curated(formset)
        if formset.model in (EntityMention, ParagraphSubject):
            mark_entities_curated(formset)
