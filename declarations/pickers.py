"""Choices a person can scan: grouped by kind, each group sorted as people
sort.

The database sorts names by code point ("ASEAN" before "Afghanistan",
"Türkiye" after "Turkmenistan"); readers expect case and accents ignored.
The reading form's entity picker groups its checkboxes by Entity.Kind, in
the order the kinds are listed, and sorts each group with people_order.
"""

import unicodedata

from declarations.listed_choices import (
    ListedChoiceIterator,
    ListedModelMultipleChoiceField,
)


def people_order(name):
    """Return a sort key that ignores case and accents, the name itself
    breaking ties (so that the order never depends on the input's)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (letters.casefold(), name)


class GroupedByKindIterator(ListedChoiceIterator):
    """Yield (kind label, [choice, …]) groups, which Django's choice widgets
    render as groups, in the order of the model's Kind choices; from the
    field's Listing when it has one (declarations.listed_choices)."""

    def __iter__(self):
        listed = self.field.listed
        groups = {}
        for obj in self.queryset if listed is None else listed.instances:
            groups.setdefault(obj.kind, []).append(obj)
        for kind, label in self.queryset.model.Kind.choices:
            members = sorted(
                groups.get(kind, []),
                key=lambda obj: people_order(self.field.label_from_instance(obj)),
            )
            if members:
                yield (label, [self.choice(obj) for obj in members])


class GroupedModelMultipleChoiceField(ListedModelMultipleChoiceField):
    iterator = GroupedByKindIterator
