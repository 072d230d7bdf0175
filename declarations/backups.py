"""Consistent copies of the whole database, and bringing one back.

SQLite: the online backup API, which copies a consistent snapshot while the
site keeps serving. PostgreSQL: pg_dump / pg_restore in custom format. Each
backup also writes the annotations export, readable without a database.
"""

import datetime
import functools
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from declarations.corpus.annotations import write_annotations


class BackupError(Exception):
    pass


def postgres_tool(name):
    """Return the path of a PostgreSQL client program."""
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)),
        None,
    )
    if not found:
        raise BackupError(
            f"{name} is not installed (apt-get install postgresql-client)"
        )
    return str(found)


def postgres_environment():
    settings = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    extra = settings.get("OPTIONS", {})
    options = {
        "PGHOST": settings.get("HOST") or extra.get("host"),
        "PGPORT": settings.get("PORT") or extra.get("port"),
        "PGUSER": settings.get("USER"),
        "PGDATABASE": settings["NAME"],
    }
    environment.update({k: str(v) for k, v in options.items() if v})
    return environment


def run(command):
    try:
        subprocess.run(command, env=postgres_environment(), check=True)
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{Path(command[0]).name} failed ({error.returncode})"
        ) from None


def backup(directory):
    """Write a database copy and the annotations export into a folder; return
    their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    annotations = directory / f"annotations-{stamp}.json"
    if connection.vendor == "sqlite":
        database = directory / f"db-{stamp}.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        database = directory / f"db-{stamp}.dump"
        run([postgres_tool("pg_dump"), "--format=custom", f"--file={database}"])
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    write_annotations(annotations)
    return database, annotations


def expected_tables():
    """Return {table: columns} for every table the installed models and the
    migration recorder need, many-to-many through tables included."""
    tables = {"django_migrations": {"id", "app", "name", "applied"}}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.setdefault(model._meta.db_table, set()).update(
                field.column for field in model._meta.local_concrete_fields
            )
    return tables


def migration_problem(recorded):
    """Return why a backup's applied migrations, a set of (app, name), do not
    match this code's migrations, or None when they do."""
    loader = MigrationLoader(None, ignore_no_migrations=True)

    def applied(key):
        # A squashed migration counts as applied when everything it replaces
        # is, as in MigrationLoader.build_graph.
        squashed = loader.replacements.get(key)
        return key in recorded or bool(squashed and set(squashed.replaces) <= recorded)

    if missing := sorted(key for key in loader.graph.nodes if not applied(key)):
        return "missing migrations " + ", ".join(f"{a}.{n}" for a, n in missing)
    # Rows for apps this code has no migrations for are left over from
    # removed apps and harmless; an unknown name in a known app means the
    # backup comes from a newer (or different) schema.
    unknown = sorted(
        (app, name)
        for app, name in recorded
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if unknown:
        return "migrations this code does not have (a newer schema?) " + ", ".join(
            f"{a}.{n}" for a, n in unknown
        )
    return None


def schema_problem(columns_of, recorded):
    """Return the first way a backup differs from what this code needs, or
    None. columns_of(table) gives the table's columns, or None if it is
    missing; recorded is its applied migrations."""
    for table, expected in sorted(expected_tables().items()):
        present = columns_of(table)
        if present is None:
            return f"table {table} is missing"
        if absent := sorted(expected - present):
            return f"table {table} lacks column {absent[0]}"
    return migration_problem(recorded)


def sqlite_schema(database):
    """Return {(type, name): SQL} of every table, index, trigger and view of
    an SQLite database (SQLite's own objects aside), whitespace normalised."""
    rows = database.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL"
    )
    return {(kind, name): " ".join(sql.split()) for kind, name, sql in rows}


@functools.cache
def migrated_sqlite_schema():
    """Return the schema (sqlite_schema) that this code's migrations build
    in an empty database: never read from the current database, which may
    have gained or lost an object since. The migrations run in a child
    process on a scratch file, so their data migrations write only there."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "expected.sqlite3"
        child_process(
            [str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput"], path
        )
        with closing(sqlite3.connect(path)) as database:
            return sqlite_schema(database)


def child_process(arguments, database, *, code=None):
    """Run this site's Python on another SQLite database, with a cache of its
    own (never the shared one); return its standard output."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "CACHE_URL": "",
    }
    command = [sys.executable, *(["-c", code] if code else arguments)]
    result = subprocess.run(
        command,
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"the check could not run ({lines[-1] if lines else ''})")
    return result.stdout


def schema_difference(actual):
    """Return the first way a schema differs from the migrations', or None
    (tables first: a missing table explains its missing indexes)."""
    expected = migrated_sqlite_schema()

    def tables_first(key):
        return (key[0] != "table", key)

    for kind, name in sorted(expected.keys() - actual.keys(), key=tables_first):
        return f"{kind} {name} is missing"
    for kind, name in sorted(actual.keys() - expected.keys(), key=tables_first):
        return f"{kind} {name} is not made by the migrations"
    for kind, name in sorted(expected, key=tables_first):
        if expected[kind, name] != actual[kind, name]:
            return f"{kind} {name} differs from the one the migrations make"
    return None


def typed(field, value):
    """Return a stored value as its model field reads it, or raise."""
    target = field.target_field if field.is_relation else field
    if hasattr(target, "from_db_value"):
        value = target.from_db_value(value, None, connection)
    return target.to_python(value)


