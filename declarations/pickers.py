"""Choices a person can scan: grouped by kind, each group sorted as people
sort.

Each entity's checkbox carries every name registered for it (data-names:
its English and Chinese names, aliases and vocabulary labels), so that the
reading page's type-to-filter (static/declarations/reader.js) finds it by
any of them, 俄罗斯 as well as Russia.

The database sorts names by code point ("ASEAN" before "Afghanistan",
"Türkiye" after "Turkmenistan"); readers expect case and accents ignored.
The reading form's entity picker groups its checkboxes by Entity.Kind, in
the order the kinds are listed, and sorts each group with people_order.
"""

import unicodedata

from declarations import widgets
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


def registered_names(entity):
    """Return every name registered for an entity, once each: its English
    and Chinese names, its aliases and its concept's labels (rows read
    with Entity.objects.with_labels())."""
    names = [entity.name_en, entity.name_zh, *entity.alias_list]
    concept = getattr(entity, "concept", None)
    if concept is not None:
        names += [label.text for label in concept.labels.all()]
    return list(dict.fromkeys(name for name in names if name))


class NamedCheckboxSelectMultiple(widgets.CheckboxSelectMultiple):
    """Checkboxes whose inputs carry the entity's registered names."""

    def option_attrs(self, value):
        instance = getattr(value, "instance", None)
        if instance is None:
            return {}
        return {"data-names": " | ".join(registered_names(instance))}
