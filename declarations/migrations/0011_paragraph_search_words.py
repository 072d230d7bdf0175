"""Whole-word English search: each paragraph's stemmed words, and their
index, with the SQL this migration ran (the stemming as it was written here:
migrations import no application code).
"""

import importlib
import re

import snowballstemmer
from django.db import migrations, models

WORD = re.compile(r"[A-Za-z0-9]+")
# Adding the column rebuilds the paragraph table on SQLite, which drops the
# substring index's triggers: they are made again, as 0004 made them.
TRIGGERS = importlib.import_module(
    "declarations.migrations.0004_paragraph_search_index"
).TRIGGERS
SQLITE = [
    *TRIGGERS,
    """CREATE VIRTUAL TABLE IF NOT EXISTS declarations_paragraph_words USING fts5(
        search_words, content='declarations_paragraph', content_rowid='id',
        tokenize='unicode61')""",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_update",
    """CREATE TRIGGER declarations_paragraph_words_insert
        AFTER INSERT ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_words(rowid, search_words)
        VALUES (new.id, new.search_words); END""",
    """CREATE TRIGGER declarations_paragraph_words_delete
        AFTER DELETE ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_words(declarations_paragraph_words,
            rowid, search_words)
        VALUES ('delete', old.id, old.search_words); END""",
    """CREATE TRIGGER declarations_paragraph_words_update
        AFTER UPDATE OF search_words ON declarations_paragraph BEGIN
        INSERT INTO declarations_paragraph_words(declarations_paragraph_words,
            rowid, search_words)
        VALUES ('delete', old.id, old.search_words);
        INSERT INTO declarations_paragraph_words(rowid, search_words)
        VALUES (new.id, new.search_words); END""",
    "INSERT INTO declarations_paragraph_words(declarations_paragraph_words) "
    "VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_insert",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_delete",
    "DROP TRIGGER IF EXISTS declarations_paragraph_words_update",
    "DROP TABLE IF EXISTS declarations_paragraph_words",
]
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS declarations_paragraph_words_trgm "
    "ON declarations_paragraph USING gin (search_words gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS declarations_paragraph_words_trgm"]


def fill_search_words(apps, schema_editor):
    stemmer = snowballstemmer.stemmer("english")
    Paragraph = apps.get_model("declarations", "Paragraph")
    for paragraph in Paragraph.objects.all():
        words = [w.lower() for w in WORD.findall(paragraph.text_en)]
        paragraph.search_words = f" {' '.join(stemmer.stemWords(words))} "
        paragraph.save(update_fields=["search_words"])


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0010_annotation_author_not_editable"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="search_words",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="The stems of the English words, for whole-word search; derived.",
            ),
        ),
        migrations.RunPython(fill_search_words, migrations.RunPython.noop),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
