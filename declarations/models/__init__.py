"""The corpus: documents and their sections, paragraphs and their texts per
expression, themes, instruments and the paragraphs' mentions of them,
entities with their memberships, the paragraphs' entity links and subjects,
and annotations (the editorial notes among them). The corpus version and the
vocabulary's concepts and labels are models too, in
declarations/corpus_version.py and declarations/vocabulary.py.

Document → Section → Paragraph follows Guide → GuideSection → Chapter in
simonw/simonwillisonblog guides/models.py. Public URLs are built from the
numbers printed in the text (section key, paragraph number), never from
primary keys, so permalinks survive a reload into another database.

The models sit in modules by role, as laws-africa/peachjam peachjam/models/
splits them; this package re-exports every name so that
`from declarations.models import X` names them all.
"""

from declarations.models.annotations import (
    Annotation,
    AnnotationQuerySet,
    display_name,
)
from declarations.models.documents import (
    Document,
    DocumentQuerySet,
    Section,
    SectionQuerySet,
    with_counts_in_order,
)
from declarations.models.entities import (
    PROJECT_NAME,
    Entity,
    EntityMention,
    EntityMentionQuerySet,
    EntityQuerySet,
    Membership,
    ParagraphSubject,
)
from declarations.models.paragraphs import (
    TEXT_ATTRIBUTES,
    TEXTS,
    Paragraph,
    ParagraphQuerySet,
)
from declarations.models.provenance import (
    SOURCE_NOTE,
    UNTRUSTED_CONFIDENCE,
    Confidence,
    SourceKind,
    chinese_shown,
    source_display,
    source_parts,
)
from declarations.models.references import (
    Instrument,
    InstrumentQuerySet,
    Mention,
    MentionQuerySet,
    ParagraphLinkQuerySet,
    Theme,
    ThemeQuerySet,
)
from declarations.models.texts import (
    CHINESE,
    CONVERSION_TOOL,
    ENGLISH,
    TRADITIONAL,
    Expression,
    ParagraphText,
    convert,
)
from declarations.vocabulary import Concept, Label

__all__ = [
    "CHINESE",
    "CONVERSION_TOOL",
    "ENGLISH",
    "PROJECT_NAME",
    "SOURCE_NOTE",
    "TEXTS",
    "TEXT_ATTRIBUTES",
    "TRADITIONAL",
    "UNTRUSTED_CONFIDENCE",
    "Annotation",
    "AnnotationQuerySet",
    "Concept",
    "Confidence",
    "Document",
    "DocumentQuerySet",
    "Entity",
    "EntityMention",
    "EntityMentionQuerySet",
    "EntityQuerySet",
    "Expression",
    "Instrument",
    "InstrumentQuerySet",
    "Label",
    "Membership",
    "Mention",
    "MentionQuerySet",
    "Paragraph",
    "ParagraphLinkQuerySet",
    "ParagraphQuerySet",
    "ParagraphSubject",
    "ParagraphText",
    "Section",
    "SectionQuerySet",
    "SourceKind",
    "Theme",
    "ThemeQuerySet",
    "chinese_shown",
    "convert",
    "display_name",
    "source_display",
    "source_parts",
    "with_counts_in_order",
]
