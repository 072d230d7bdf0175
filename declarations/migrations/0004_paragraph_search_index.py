"""A substring index for searching paragraphs, with the SQL it ran.

SQLite: an FTS5 trigram table kept in step with the paragraph table by
triggers. PostgreSQL: pg_trgm GIN indexes. (The live statements, which
declarations.apps re-applies after every migrate, are in search_index.py;
this migration keeps what it ran, as history.)
"""

from django.db import migrations

TRIGGERS = [
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_update",
    """CREATE TRIGGER declarations_paragraph_search_insert
        AFTER INSERT ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_search(rowid, text_en, text_zh)
        VALUES (new.id, new.text_en, new.text_zh); END""",
    """CREATE TRIGGER declarations_paragraph_search_delete
        AFTER DELETE ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_search(declarations_paragraph_search,
            rowid, text_en, text_zh)
        VALUES ('delete', old.id, old.text_en, old.text_zh);
        END""",
    """CREATE TRIGGER declarations_paragraph_search_update
        AFTER UPDATE OF text_en, text_zh ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_search(declarations_paragraph_search,
            rowid, text_en, text_zh)
        VALUES ('delete', old.id, old.text_en, old.text_zh);
        INSERT INTO declarations_paragraph_search(rowid, text_en, text_zh)
        VALUES (new.id, new.text_en, new.text_zh); END""",
    "INSERT INTO declarations_paragraph_search(declarations_paragraph_search) "
    "VALUES ('rebuild')",
]
FORWARD = {
    "sqlite": [
        """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_search USING fts5(
            text_en, text_zh, content='declarations_paragraph', content_rowid='id',
            tokenize='trigram')""",
        *TRIGGERS,
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS declarations_paragraph_en_trgm "
        "ON declarations_paragraph USING gin (UPPER(text_en) gin_trgm_ops)",
        "CREATE INDEX IF NOT EXISTS declarations_paragraph_zh_trgm "
        "ON declarations_paragraph USING gin (text_zh gin_trgm_ops)",
    ],
}
BACKWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS declarations_paragraph_search_insert",
        "DROP TRIGGER IF EXISTS declarations_paragraph_search_delete",
        "DROP TRIGGER IF EXISTS declarations_paragraph_search_update",
        "DROP TABLE IF EXISTS declarations_paragraph_search",
    ],
    "postgresql": [
        "DROP INDEX IF EXISTS declarations_paragraph_en_trgm",
        "DROP INDEX IF EXISTS declarations_paragraph_zh_trgm",
    ],
}


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("declarations", "0003_annotation_key")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
