import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0009_annotation_body_limit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="annotation",
            name="author",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who created the annotation; set once, never edited.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="annotations",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
