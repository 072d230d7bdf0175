"""Index two-character search terms on SQLite, with the SQL it ran: the
index's vocabulary (its distinct trigrams) and the last two characters of
each text, for terms at the very end."""

from django.db import migrations

FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_search_terms
        USING fts5vocab(declarations_paragraph_search, 'row')""",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_en_tail "
    "ON declarations_paragraph(lower(substr(text_en, -2)))",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_zh_tail "
    "ON declarations_paragraph(substr(text_zh, -2))",
]
BACKWARD = [
    "DROP TABLE IF EXISTS declarations_paragraph_search_terms",
    "DROP INDEX IF EXISTS declarations_paragraph_en_tail",
    "DROP INDEX IF EXISTS declarations_paragraph_zh_tail",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("declarations", "0006_paragraph_text_en_html")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
