"""Store each paragraph's English with its instrument names linked.

The data step links the paragraphs already in the database, so that an
existing site shows the links without a corpus reload. Adding the column
rebuilds the table on SQLite, which drops the search triggers: they are
installed again last.
"""

from django.db import migrations, models
from django.urls import reverse

from declarations import search_index
from declarations.rendering import link_instruments


def link_existing_paragraphs(apps, schema_editor):
    Paragraph = apps.get_model("declarations", "Paragraph")
    Instrument = apps.get_model("declarations", "Instrument")
    kinds = dict(
        Instrument._meta.get_field("kind").choices or []
    )
    for paragraph in Paragraph.objects.filter(mentions__isnull=False).distinct():
        targets = []
        for mention in paragraph.mentions.select_related("instrument"):
            instrument = mention.instrument
            aliases = [a.strip() for a in instrument.aliases.splitlines() if a.strip()]
            facts = ", ".join(filter(None, [instrument.place, instrument.date_text]))
            note = f"{kinds.get(instrument.kind, instrument.kind)}: {instrument.title_en}"
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
        migrations.RunPython(search_index.install, migrations.RunPython.noop),
    ]
