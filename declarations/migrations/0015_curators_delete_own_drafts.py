"""Let curators delete annotations (the admin limits it to their own drafts;
published ones only a superuser deletes), and see the history django-reversion
keeps. Imports no application code: it must run at any later state of it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [("declarations", "delete_annotation")]


def grant(apps, schema_editor):
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
    for app, codename in ADDED:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Curators").first()
    if group is not None:
        for app, codename in ADDED:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0014_curators_edit_entities"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
