from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0008_curated_taxonomy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annotation",
            name="body",
            field=models.TextField(
                help_text="Markdown. Raw HTML is removed when rendered. At most 10,000 characters."
            ),
        ),
    ]
