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
        parser.add_argument(
            "--editorial-notes",
            action="store_true",
            help="Accept editorial notes, published under the project's name.",
        )
        parser.add_argument(
            "--authors",
            action="store_true",
            help="Accept the recorded author and last editor (account names), "
            "as in a backup of this site.",
        )

    def handle(self, *args, file, dry_run, editorial_notes, authors, **options):
        try:
            with atomic_unless_dry_run(dry_run):
                counts = import_annotations(
                    file, editorial_notes=editorial_notes, authors=authors
                )
        except CorpusError as error:
            raise CommandError(f"{error} (nothing was imported)") from None
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
