"""Where a text or a note comes from: source notes, kinds of source,
confidence, and which paragraphs show their Chinese as the original."""

import re

from django.db import models
from django.db.models import Q

from declarations.models.texts import CHINESE, ParagraphText

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


def chinese_shown(prefix="", tag=CHINESE):
    """Return the condition for a paragraph whose Chinese (simplified, or in
    the script of another tag) is shown (prefix: the path to the paragraph,
    e.g. 'paragraphs__')."""
    # The key lookup is NULL when provenance has no confidence (imports
    # before confidence was recorded): those are trusted. A paragraph with
    # no text in an expression has no row.
    shown = ParagraphText.objects.in_language(tag).filter(
        Q(provenance__confidence__isnull=True)
        | ~Q(provenance__confidence__in=list(UNTRUSTED_CONFIDENCE))
    )
    return Q(**{f"{prefix}pk__in": shown.values("paragraph")})
