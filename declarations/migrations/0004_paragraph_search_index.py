"""A substring index for searching paragraphs (see declarations.search_index)."""

from django.db import migrations

from declarations import search_index


class Migration(migrations.Migration):
    dependencies = [("declarations", "0003_annotation_key")]

    operations = [migrations.RunPython(search_index.install, search_index.uninstall)]
