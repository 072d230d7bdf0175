"""Create or remove the synthetic benchmark corpus."""

from django.core.management.base import BaseCommand, CommandError

from declarations.demo_corpus import generate_demo_corpus, remove_demo_corpus
from declarations.models import Document


class Command(BaseCommand):
    help = (
        "Add N synthetic documents (marked as such, never part of the real "
        "fixtures) modelled on a real declaration, for benchmarks; --remove "
        "deletes them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=300)
        parser.add_argument("--template", default="tianjin-2025")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, documents, template, remove, **options):
        if remove:
            self.stdout.write(f"{remove_demo_corpus()} synthetic document(s) removed.")
            return
        if documents < 1:
            raise CommandError("--documents must be at least 1")
        try:
            paragraphs = generate_demo_corpus(documents, template)
        except Document.DoesNotExist:
            raise CommandError(
                f"no document '{template}': run load_corpus first"
            ) from None
        self.stdout.write(
            f"{documents} synthetic document(s), {paragraphs} paragraphs created."
        )
