"""Load the official Chinese original of a document in one step."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import Truncator

from declarations import languages
from declarations.corpus import CorpusError
from declarations.corpus.originals import import_original
from declarations.models import Confidence, Document, SourceKind

# The expressions whose files align by Chinese section numbers.
ALIGNED = {"zh-Hans", "zh-Hant"}


class Command(BaseCommand):
    help = (
        "Align a plain UTF-8 Chinese original (preamble, then sections headed "
        "一 二 三 …, one paragraph per line) to the English paragraphs and fill the "
        "blank Chinese text. Refuses, writing nothing, when a section's paragraph "
        "count differs from the English."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The Chinese original as plain UTF-8 text.")
        parser.add_argument("--document", required=True, help="Document slug.")
        parser.add_argument(
            "--lang",
            required=True,
            choices=[*languages.ALIASES, *languages.REGISTRY],
            help=(
                "Language tag of the file, from the language registry: zh or "
                "zh-Hans (simplified), zh-Hant (traditional)."
            ),
        )
        # The same provenance a curator gives in the admin: text of unknown
        # origin is never shown as the original.
        parser.add_argument(
            "--source-url",
            action="append",
            required=True,
            dest="sources",
            help="Where the text was taken from (repeat for several sources).",
        )
        parser.add_argument("--source-kind", required=True, choices=SourceKind.values)
        parser.add_argument(
            "--confidence",
            required=True,
            choices=Confidence.values,
            help="Low confidence is stored but not shown as the original.",
        )
        parser.add_argument("--note", required=True, help="How the text was checked.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also replace Chinese text that is already there (a curator's too).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the alignment; write nothing."
        )

    def handle(self, *args, file, document, overwrite, dry_run, verbosity, **options):
        tag = languages.get(options["lang"]).tag
        if tag not in ALIGNED:
            raise CommandError(
                f"--lang {options['lang']}: the file is aligned by its Chinese "
                "section numbers (一 二 三 …), so it must be zh, zh-Hans or zh-Hant; "
                "nothing was imported"
            )
        provenance = {
            "sources": options["sources"],
            "source_kind": options["source_kind"],
            "confidence": options["confidence"],
            "notes": options["note"],
        }
        try:
            target = Document.objects.get(slug=document)
        except Document.DoesNotExist:
            raise CommandError(f"no document with slug '{document}'") from None
        try:
            report = import_original(
                target,
                file,
                provenance=provenance,
                tag=tag,
                overwrite=overwrite,
                dry_run=dry_run,
            )
        except (CorpusError, OSError) as error:
            raise CommandError(str(error)) from None
        if dry_run or verbosity >= 2:
            self.stdout.write(f"{'label':<12} {'English':<48} 中文")
            for label, english, chinese in report.rows:
                self.stdout.write(
                    f"{label:<12} {Truncator(english).chars(46):<48} "
                    f"{Truncator(chinese).chars(24)}"
                )
        if dry_run:
            self.stdout.write(f"Dry run: {len(report.rows)} paragraphs aligned.")
            return
        self.stdout.write(
            f"{report.filled} filled, {report.replaced} replaced, "
            f"{report.unchanged} unchanged, {report.kept} kept "
            "(already had other Chinese text; --overwrite replaces it)."
        )
