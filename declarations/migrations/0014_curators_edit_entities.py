"""Curators correct entities, their SCO memberships, their links to
paragraphs and the paragraphs' subjects, as they do instruments and their
links (0002_curators_group). New entities belong in entities.csv, where
they are reviewed, so curators may not add or delete them."""

from django.db import migrations

from declarations.migrations import _curators

CURATOR_PERMISSIONS = [
    ("declarations", "change_entity"),
    ("declarations", "view_entity"),
    ("declarations", "add_membership"),
    ("declarations", "change_membership"),
    ("declarations", "delete_membership"),
    ("declarations", "view_membership"),
    ("declarations", "add_entitymention"),
    ("declarations", "change_entitymention"),
    ("declarations", "delete_entitymention"),
    ("declarations", "view_entitymention"),
    ("declarations", "add_paragraphsubject"),
    ("declarations", "change_paragraphsubject"),
    ("declarations", "delete_paragraphsubject"),
    ("declarations", "view_paragraphsubject"),
]


def grant(apps, schema_editor):
    _curators.grant(apps, CURATOR_PERMISSIONS)


def revoke(apps, schema_editor):
    _curators.revoke(apps, CURATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0013_entities"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
