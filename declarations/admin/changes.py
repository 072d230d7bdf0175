"""What a history entry shows of one change to an object, field by field,
against its previous version: text as a word diff (by character in
Chinese) made with difflib, related rows (themes) as added and removed
names, a provenance as one line a key with its label
(declarations/admin/history.py lists the entries).
"""

import difflib
import json
import re

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from reversion.errors import RevertError

from declarations.models.provenance import Confidence, SourceKind

# One token a Chinese character (CJK and full-width forms), else a run of
# spaces, a word, or one other character: "AI人工智能" diffs as "AI" and
# four characters.
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
TOKENS = re.compile(rf"[{CJK}]|\s+|[^\W{CJK}]+|\S")
WORD = re.compile(r"\w")
# Unchanged runs longer than this many tokens are shortened to their ends.
CONTEXT = 12


def text_diff(old, new):
    """Return the HTML of a word diff of two texts, escaped, with removed
    words in <del> and added ones in <ins>."""
    runs = diff_runs(TOKENS.findall(old), TOKENS.findall(new))
    parts = []
    for index, (changed, removed, added) in enumerate(runs):
        if not changed:
            text = shortened(removed, first=index == 0, last=index == len(runs) - 1)
            parts.append(format_html("{}", text))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", "".join(removed)))
        if added:
            parts.append(format_html("<ins>{}</ins>", "".join(added)))
    return mark_safe("".join(parts))


def diff_runs(before, after):
    """Return [changed, old tokens, new tokens] runs of two token lists. An
    unchanged run between two changes that is only spaces and punctuation,
    or a single word, joins them: "<del>a.b</del><ins>c.d</ins>" reads
    better than four changes around two dots."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    runs = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        removed, added = before[i1:i2], after[j1:j2]
        changed = tag != "equal"
        between = 0 < index < len(opcodes) - 1
        if not changed and between:
            changed = len(removed) == 1 or not any(WORD.search(t) for t in removed)
        if changed and runs and runs[-1][0]:
            runs[-1][1] += removed
            runs[-1][2] += added
        else:
            runs.append([changed, list(removed), list(added)])
    return runs


def shortened(tokens, *, first, last):
    """Return an unchanged run of tokens, cut to its ends when long."""
    if len(tokens) <= 3 * CONTEXT:
        return "".join(tokens)
    head = "" if first else "".join(tokens[:CONTEXT])
    tail = "" if last else "".join(tokens[-CONTEXT:])
    return f"{head} … {tail}".strip()


def shown_fields(model):
    """Return the fields a history shows: what curators edit and what the
    sources give, without derived data and bookkeeping (rendered HTML,
    search words, timestamps, the curated flags)."""
    fields = []
    for field in model._meta.get_fields():
        if not field.concrete or field.auto_created or not field.editable:
            continue
        if field.name.endswith("curated"):
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            # Links with their own row (paragraph → instrument through
            # Mention) are versioned as those rows.
            continue
        fields.append(field)
    return fields


def names(model, pks):
    """Return str() of each object of model by pk, "#pk" for one now gone."""
    found = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    return [found.get(pk, f"#{pk} (deleted)") for pk in pks]


def shown_value(field, value):
    """Return a field's stored value as a curator reads it."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "yes" if value else "no"
    if field.many_to_one or field.one_to_one:
        return names(field.related_model, [value])[0]
    return str(value)


def json_lines(value):
    """Return a JSON value as lines of "key: value", for a text diff."""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    lines = []
    for key, item in sorted(value.items()):
        if not isinstance(item, str):
            item = json.dumps(item, ensure_ascii=False)
        lines.append(f"{key}: {item}")
    return "\n".join(lines)


