"""The substring index for searching paragraphs in English and Chinese.

SQLite: an FTS5 table with the trigram tokenizer (Chinese has no spaces, so
words cannot be tokens; trigrams match any substring of three characters or
more), kept in step with the paragraph table by triggers. PostgreSQL: pg_trgm
GIN indexes on the expressions Django's icontains/contains compare.

On SQLite, a migration that alters the paragraph table rebuilds it and drops
its triggers: such a migration must end with install() again (see 0006).
"""

SQLITE_TRIGGERS = [
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
SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_search USING fts5(
        text_en, text_zh, content='declarations_paragraph', content_rowid='id',
        tokenize='trigram')""",
    *SQLITE_TRIGGERS,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_search_update",
    "DROP TABLE IF EXISTS declarations_paragraph_search",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_en_trgm "
    "ON declarations_paragraph USING gin (UPPER(text_en) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_zh_trgm "
    "ON declarations_paragraph USING gin (text_zh gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS declarations_paragraph_en_trgm",
    "DROP INDEX IF EXISTS declarations_paragraph_zh_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


install = run({"sqlite": SQLITE, "postgresql": POSTGRESQL})
uninstall = run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})
