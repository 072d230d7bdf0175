"""Who endorses what: a paragraph's recorded subject set against the SCO
member states at its document's date (docs/DATA.md, "Entities and subjects").

A paragraph that names the states it speaks for (III.1 of the Tianjin
Declaration) records them as entity links with the role 'endorses'; the
member states on the document's date come from Membership. The rest is
arithmetic, done here once for the reading view, the overview and the data.
"""

from dataclasses import dataclass

from declarations.models import Entity, EntityMention, ParagraphSubject

SUPPORTING, PROPOSES, ABSENT, NOT_APPLICABLE = (
    "supporting",
    "proposes",
    "absent",
    "not-applicable",
)
# A proposer is not among the states a paragraph names as supporting its
# proposal (China in III.1: "…reaffirm their support for the Belt and Road
# Initiative"), but it is not absent from the paragraph either: the text
# names it, as the proposer.
CELL_VALUES = {
    SUPPORTING: "named among the subjects",
    PROPOSES: "named as the proposer, not among the subjects",
    ABSENT: "absent",
    NOT_APPLICABLE: "not applicable (the text does not name its states)",
}


@dataclass
class Tally:
    """The member states at a document's date, split into a paragraph's
    named subjects and the others (each with its role in the paragraph)."""

    subject: ParagraphSubject
    members: list
    supporting: list
    absent: list  # (entity, role label or "")

    @property
    def summary(self):
        """Return e.g. 'Supported by 8 of 10 member states'."""
        return (
            f"Supported by {len(self.supporting)} of {len(self.members)} member states"
        )

    def cell(self, entity):
        """Return what the paragraph says of a member state: supporting,
        proposes, absent, or not-applicable (the text does not name its
        states)."""
        if not self.subject.names_its_states:
            return NOT_APPLICABLE
        if entity in self.supporting:
            return SUPPORTING
        if (entity, EntityMention.Role.PROPOSES.label) in self.absent:
            return PROPOSES
        return ABSENT


def member_states(document):
    """Return the SCO member states on the document's date, by name."""
    return list(Entity.objects.member_states_on(document.adopted_on))


def tally(subject, members=None, links=None):
    """Return the Tally of a paragraph's subject. `members` (the member
    states at the date) and `links` (the paragraph's entity links) may be
    given when the caller already holds them."""
    if members is None:
        members = member_states(subject.paragraph.document)
    if links is None:
        links = EntityMention.objects.filter(paragraph_id=subject.paragraph_id)
    roles = {link.entity_id: link.role for link in links}
    if not subject.names_its_states:
        return Tally(subject, members, [], [])
    supporting = [e for e in members if roles.get(e.pk) == EntityMention.Role.ENDORSES]
    absent = [
        (e, EntityMention.Role(roles[e.pk]).label if e.pk in roles else "")
        for e in members
        if roles.get(e.pk) != EntityMention.Role.ENDORSES
    ]
    return Tally(subject, members, supporting, absent)


@dataclass
class Matrix:
    """Member states (rows) × the paragraphs with a recorded subject
    (columns) of one document: each cell supporting, proposes, absent or
    not-applicable."""

    date: object
    members: list
    tallies: list
    rows: list  # (state, [(tally, value), …]) in the order of members

    @property
    def by_paragraph(self):
        """Return the tallies by paragraph id, for the reading pages."""
        return {t.subject.paragraph_id: t for t in self.tallies}

    @classmethod
    def of(cls, document):
        """Return the matrix of a document's recorded subjects."""
        members = member_states(document)
        recorded = list(
            ParagraphSubject.objects.filter(paragraph__document=document)
            .select_related("paragraph__section", "paragraph__document")
            .order_by("paragraph__position")
        )
        links = {}
        # One query whether or not there are subjects: pages that list a
        # document take a fixed number of queries (tests/test_views.py).
        for link in EntityMention.objects.filter(
            paragraph__document=document, paragraph__subject__isnull=False
        ):
            links.setdefault(link.paragraph_id, []).append(link)
        tallies = [tally(s, members, links.get(s.paragraph_id, [])) for s in recorded]
        return cls(
            date=document.adopted_on,
            members=members,
            tallies=tallies,
            rows=[(state, [(t, t.cell(state)) for t in tallies]) for state in members],
        )


def absences(entity):
    """Return the tallies of the paragraphs that name the member states they
    speak for, where the entity, a member state on the paragraph's date, is
    absent (not named in the paragraph at all): the paragraphs an entity's
    page cannot list among its mentions."""
    recorded = ParagraphSubject.objects.filter(
        kind=ParagraphSubject.Kind.NAMED_STATES
    ).select_related("paragraph__section", "paragraph__document")
    tallies = (tally(subject) for subject in recorded)
    return [t for t in tallies if entity in t.members and t.cell(entity) == ABSENT]
