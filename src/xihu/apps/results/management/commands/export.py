"""`xihu export --out DIR [--edition SLUG]`: write an edition's open data for the verifier."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import current_edition
from xihu.apps.results.export import write_export


class Command(BaseCommand):
    help = "Write an edition's ballots, boxes, seals, results, pabulib files and the ledger to DIR."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="directory to write (created if needed)")
        parser.add_argument("--edition", help="edition short name (default: the current edition)")

    def handle(self, *args, **options):
        if options["edition"]:
            edition = Edition.objects.filter(slug=options["edition"]).first()
            if edition is None:
                raise CommandError(f"no edition {options['edition']!r}")
        else:
            edition = current_edition()
            if edition is None:
                raise CommandError("there is no edition yet")
        out = Path(options["out"])
        written = write_export(edition, out)
        self.stdout.write(self.style.SUCCESS(
            f"Exported edition {edition.slug}: {len(written)} files in {out}. "
            f"Check it with: xihu verify {out}"))
