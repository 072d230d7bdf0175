from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations"
    default_auto_field = "django.db.models.BigAutoField"
