"""What a document's overview page draws, computed in one place."""

from dataclasses import dataclass

from django.db.models import Count

from declarations.endorsements import Matrix
from declarations.models import Instrument, Paragraph, Theme


@dataclass
class Overview:
    """Theme × section counts, the instruments cited with their dates, the
    figures researchers quote, and who endorses what, for one document."""

    sections: list
    themes: list  # each annotated with .count, most frequent first
    rows: list  # (theme, [(section, count), …]) in the order of themes
    largest_cell: int
    instruments: list  # each annotated with .count, most cited first
    dated: list  # the instruments with a year, oldest first
    subjects: Matrix  # member state × paragraph, for paragraphs with a subject

    @classmethod
    def of(cls, document):
        """Return the overview of a document (its sections prefetched)."""
        sections = list(document.sections.all())
        cells = (
            Paragraph.themes.through.objects.filter(paragraph__document=document)
            .values_list("theme_id", "paragraph__section_id")
            .annotate(count=Count("id"))
        )
        counts = {(theme, section): n for theme, section, n in cells}
        themes = list(
            Theme.objects.filter(paragraphs__document=document)
            .annotate(count=Count("paragraphs"))
            .order_by("-count", "position")
        )
        instruments = list(
            Instrument.objects.filter(mentions__paragraph__document=document)
            .annotate(count=Count("mentions"))
            .order_by("-count", "title_en")
        )
        return cls(
            sections=sections,
            themes=themes,
            rows=[
                (theme, [(s, counts.get((theme.pk, s.pk), 0)) for s in sections])
                for theme in themes
            ],
            largest_cell=max(counts.values(), default=0),
            instruments=instruments,
            dated=sorted(
                (i for i in instruments if i.year), key=lambda i: (i.year, i.title_en)
            ),
            subjects=Matrix.of(document),
        )
