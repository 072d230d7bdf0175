"""Index two-character search terms on SQLite (see declarations.search_index)."""

from django.db import migrations

from declarations import search_index


class Migration(migrations.Migration):
    dependencies = [("declarations", "0006_paragraph_text_en_html")]

    operations = [
        migrations.RunPython(search_index.install, search_index.uninstall_two_characters),
    ]