def row_problem(database):
    """Return the first stored value that its model field cannot read (a
    text in a number or date column, a null where none may be), or None."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = model._meta.local_concrete_fields
        columns = ", ".join(f'"{field.column}"' for field in fields)
        table = model._meta.db_table
        for number, row in enumerate(
            database.execute(f'SELECT {columns} FROM "{table}"'), start=1
        ):
            for field, value in zip(fields, row, strict=True):
                if value is None:
                    if not field.null:
                        return f"{table} row {number}: {field.column} is null"
                    continue
                try:
                    typed(field, value)
                except Exception:  # every way a value can fail to read
                    return (
                        f"{table} row {number}: {field.column} holds "
                        f"{str(value)[:40]!r}, not a {field.get_internal_type()}"
                    )
    return None


# Run in a child process on the scratch copy: the pages a reader opens first
# must render from it (the document, a permalink, a search), or the copy is
# refused. Prints one line per failure.
RENDER_PROBE = """
import django
django.setup()
from urllib.parse import urlsplit
from django.conf import settings
from django.test import Client
from declarations.models import Document, Paragraph
origin = urlsplit(settings.SITE_URL)
client = Client(HTTP_HOST=origin.netloc, raise_request_exception=False)
urls = ["/"]
document = Document.objects.order_by("pk").first()
paragraph = Paragraph.objects.order_by("pk").first()
if document:
    urls.append(document.get_absolute_url())
if paragraph:
    urls.append(paragraph.get_absolute_url())
    word = max(paragraph.text_en.split() or ["declaration"], key=len)
    urls.append(paragraph.document.get_absolute_url() + "?q=" + word[:30])
for url in urls:
    status = client.get(url, secure=origin.scheme == "https").status_code
    if status != 200:
        print(f"{url} answers {status}")
"""


def check_sqlite_copy(path, scratch):
    """Raise BackupError unless the scratch copy of a backup is one this code
    can serve: intact, with the migrations' schema exactly, no dangling
    reference, every value of its field's type, and the first pages render."""
    with closing(sqlite3.connect(scratch)) as database:
        try:
            result = database.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as error:
            result = [(str(error),)]
        if result != [("ok",)]:
            raise BackupError(f"{path}: fails the integrity check ({result[0][0]})")
        recorded = set()
        try:
            if sqlite_schema(database).get(("table", "django_migrations")):
                recorded = set(
                    database.execute("SELECT app, name FROM django_migrations")
                )
            problem = schema_difference(sqlite_schema(database)) or migration_problem(
                recorded
            )
            if problem is None:
                dangling = database.execute("PRAGMA foreign_key_check").fetchone()
                if dangling:
                    problem = (
                        f"{dangling[0]} row {dangling[1]} refers to a missing "
                        f"{dangling[2]}"
                    )
            problem = problem or row_problem(database)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: not a SQLite database ({error})") from None
    if problem:
        raise BackupError(f"{path}: not a backup of this site: {problem}")
    if failures := child_process([], scratch, code=RENDER_PROBE).strip():
        raise BackupError(
            f"{path}: the site cannot serve it: {failures.splitlines()[0]}"
        )


def restore_sqlite(path):
    # A file: URI from Path.as_uri() percent-escapes "#", "?" and "%", which
    # SQLite would otherwise read as the end of the file name; mode=ro keeps
    # the candidate untouched.
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "candidate.sqlite3"
        source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            # The checks run on this copy, and this copy is what is restored:
            # nothing the candidate's file does after it is read matters.
            with closing(sqlite3.connect(scratch)) as copy:
                source.backup(copy)
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"{path}: fails the integrity check or is not a SQLite "
                f"database ({error})"
            ) from None
        finally:
            source.close()
        check_sqlite_copy(path, scratch)
        connection.ensure_connection()
        with closing(sqlite3.connect(scratch)) as copy:
            copy.backup(connection.connection)


def pg_restore_output(path, *options):
    command = [postgres_tool("pg_restore"), *options, "--file=-", str(path)]
    try:
        return subprocess.run(
            command, capture_output=True, text=True, check=True
        ).stdout
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{path}: pg_restore cannot read it ({error.stderr.strip()})"
        ) from None


def check_postgres_backup(path):
    """Raise BackupError unless the dump's schema and migrations match this
    code's. pg_dump archives carry no checksums, so damage inside table data
    shows only when pg_restore runs (in one transaction, so it rolls back)."""
    schema = pg_restore_output(path, "--schema-only", "--no-owner")
    tables = {}
    for name, body in re.findall(
        r"^CREATE TABLE (?:\w+\.)?\"?(\w+)\"? \((.*?)^\);",
        schema,
        flags=re.MULTILINE | re.DOTALL,
    ):
        tables[name] = {
            line.strip().split()[0].strip('"')
            for line in body.splitlines()
            if line.strip() and not line.strip().startswith("CONSTRAINT")
        }
    data = pg_restore_output(path, "--data-only", "--table=django_migrations")
    recorded = set()
    rows = re.search(
        r"^COPY \S*django_migrations \((.*?)\) FROM stdin;\n(.*?)^\\\.$",
        data,
        flags=re.MULTILINE | re.DOTALL,
    )
    if rows:
        columns = [c.strip().strip('"') for c in rows[1].split(",")]
        for line in rows[2].splitlines():
            values = dict(zip(columns, line.split("\t"), strict=False))
            recorded.add((values.get("app"), values.get("name")))
    problem = schema_problem(tables.get, recorded)
    if problem:
        raise BackupError(f"{path}: not a backup of this site: {problem}")


def restore(path):
    """Replace the database's content with a backup made by backup(), after
    checking it is intact and matches this code's schema and migrations;
    a refused backup leaves the database untouched."""
    # Absolute, so a name such as "-x" cannot be read as a pg_restore option.
    path = Path(path).resolve()
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    if connection.vendor == "sqlite":
        restore_sqlite(path)
    elif connection.vendor == "postgresql":
        with open(path, "rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise BackupError(f"{path}: not a pg_dump custom-format backup")
        check_postgres_backup(path)
        connection.close()
        run(
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
