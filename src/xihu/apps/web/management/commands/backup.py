"""`xihu backup [FILE]`: a consistent snapshot of the database and the uploaded files, with the
log head (docs/operations.md). Default FILE: <data dir>/backups/xihu-<UTC time>.tar.gz."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xihu.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite or PostgreSQL) and uploaded files with the log head."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the archive to write (.tar.gz)")
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded files out")

    def handle(self, *args, file=None, no_media=False, **options):
        if file is None:
            folder = Path(settings.DATA_DIR) / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            file = folder / f"xihu-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup(file, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        head = manifest.head or {}
        shown = head.get("entry_hash") or head.get("root_hash") or "(empty log)"
        rows = sum(manifest.tables.values())
        self.stdout.write(self.style.SUCCESS(
            f"{file}: {manifest.vendor}, {len(manifest.tables)} tables, {rows} rows, "
            f"{manifest.media_files} files; log head {shown}"))
        if not manifest.log_ok:
            self.stderr.write(f"warning: the log does not verify ({manifest.log_problem}); "
                              "this backup is kept as evidence but `xihu restore` refuses it")
