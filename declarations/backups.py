"""Consistent copies of the whole database, and bringing one back.

SQLite: the online backup API, which copies a consistent snapshot while the
site keeps serving. PostgreSQL: pg_dump / pg_restore in custom format. Each
backup also writes the annotations export, readable without a database.
"""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
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


def check_sqlite_backup(path, source):
    """Raise BackupError unless source, an open read-only connection to path,
    is an intact backup with this code's full schema and migrations."""
    try:
        result = source.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        result = [(str(error),)]
    if result != [("ok",)]:
        raise BackupError(f"{path}: fails the integrity check ({result[0][0]})")

    def columns_of(table):
        rows = source.execute("SELECT name FROM pragma_table_info(?)", (table,))
        return {row[0] for row in rows} or None

    try:
        recorded = set()
        if columns_of("django_migrations"):
            recorded = set(source.execute("SELECT app, name FROM django_migrations"))
        problem = schema_problem(columns_of, recorded) or missing_objects(source)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: not a SQLite database ({error})") from None
    if problem:
        raise BackupError(f"{path}: not a backup of this site: {problem}")


def missing_objects(source):
    """Return which table, index, trigger or view of the live database the
    backup lacks (the search index and its triggers are not models), or None."""
    query = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    connection.ensure_connection()
    live = set(connection.connection.execute(query))
    if absent := sorted(live - set(source.execute(query))):
        kind, name = absent[0]
        return f"{kind} {name} of the current database is missing"
    return None


def restore_sqlite(path):
    # A file: URI from Path.as_uri() percent-escapes "#", "?" and "%", which
    # SQLite would otherwise read as the end of the file name; mode=ro keeps
    # the candidate untouched.
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        # One read transaction spans the checks and the copy, so what is
        # copied is the snapshot that was checked.
        source.execute("BEGIN")
        check_sqlite_backup(path, source)
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


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
