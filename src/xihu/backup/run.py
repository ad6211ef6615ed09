"""backup(): snapshot, manifest, archive. restore(): load, check against the manifest, and put back
what was there when the check fails."""

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.forms.models import model_to_dict

from xihu.backup.archive import (
    FORMAT,
    BackupError,
    Manifest,
    extract,
    media_files,
    read_manifest,
    write_archive,
)
from xihu.backup.engines import LOAD, SNAPSHOT


def head_summary() -> dict | None:
    """The log head as plain data (whatever the log's model): its concrete fields."""
    from xihu.apps.ledger.selectors import ledger_head

    head = ledger_head()
    if head is None:
        return None
    if hasattr(head, "_meta"):
        data = model_to_dict(head, fields=[f.name for f in head._meta.concrete_fields])
        return {k: v if isinstance(v, int | float | str | bool | type(None)) else str(v)
                for k, v in data.items()}
    return {"head": str(head)}


def log_check() -> tuple[bool, str]:
    from xihu.apps.ledger.selectors import ledger_verify

    report = ledger_verify()
    return bool(getattr(report, "ok", report)), str(getattr(report, "problem", "") or "")


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # a quoted table name from introspection, never input
            sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608  # nosec B608
            cursor.execute(sql)
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _vendor() -> str:
    if connection.vendor not in SNAPSHOT:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _read_state() -> dict:
    ok, problem = log_check()
    return {"head": head_summary(), "log_ok": ok, "log_problem": problem, "tables": table_counts(),
            "migrations": _migrations()}


def backup(dest: str | Path, *, media: bool = True) -> Manifest:
    """Sign the log's pending entries first, so the manifest's head covers every entry backed up."""
    from xihu.apps.ledger.sequencer import integrate_pending

    integrate_pending()
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT) if media else None
    with tempfile.TemporaryDirectory(prefix="xihu-backup-") as folder:
        db_file = Path(folder) / ("db.sqlite3" if vendor == "sqlite" else "db.dump")
        state = SNAPSHOT[vendor](_read_state, db_file)
        manifest = Manifest(format=FORMAT, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                            vendor=vendor, media_files=len(media_files(media_root)), **state)
        write_archive(Path(dest), manifest, db_file, media_root)
    return manifest


def holds_data() -> bool:
    tables = connection.introspection.table_names()
    if "accounts_user" not in tables:
        return False
    from xihu.apps.accounts.models import User
    from xihu.apps.ledger.models import LedgerEntry

    return User.objects.exists() or LedgerEntry.objects.exists()


def problems_after_load(manifest: Manifest) -> list[str]:
    """Why the loaded database is not what the manifest promises (empty: it is)."""
    problems = []
    ok, problem = log_check()
    if not ok:
        problems.append(f"the backup's log does not verify: {problem}")
    if head_summary() != manifest.head:
        problems.append("the backup's log head differs from the head its manifest recorded")
    counts = table_counts()
    differ = sorted(t for t in set(counts) | set(manifest.tables)
                    if counts.get(t) != manifest.tables.get(t))
    if differ:
        shown = ", ".join(f"{t} ({manifest.tables.get(t)} expected, {counts.get(t)} found)"
                          for t in differ[:5])
        problems.append(f"row counts differ from the manifest: {shown}")
    return problems


def restore(archive: str | Path, *, replace: bool = False) -> Manifest:
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = _vendor()
    if manifest.vendor != vendor:
        raise BackupError(f"This is a {manifest.vendor} backup; the configured database is {vendor}.")
    if not manifest.log_ok:
        raise BackupError("Refused: the log in this backup did not verify when it was taken "
                          f"({manifest.log_problem}). Nothing was changed.")
    if holds_data() and not replace:
        raise BackupError("The database holds data. Stop the web workers, then run the restore "
                          "again with --replace to put the backup in its place.")
    with tempfile.TemporaryDirectory(prefix="xihu-restore-") as folder:
        folder = Path(folder)
        db_file, media = extract(archive, folder, vendor)
        safety = folder / ("before.sqlite3" if vendor == "sqlite" else "before.dump")
        SNAPSHOT[vendor](lambda: None, safety)
        LOAD[vendor](db_file)
        problems = problems_after_load(manifest)
        if problems:
            LOAD[vendor](safety)
            raise BackupError("Refused: " + "; ".join(problems) + ". The database was put back "
                              "as it was before the restore.")
        _restore_media(media)
    return manifest


def _restore_media(media: Path) -> None:
    if not media.is_dir():
        return
    root = Path(settings.MEDIA_ROOT)
    for path in media_files(media):
        target = root / path.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
