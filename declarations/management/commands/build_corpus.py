"""Build the corpus fixtures from the sources and the curation files."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from declarations.corpus import CorpusError
from declarations.corpus.fixtures import build_corpus, stale_fixtures, write_fixtures


class Command(BaseCommand):
    help = (
        "Parse the declaration sources and the curation files under fixtures/ and "
        "write the Django fixtures deterministically. Writes nothing on any fault."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus-dir",
            default=settings.CORPUS_DIR,
            help="Folder holding sources/ and curation/ (default: fixtures/).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the folder's fixtures are out of date.",
        )

    def handle(self, *args, corpus_dir, check, verbosity, **options):
        try:
            outputs = build_corpus(corpus_dir)
        except CorpusError as error:
            raise CommandError(str(error)) from None
        if check:
            if stale := stale_fixtures(outputs, corpus_dir):
                raise CommandError(
                    f"fixtures out of date in {corpus_dir}: {', '.join(stale)}"
                )
            self.stdout.write(f"{len(outputs)} fixtures up to date in {corpus_dir}.")
            return
        changed = write_fixtures(outputs, corpus_dir)
        if verbosity >= 2:
            for path in changed:
                self.stdout.write(f"wrote {path}")
        self.stdout.write(f"{len(outputs)} fixtures built, {len(changed)} changed.")
