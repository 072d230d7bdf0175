"""Who may do what to each model: one policy per model.

The model admin, every inline (row by row), the bulk actions and the history
(revert, recover) all ask the model's policy (declarations/admin/policy.py),
so no page offers what another refuses. A policy starts from Django's model
permissions (the `Curators` group holds the ones curation needs) and adds the
rules of the project.
"""

from declarations.models import (
    Annotation,
    Concept,
    Document,
    Entity,
    Expression,
    Instrument,
    Paragraph,
    Section,
    Theme,
)


class Policy:
    """Django's model permissions, asked object by object. `obj=None` asks
    about the model in general (may the user delete some of them?)."""

    def __init__(self, model):
        self.model = model

    def has_perm(self, user, action):
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def can_view(self, user, obj=None):
        """Return True when the user may see the object (or the model)."""
        return self.has_perm(user, "view") or self.can_change(user, obj)

    def can_add(self, user):
        """Return True when the user may create an object."""
        return self.has_perm(user, "add")

    def can_change(self, user, obj=None):
        """Return True when the user may change the object."""
        return self.has_perm(user, "change")

    def can_delete(self, user, obj=None):
        """Return True when the user may delete the object."""
        return self.has_perm(user, "delete")

    def can_delete_in_bulk(self, user):
        """Return True when the user may delete any selection at once
        ("Delete selected" asks about no object in particular)."""
        return self.can_delete(user)

    def can_publish(self, user, obj=None):
        """Return True when the user may make the object public."""
        return self.can_change(user, obj)

    def can_recover(self, user):
        """Return True when the user may bring a deleted object back."""
        return self.can_add(user)


class SourcedPolicy(Policy):
    """Structure that comes from the sources: visible, never edited here."""

    def can_add(self, user):
        return False

    def can_change(self, user, obj=None):
        return False

    def can_delete(self, user, obj=None):
        return False


class ParagraphPolicy(Policy):
    """Paragraphs come from the sources; curators change their Chinese,
    themes and links, never their number or existence."""

    def can_add(self, user):
        return False

    def can_delete(self, user, obj=None):
        return False


class ReviewedFilePolicy(Policy):
    """New themes and entities belong in the curation files
    (fixtures/curation/), where they are reviewed: the admin corrects the
    ones that exist, and only a superuser adds one."""

    def can_add(self, user):
        return user.is_superuser

    def can_delete(self, user, obj=None):
        return False


class InstrumentPolicy(Policy):
    """Instruments are corrected, never deleted (their slugs are URLs)."""

    def can_delete(self, user, obj=None):
        return False


class AnnotationPolicy(Policy):
    """Curators delete their own drafts; a published note, an editorial
    note or another curator's draft only a superuser may delete (deleted
    notes stay in the history, recoverable)."""

    def can_delete(self, user, obj=None):
        if user.is_superuser:
            return True
        if not self.has_perm(user, "delete"):
            return False
        if obj is None:
            return True
        return (
            obj.status == Annotation.Status.DRAFT
            and not obj.is_editorial
            and obj.author_id == user.pk
        )

    def can_delete_in_bulk(self, user):
        return user.is_superuser


class ConceptPolicy(ReviewedFilePolicy):
    """New concepts belong in fixtures/curation/termbase.csv, reviewed: the
    admin corrects a concept's labels (a Label keeps Django's permissions,
    asked row by row in the concept's inline); only a superuser adds a
    concept, and none is deleted here (paragraphs and search name it)."""


POLICIES = {
    Concept: ConceptPolicy,
    Document: SourcedPolicy,
    Expression: SourcedPolicy,
    Section: SourcedPolicy,
    Paragraph: ParagraphPolicy,
    Theme: ReviewedFilePolicy,
    Entity: ReviewedFilePolicy,
    Instrument: InstrumentPolicy,
    Annotation: AnnotationPolicy,
}


def policy_for(model):
    """Return the policy of a model (Django's permissions where the project
    adds no rule)."""
    return POLICIES.get(model, Policy)(model)
