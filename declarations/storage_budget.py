"""The storage budget, checked on the result of a whole save.

An instrument's names, a mention added in the Mention admin, and mentions
added or removed through an inline in the same POST all change how the
paragraphs they touch are linked. budget_problem() relinks those paragraphs
in memory, as they would be after the save, and compares the corpus's
stored linked English with its budget (declarations.instrument_links,
stored_html_budget); nothing is written.
"""

from django.db.models import Sum
from django.db.models.functions import Coalesce, Length

from declarations.instrument_links import (
    HTML_BUDGET_HEADROOM,
    HTML_BUDGET_PER_CHARACTER,
    stored_html_budget,
)


def budget_problem(*, removed=(), added=(), instrument=None):
    """Return why the save would pass the storage budget, in words, or None.

    removed: pks of mentions the save deletes or replaces; added: the
    (paragraph pk, instrument pk) links it makes; instrument: an instrument
    with its names as edited (unsaved), whose paragraphs are relinked."""
    from declarations.models import TEXTS, Instrument, Mention, Paragraph
    from declarations.models.texts import ParagraphText

    removed = set(removed)
    affected = {paragraph for paragraph, _ in added}
    affected |= set(
        Mention.objects.filter(pk__in=removed).values_list("paragraph_id", flat=True)
    )
    if instrument is not None and instrument.pk:
        affected |= set(
            Mention.objects.filter(instrument=instrument).values_list(
                "paragraph_id", flat=True
            )
        )
    if not affected:
        return None
    links = {paragraph: [] for paragraph in affected}
    for paragraph, linked in (
        Mention.objects.filter(paragraph_id__in=affected)
        .exclude(pk__in=removed)
        .values_list("paragraph_id", "instrument_id")
    ):
        links[paragraph].append(linked)
    for paragraph, linked in added:
        links[paragraph].append(linked)
    instruments = Instrument.objects.in_bulk(
        {linked for ids in links.values() for linked in ids}
    )
    if instrument is not None and instrument.pk:
        instruments[instrument.pk] = instrument
    totals = ParagraphText.objects.in_language("en").aggregate(
        english=Coalesce(Sum(Length("text")), 0),
        html=Coalesce(Sum(Length("html")), 0),
    )
    total = totals["html"]
    for paragraph in Paragraph.objects.filter(pk__in=affected).prefetch_related(TEXTS):
        linked = [instruments[pk] for pk in dict.fromkeys(links[paragraph.pk])]
        total += len(paragraph.linked_english(linked)) - len(paragraph.text_en_html)
    budget = stored_html_budget(totals["english"])
    if total <= budget:
        return None
    return (
        f"After this save the linked English of the corpus would take "
        f"{total:,} characters; its budget is {budget:,} "
        f"({HTML_BUDGET_PER_CHARACTER} per character of English text, plus "
        f"{HTML_BUDGET_HEADROOM:,}). Use fewer or longer names, or fewer links."
    )
