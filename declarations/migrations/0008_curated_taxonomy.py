"""Mark the themes and instruments a curator changed, so that corpus reloads
keep them. Rows changed in the admin before this migration are found in the
admin's log, so no curator's earlier edit is overwritten by the next load.
"""

from django.db import migrations, models

CHANGE = 2  # django.contrib.admin.models.CHANGE


def mark_rows_changed_in_admin(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name in ("theme", "instrument"):
        model = apps.get_model("declarations", model_name)
        content_type = ContentType.objects.filter(
            app_label="declarations", model=model_name
        ).first()
        if content_type is None:
            continue
        changed = LogEntry.objects.filter(
            content_type=content_type, action_flag=CHANGE
        ).values_list("object_id", flat=True)
        model.objects.filter(pk__in=[int(pk) for pk in changed if pk.isdigit()]).update(
            curated=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("declarations", "0007_two_character_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="curated",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Changed by a curator in the admin: corpus reloads keep it.",
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="curated",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Changed by a curator in the admin: corpus reloads keep it.",
            ),
        ),
        migrations.RunPython(mark_rows_changed_in_admin, migrations.RunPython.noop),
    ]
