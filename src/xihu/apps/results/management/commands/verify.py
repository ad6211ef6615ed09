"""`xihu verify EXPORT_DIR`: run the standalone verifier (the same single file anyone can run
with plain Python) on an export."""

from django.core.management.base import BaseCommand

from xihu.verifier import standalone


class Command(BaseCommand):
    help = "Recount every tally and winner set of an export and check the ledger chain."

    def add_arguments(self, parser):
        parser.add_argument("export_dir")

    def handle(self, *args, **options):
        status = standalone.main([options["export_dir"]])
        if status:
            raise SystemExit(status)
