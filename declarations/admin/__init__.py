"""The curators' admin: this module only registers, each admin lives in
the module of its role.

- documents.py: documents and sections, from the sources, read-only;
- paragraphs.py: paragraphs (the Chinese original, themes) and themes;
- references.py: instruments, entities and the paragraphs' links to them;
- annotations.py: annotations, with preview.py (the preview and the paragraph
  panel beside the editor);
- vocabulary.py: concepts and their labels;
- inlines.py and filters.py: the rows edited on another object's page, and
  the list filters; policy.py and history.py: the bases every admin shares
  (permissions by the model's policy, the curators' version history, whose
  entries changes.py writes).

Text and numbering come from the sources and are read-only here; curators
write annotations, fix themes and instrument links, and fill in the Chinese
original. Whatever they change is marked as theirs, so that a corpus reload
keeps it (see declarations/corpus/loader.py). Derived data (linked
English, the corpus version behind every cached page) is rebuilt by
declarations/derived.py for every save and delete, bulk ones included
(the receivers of declarations/signals.py route them there).
"""

from django.contrib import admin

from declarations.admin import history
from declarations.admin.annotations import AnnotationAdmin
from declarations.admin.documents import DocumentAdmin, SectionAdmin
from declarations.admin.paragraphs import ParagraphAdmin, ThemeAdmin
from declarations.admin.references import (
    EntityAdmin,
    EntityMentionAdmin,
    InstrumentAdmin,
    MentionAdmin,
)
from declarations.admin.vocabulary import ConceptAdmin
from declarations.models import (
    Annotation,
    Document,
    Entity,
    EntityMention,
    Instrument,
    Membership,
    Mention,
    Paragraph,
    ParagraphSubject,
    ParagraphText,
    Section,
    Theme,
)
from declarations.vocabulary import Concept, Label

# History for what curators change (django-reversion, see history.py).
# Registered here, before the admins, so that VersionAdmin does not follow
# the inlines: a revert restores its own object, and a paragraph's themes
# are stored in the paragraph's own version. Link rows, subjects and
# memberships follow their parents instead, so that a change of one is also
# an entry, with its diff, in the history of the paragraph, instrument or
# entity it belongs to, wherever it was made.
for model in (Annotation, Instrument, Theme, Entity):
    history.register(model)
# A paragraph's texts are rows of their own (declarations/models/texts.py), kept
# in the paragraph's version as its themes are.
history.register(ParagraphText)
history.register(Paragraph, follow=["texts"])
history.register(Mention, follow=["paragraph", "instrument"])
history.register(EntityMention, follow=["paragraph", "entity"])
history.register(ParagraphSubject, follow=["paragraph"])
history.register(Membership, follow=["entity"])
history.register(Concept)
history.register(Label, follow=["concept"])

admin.site.register(Document, DocumentAdmin)
admin.site.register(Section, SectionAdmin)
admin.site.register(Theme, ThemeAdmin)
admin.site.register(Instrument, InstrumentAdmin)
admin.site.register(Mention, MentionAdmin)
admin.site.register(Entity, EntityAdmin)
admin.site.register(EntityMention, EntityMentionAdmin)
admin.site.register(Paragraph, ParagraphAdmin)
admin.site.register(Annotation, AnnotationAdmin)
admin.site.register(Concept, ConceptAdmin)
