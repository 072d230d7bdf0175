"""Granting the Curators group permissions from a data migration: one
rule for the migrations that give curators a model (0014, 0021, 0028).

Not a migration itself (Django's loader passes over names starting "_"):
the migrations import it, so it stays as long as they do.
"""

from django.contrib.auth.management import create_permissions


def permissions(apps, codenames):
    """Return the permissions named (app label, codename), made first:
    Django creates permissions after migrate, and curators need them now."""
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
        for app, codename in codenames
    ]


def curators(apps):
    return apps.get_model("auth", "Group").objects.filter(name="Curators").first()


def grant(apps, codenames):
    """Give the Curators group, where there is one, these permissions."""
    group = curators(apps)
    if group is not None:
        group.permissions.add(*permissions(apps, codenames))


def revoke(apps, codenames):
    group = curators(apps)
    if group is not None:
        group.permissions.remove(*permissions(apps, codenames))
