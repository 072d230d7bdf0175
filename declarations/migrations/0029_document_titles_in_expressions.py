"""A document's Chinese titles move from its columns into its expressions:
the simplified into zh-Hans, the traditional its provenance recorded
(zh_hant) into zh-Hant, each with the title's sources, confidence and
notes. Nothing is dropped: an expression a title needs and the document
lacks is made, as a press quotation (the corpus takes titles from the
press and its copies)."""

from django.db import migrations, models


def titles_into_expressions(apps, schema_editor):
    Document = apps.get_model("declarations", "Document")
    Expression = apps.get_model("declarations", "Expression")
    for document in Document.objects.exclude(title_zh=""):
        provenance = dict(document.title_zh_provenance or {})
        traditional = provenance.pop("zh_hant", "")
        for tag, title in (("zh-Hans", document.title_zh), ("zh-Hant", traditional)):
            if not title:
                continue
            expression, _ = Expression.objects.get_or_create(
                document=document, tag=tag, defaults={"status": "press-quotation"}
            )
            expression.title = title
            expression.title_provenance = provenance
            expression.save()


def expressions_into_titles(apps, schema_editor):
    Document = apps.get_model("declarations", "Document")
    Expression = apps.get_model("declarations", "Expression")
    for document in Document.objects.all():
        titles = {
            e.tag: e for e in Expression.objects.filter(document=document).exclude(title="")
        }
        simplified = titles.get("zh-Hans")
        if simplified is None:
            continue
        document.title_zh = simplified.title
        document.title_zh_provenance = dict(simplified.title_provenance)
        if "zh-Hant" in titles:
            document.title_zh_provenance["zh_hant"] = titles["zh-Hant"].title
        document.save()


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0028_curators_view_expressions"),
    ]

    operations = [
        migrations.AddField(
            model_name="expression",
            name="title",
            field=models.CharField(
                blank=True,
                help_text="The document's title as this text's sources print it; "
                "blank until sourced.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="expression",
            name="title_provenance",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Sources, notes and confidence of the title.",
                verbose_name="provenance of the title",
            ),
        ),
        migrations.RunPython(titles_into_expressions, expressions_into_titles),
        # Undone, the title comes back blank on every row, then filled from
        # the expressions: it needs a default to be added back.
        migrations.AlterField(
            model_name="document",
            name="title_zh",
            field=models.CharField(
                "Chinese title",
                max_length=300,
                blank=True,
                default="",
                help_text="Blank until sourced.",
            ),
        ),
        migrations.RemoveField(model_name="document", name="title_zh"),
        migrations.RemoveField(model_name="document", name="title_zh_provenance"),
    ]
