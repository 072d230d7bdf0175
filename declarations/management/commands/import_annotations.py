"""Restore annotations from a JSON export, idempotently by their key."""

from django.core.management.base import BaseCommand, CommandError

from declarations.corpus import CorpusError
from declarations.corpus.annotations import import_annotations
from declarations.management.dry_run import atomic_unless_dry_run


class Command(BaseCommand):
    help = (
        "Create or update annotations from FILE (an export_annotations file), "
        "matching them by key. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, dry_run, **options):
        try:
            with atomic_unless_dry_run(dry_run):
                counts = import_annotations(file)
        except CorpusError as error:
            raise CommandError(f"{error} (nothing was imported)") from None
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
