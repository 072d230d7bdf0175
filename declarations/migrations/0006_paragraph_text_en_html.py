"""Store each paragraph's English with its instrument names linked.

The data step links the paragraphs already in the database, so that an
existing site shows the links without a corpus reload; it carries the
linking as it was when this migration was written (migrations are history
and import no application code). Adding the column rebuilds the table on
SQLite, which drops the search triggers: they are installed again last.
"""

import importlib
import re

from django.db import migrations, models
from django.urls import reverse
from django.utils.html import escape

# The search triggers, as 0004 made them.
TRIGGERS = importlib.import_module(
    "declarations.migrations.0004_paragraph_search_index"
).TRIGGERS


def link_instruments(text, targets):
    by_name = {}
    for names, url, note in targets:
        for name in names:
            by_name.setdefault(name.casefold(), (url, note))
    if not by_name:
        return ""
    pattern = re.compile(
        "|".join(re.escape(name) for name in sorted(by_name, key=len, reverse=True)),
        re.IGNORECASE,
    )
    pieces, last = [], 0
    for match in pattern.finditer(text):
        url, note = by_name[match.group().casefold()]
        pieces.append(escape(text[last : match.start()]))
        pieces.append(
            f'<a class="xref" href="{escape(url)}" data-note="{escape(note)}">'
            f"{escape(match.group())}</a>"
        )
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def install_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in TRIGGERS:
            schema_editor.execute(sql)


def link_existing_paragraphs(apps, schema_editor):
    Paragraph = apps.get_model("declarations", "Paragraph")
    Instrument = apps.get_model("declarations", "Instrument")
    kinds = dict(Instrument._meta.get_field("kind").choices or [])
    for paragraph in Paragraph.objects.filter(mentions__isnull=False).distinct():
        targets = []
        for mention in paragraph.mentions.select_related("instrument"):
            instrument = mention.instrument
            aliases = [a.strip() for a in instrument.aliases.splitlines() if a.strip()]
            facts = ", ".join(filter(None, [instrument.place, instrument.date_text]))
            note = (
                f"{kinds.get(instrument.kind, instrument.kind)}: {instrument.title_en}"
            )
            note += f" ({facts})" if facts else ""
            if instrument.description:
                note += f". {instrument.description}"
            url = reverse("declarations:instrument-detail", args=[instrument.slug])
            targets.append(([instrument.title_en, *aliases], url, note))
        paragraph.text_en_html = link_instruments(paragraph.text_en, targets)
        paragraph.save(update_fields=["text_en_html"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0005_document_changed_at_index")]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="text_en_html",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The English with instrument names linked; derived, never edited.",
            ),
        ),
        migrations.RunPython(link_existing_paragraphs, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, migrations.RunPython.noop),
    ]
