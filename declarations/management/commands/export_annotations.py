"""Back up every annotation to a JSON file."""

from django.core.management.base import BaseCommand

from declarations.corpus.annotations import write_annotations


class Command(BaseCommand):
    help = "Write every annotation, drafts included, to FILE as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        count = write_annotations(file)
        self.stdout.write(f"{count} annotation(s) written to {file}.")
