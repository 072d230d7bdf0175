"""Create the Curators group with exactly the permissions curation needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_PERMISSIONS = [
    # Annotations: write and correct (unpublishing replaces deleting).
    ("declarations", "add_annotation"),
    ("declarations", "change_annotation"),
    ("declarations", "view_annotation"),
    # Themes and instruments: correct them.
    ("declarations", "change_theme"),
    ("declarations", "view_theme"),
    ("declarations", "change_instrument"),
    ("declarations", "view_instrument"),
    # Links between paragraphs and instruments.
    ("declarations", "add_mention"),
    ("declarations", "change_mention"),
    ("declarations", "delete_mention"),
    ("declarations", "view_mention"),
    # Paragraphs: only the Chinese text and themes are editable in the admin.
    ("declarations", "change_paragraph"),
    ("declarations", "view_paragraph"),
    ("declarations", "view_section"),
    ("declarations", "view_document"),
]


def create_curators(apps, schema_editor):
    # Permissions are normally created after migrate; curators need them now.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without models_module; restore the
        # value after, as tests call this with the global app registry.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in CURATOR_PERMISSIONS
    ]
    group.permissions.set(permissions)


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators, remove_curators)]
