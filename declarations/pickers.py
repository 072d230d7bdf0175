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

import functools
import json
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


# The Han characters the conversion tool can meet in a query (the CJK
# Unified Ideographs, extension A, and the compatibility ideographs).
HAN_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]


@functools.cache
def converted_characters():
    """Return {character: its conversion} for every Han character the
    conversion tool (OpenCC t2s, declarations/models/texts.py) writes
    otherwise, each converted alone."""
    from declarations.models import texts

    characters = [chr(c) for first, last in HAN_RANGES for c in range(first, last + 1)]
    # One line each: the tool converts phrases, and a line holds one character.
    out = texts.convert("\n".join(characters), texts.TRADITIONAL, texts.CHINESE)
    return {
        before: after
        for before, after in zip(characters, out.split("\n"), strict=True)
        if before != after
    }


def query_table(names):
    """Return the part of converted_characters() that writes a character of
    the names: what the picker's script (static/declarations/reader.js)
    converts a reader's query with, character by character, so that 俄羅斯
    finds 俄罗斯 as the search does (declarations.search.forms_in). The
    query is converted, never a name."""
    wanted = {character for name in names for character in name}
    return {
        before: after
        for before, after in converted_characters().items()
        if after in wanted
    }


class NamedCheckboxSelectMultiple(widgets.CheckboxSelectMultiple):
    """Checkboxes whose inputs carry the entity's registered names, and the
    table the picker's script converts a query with (query_table_json)."""

    def option_attrs(self, value):
        instance = getattr(value, "instance", None)
        if instance is None:
            return {}
        return {"data-names": " | ".join(registered_names(instance))}

    def query_table_json(self):
        """Return query_table() of the choices' names as JSON, for the
        picker's script (the filter form writes it on the picker's
        fieldset); kept in the widget's markups store when it has one, as
        its markup is (declarations.widgets: once per corpus version)."""
        store = self.markups if self.markups is not None else {}
        key = ("query-table",)
        if key not in store:
            names = [
                each
                for _, options in widgets.option_groups(self)
                for _, value, _ in options
                if getattr(value, "instance", None) is not None
                for each in registered_names(value.instance)
            ]
            store[key] = json.dumps(
                query_table(names), ensure_ascii=False, sort_keys=True
            )
        return store[key]
