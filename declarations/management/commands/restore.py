"""Bring back a database backup made by the backup command."""

from django.core.management.base import BaseCommand, CommandError

from declarations.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's content with FILE, a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            restore(file)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file}")
