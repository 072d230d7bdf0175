"""Writing the curation files back from the database (export_curation), for
review and commit; the columns come from the modules that read them
(curation_files.py, entity_files.py), so both directions agree.
"""

from pathlib import Path

from declarations.corpus.curation_files import (
    INSTRUMENT_COLUMNS,
    MENTION_COLUMNS,
    PARAGRAPH_THEME_COLUMNS,
    THEME_COLUMNS,
    csv_text,
    join_aliases,
)
from declarations.corpus.entity_files import (
    ENTITY_COLUMNS,
    MEMBERSHIP_COLUMNS,
    PARAGRAPH_ENTITY_COLUMNS,
    SUBJECT_COLUMNS,
)
from declarations.corpus.vocabulary_files import TERMBASE_COLUMNS, termbase_rows
from declarations.models import (
    Document,
    Entity,
    EntityMention,
    Instrument,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    Theme,
)


def curation_files(corpus_dir):
    """Return {path: text} of every curation file, from the database."""
    curation = Path(corpus_dir, "curation")
    files = shared_files(curation)
    for document in Document.objects.real():
        files.update(document_files(curation / document.slug, document))
    return files


def shared_files(curation):
    """Return {path: text} of the curation files shared by every document:
    themes, instruments, entities, memberships and the termbase."""
    files = {
        curation / "themes.csv": csv_text(
            THEME_COLUMNS,
            [
                [t.slug, t.name_en, t.name_zh, t.description]
                for t in Theme.objects.order_by("position", "slug")
            ],
        ),
        curation / "instruments.csv": csv_text(
            INSTRUMENT_COLUMNS,
            [
                [
                    i.slug,
                    i.kind,
                    i.title_en,
                    i.short_title,
                    i.place,
                    i.adopted_on.isoformat() if i.adopted_on else "",
                    i.adopted_year or "",
                    i.date_text,
                    join_aliases(i.alias_list),
                    i.description,
                    i.date_source,
                    i.title_source,
                    i.kind_reason,
                ]
                for i in Instrument.objects.order_by("slug")
            ],
        ),
    }
    kinds = Entity.Kind.values
    entities = sorted(Entity.objects.all(), key=lambda e: (kinds.index(e.kind), e.slug))
    files[curation / "entities.csv"] = csv_text(
        ENTITY_COLUMNS,
        [
            [
                e.slug,
                e.kind,
                e.name_en,
                e.name_zh,
                join_aliases(e.alias_list),
                e.note,
                e.sources,
            ]
            for e in entities
        ],
    )
    files[curation / "memberships.csv"] = csv_text(
        MEMBERSHIP_COLUMNS,
        [
            [
                m.entity.slug,
                m.status,
                m.since.isoformat(),
                m.until.isoformat() if m.until else "",
                m.sources,
            ]
            for m in sorted(
                Membership.objects.select_related("entity"),
                key=lambda m: (m.entity.slug, m.since, m.status),
            )
        ],
    )
    files[curation / "termbase.csv"] = csv_text(TERMBASE_COLUMNS, termbase_rows())
    return files


def document_files(folder, document):
    """Return {path: text} of a document's curation files: its paragraphs'
    themes, instrument mentions, entity links and subjects."""
    files = {}
    paragraphs = (
        Paragraph.objects.filter(document=document)
        .order_by("position")
        .prefetch_related("themes")
    )
    files[folder / "paragraph_themes.csv"] = csv_text(
        PARAGRAPH_THEME_COLUMNS,
        [
            [
                p.label,
                " ".join(
                    t.slug for t in sorted(p.themes.all(), key=lambda t: t.position)
                ),
            ]
            for p in paragraphs
        ],
    )
    mentions = Mention.objects.filter(paragraph__document=document).order_by(
        "paragraph__position", "instrument__slug"
    )
    files[folder / "mentions.csv"] = csv_text(
        MENTION_COLUMNS,
        [
            [m.paragraph.label, m.instrument.slug, m.verb]
            for m in mentions.select_related("paragraph", "instrument")
        ],
    )
    links = EntityMention.objects.filter(paragraph__document=document).order_by(
        "paragraph__position", "entity__slug"
    )
    files[folder / "paragraph_entities.csv"] = csv_text(
        PARAGRAPH_ENTITY_COLUMNS,
        [
            [link.paragraph.label, link.entity.slug, link.role, link.words]
            for link in links.select_related("paragraph", "entity")
        ],
    )
    subjects = ParagraphSubject.objects.filter(paragraph__document=document).order_by(
        "paragraph__position"
    )
    files[folder / "subjects.csv"] = csv_text(
        SUBJECT_COLUMNS,
        [
            [s.paragraph.label, s.kind, s.words, s.note]
            for s in subjects.select_related("paragraph")
        ],
    )
    return files


def export_curation(corpus_dir, dry_run=False):
    """Write the curation files from the database; return the changed paths."""
    changed = []
    for path, text in curation_files(corpus_dir).items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(path)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed
