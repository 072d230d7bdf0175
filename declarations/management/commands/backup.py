"""Back up the database and the annotations."""

from django.core.management.base import BaseCommand, CommandError

from declarations.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database (SQLite online backup, or "
        "pg_dump) and the annotations export into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            database, annotations = backup(directory)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"database: {database}\nannotations: {annotations}")