# What a curator reads for each key of a stored provenance (a text's, a
# title's), in this order, with the words of the values that are choices:
# the labels of the paragraph form's provenance panel (provenance_html in
# declarations/admin/paragraphs.py).
PROVENANCE_KEYS = {
    "sources": ("Sources", None),
    "source_kind": ("Kind of source", dict(SourceKind.choices)),
    "confidence": ("Confidence", dict(Confidence.choices)),
    "notes": ("Notes", None),
    "source_line": ("Line of the sources file", None),
    "line": ("Line of the sources file", None),
    "entered_by": ("Entered by", None),
    "entered_at": ("Entered at", None),
    "revised_by": ("Provenance revised by", None),
    "revised_at": ("Provenance revised at", None),
    "printed_by": ("The printing it follows", None),
    "printed_by_reason": ("Why that printing", None),
    "removed_insertions": ("Words the outlet inserted, removed", None),
    "zh_hant": ("Traditional text it is converted from", None),
}


def key_label(key):
    """Return how a history names a key of a JSON field."""
    label, _ = PROVENANCE_KEYS.get(key, (None, None))
    return label or capfirst(str(key).replace("_", " "))


def key_value(key, value):
    """Return a JSON field's value under a key as a curator reads it: lists
    one item after another, choices by their words."""
    if value in (None, "", [], {}):
        return ""
    _, words = PROVENANCE_KEYS.get(key, (None, None))
    if words and isinstance(value, str):
        return str(words.get(value, value))
    if isinstance(value, list):
        return "; ".join(
            item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            for item in value
        )
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def json_change(old, new):
    """Return the HTML of a change to a JSON object (a provenance): one line
    a key that changed, named in words, its value as a text diff; a value
    that is not an object, as a diff of its JSON."""
    if not isinstance(old or {}, dict) or not isinstance(new or {}, dict):
        return text_diff(json_lines(old), json_lines(new))
    old, new = old or {}, new or {}
    order = list(PROVENANCE_KEYS)
    keys = sorted(
        {*old, *new},
        key=lambda k: (order.index(k) if k in order else len(order), str(k)),
    )
    lines = []
    for key in keys:
        before, after = key_value(key, old.get(key)), key_value(key, new.get(key))
        if before == after:
            continue
        if PROVENANCE_KEYS.get(key, (None, None))[1]:
            # A choice, in words, as a choice field's change reads.
            change = format_html(
                "<del>{}</del> → <ins>{}</ins>", before or "—", after or "—"
            )
        else:
            change = text_diff(before, after)
        lines.append((key_label(key), change))
    return format_html(
        '<ul class="version-keys">{}</ul>',
        format_html_join("", "<li>{}: {}</li>", lines),
    )


def field_change(field, old, new):
    """Return the HTML saying how one field changed, or None if it did not."""
    if field.many_to_many:
        old, new = set(old or []), set(new or [])
        if old == new:
            return None
        added, removed = sorted(new - old), sorted(old - new)
        model = field.related_model
        return format_html_join(
            " ",
            "{}: {}.",
            [
                (verb, ", ".join(names(model, pks)))
                for verb, pks in [("Added", added), ("Removed", removed)]
                if pks
            ],
        )
    if old == new:
        return None
    if isinstance(field, models.JSONField):
        return json_change(old, new)
    if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
        return text_diff(old or "", new or "")
    return format_html(
        "<del>{}</del> → <ins>{}</ins>",
        shown_value(field, old),
        shown_value(field, new),
    )


def version_changes(version, previous):
    """Return [(field label, HTML)] for each shown field that differs
    between a version and the previous version of the same object (None: a
    row first saved in this version, compared with nothing)."""
    try:
        before = previous.field_dict if previous is not None else {}
        after = version.field_dict
    except RevertError:  # stored by code that no longer reads it
        return [("Version", "This version can no longer be read.")]
    changes = []
    for field in shown_fields(version._model):
        old = before.get(field.attname)
        new = after.get(field.attname)
        change = field_change(field, old, new)
        if change is not None:
            changes.append((capfirst(field.verbose_name), change))
    return changes
