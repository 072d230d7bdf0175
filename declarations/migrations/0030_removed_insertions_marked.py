"""Mark, in the provenance of each text of the corpus whose source record's
notes begin REMOVED, that the compiler removed words the outlet had inserted
(removed_insertions): what the text is, kept apart from the notes that say
so, which a curator may rewrite (the build marks it from now on:
declarations/corpus/sources.py)."""

from django.db import migrations

MARKER = "REMOVED"  # declarations.models.texts.REMOVED_MARKER, as of this migration


def mark(apps, schema_editor):
    ParagraphText = apps.get_model("declarations", "ParagraphText")
    for row in ParagraphText.objects.filter(origin="corpus"):
        notes = row.provenance.get("notes") or ""
        if notes.startswith(MARKER) and not row.provenance.get("removed_insertions"):
            row.provenance = {**row.provenance, "removed_insertions": True}
            row.save(update_fields=["provenance"])


def unmark(apps, schema_editor):
    ParagraphText = apps.get_model("declarations", "ParagraphText")
    for row in ParagraphText.objects.filter(provenance__has_key="removed_insertions"):
        row.provenance = {
            k: v for k, v in row.provenance.items() if k != "removed_insertions"
        }
        row.save(update_fields=["provenance"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0029_document_titles_in_expressions")]

    operations = [migrations.RunPython(mark, unmark)]
