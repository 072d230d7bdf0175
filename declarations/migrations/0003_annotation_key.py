"""Give every annotation a stable key for export and import.

Three steps, so that existing annotations each get their own key instead of
one default shared by all rows (Django docs: "Migrations that add unique
fields").
"""

import uuid

from django.db import migrations, models


def give_each_annotation_a_key(apps, schema_editor):
    Annotation = apps.get_model("declarations", "Annotation")
    for annotation in Annotation.objects.filter(key__isnull=True).only("pk"):
        annotation.key = uuid.uuid4()
        annotation.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0002_curators_group")]

    operations = [
        migrations.AddField(
            model_name="annotation",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_annotation_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="annotation",
            name="key",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable identity across exports and imports.",
                unique=True,
            ),
        ),
    ]
