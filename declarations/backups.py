"""Consistent copies of the whole database, and bringing one back.

SQLite: the online backup API, which copies a consistent snapshot while the
site keeps serving. PostgreSQL: pg_dump / pg_restore in custom format. Each
backup also writes the annotations export, readable without a database.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from declarations.corpus.annotations import write_annotations

REQUIRED_TABLE = "declarations_document"


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


def restore(path):
    """Replace the database's content with a backup made by backup()."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                row[0] for row in source.execute("SELECT name FROM sqlite_master")
            }
        except sqlite3.DatabaseError as error:
            source.close()
            raise BackupError(f"{path}: not a SQLite database ({error})") from None
        if REQUIRED_TABLE not in tables:
            source.close()
            raise BackupError(f"{path}: not a backup of this site")
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        with open(path, "rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise BackupError(f"{path}: not a pg_dump custom-format backup")
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
