"""Load the corpus fixtures, keeping everything curators have changed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from declarations.corpus import CorpusError
from declarations.corpus.loader import load_corpus
from declarations.management.dry_run import atomic_unless_dry_run


class Command(BaseCommand):
    help = (
        "Load fixtures/ idempotently: sourced text is brought up to date; themes, "
        "instrument links, Chinese text and annotations that curators changed are "
        "kept. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus-dir",
            default=settings.CORPUS_DIR,
            help="Folder holding the fixtures (default: fixtures/).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll back.",
        )

    def handle(self, *args, corpus_dir, dry_run, **options):
        try:
            with atomic_unless_dry_run(dry_run):
                report = load_corpus(corpus_dir)
        except CorpusError as error:
            raise CommandError(f"{error} (nothing was loaded)") from None
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(prefix + report.summary())
