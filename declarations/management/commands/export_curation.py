"""Write curators' themes and links back into the reviewable curation files."""

from django.conf import settings
from django.core.management.base import BaseCommand

from declarations.corpus.export import export_curation


class Command(BaseCommand):
    help = (
        "Write themes, instruments, paragraph themes and instrument links from the "
        "database into fixtures/curation/, for review and commit; then run "
        "`make fixtures` to rebuild the fixtures from them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus-dir", default=settings.CORPUS_DIR)
        parser.add_argument(
            "--dry-run", action="store_true", help="Name the files that would change."
        )

    def handle(self, *args, corpus_dir, dry_run, **options):
        changed = export_curation(corpus_dir, dry_run=dry_run)
        for path in changed:
            self.stdout.write(f"{'would change' if dry_run else 'wrote'} {path}")
        self.stdout.write(f"{len(changed)} curation file(s) changed.")
