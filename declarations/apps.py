from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_search_index(using, **kwargs):
    # A migration that alters the paragraph table rebuilds it on SQLite and
    # drops the search triggers with the old table: make them again.
    from django.db import connections

    from declarations import search_index

    search_index.install(connections[using])


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from declarations import signals  # noqa: F401 (connects the receivers)

        post_migrate.connect(install_search_index, sender=self)
