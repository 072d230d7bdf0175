"""Curators correct entities, their SCO memberships, their links to
paragraphs and the paragraphs' subjects, as they do instruments and their
links (0002_curators_group). New entities belong in entities.csv, where
they are reviewed, so curators may not add or delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def permissions(apps):
    # Permissions are normally created after migrate; curators need them now.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without models_module; restore the
        # value after, as tests call this with the global app registry.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in CURATOR_PERMISSIONS
    ]


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Curators").first()
    if group is not None:
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Curators").first()
    if group is not None:
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0013_entities"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
