"""Curators see what each of a document's texts is (its expressions, shown
read-only on the document's admin page, declarations/admin/inlines.py), as
they see the document and its sections (0002_curators_group)."""

from django.db import migrations

from declarations.migrations import _curators

CURATOR_PERMISSIONS = [("declarations", "view_expression")]


def grant(apps, schema_editor):
    _curators.grant(apps, CURATOR_PERMISSIONS)


def revoke(apps, schema_editor):
    _curators.revoke(apps, CURATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0027_document_texts_as_expressions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
