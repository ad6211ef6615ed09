"""`xihu restore FILE [--replace]`: put a backup in place of the database (stop the web workers
first). Refused, with the database put back as it was, when the backup's log does not verify or
its head or row counts differ from its manifest."""

from django.core.management.base import BaseCommand, CommandError

from xihu.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `xihu backup` (the log must verify)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `xihu backup`")
        parser.add_argument("--replace", action="store_true",
                            help="replace a database that holds data (stop the web workers first)")

    def handle(self, *args, file, replace=False, **options):
        try:
            manifest = restore(file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        head = manifest.head or {}
        shown = head.get("entry_hash") or head.get("root_hash") or "(empty log)"
        self.stdout.write(self.style.SUCCESS(
            f"restored {file} (taken {manifest.created_at}): the log verifies, head {shown}; "
            f"{len(manifest.tables)} tables as recorded. Run `xihu migrate` if this version is newer."))
