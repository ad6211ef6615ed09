"""`xihu backup` and `xihu restore` round-trip an edition counted and confirmed, on SQLite and
PostgreSQL, and refuse a backup whose log does not verify (or does not match its manifest),
putting back what was there."""

import io
import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.results import services
from xihu.backup import read_manifest
from xihu.backup.run import head_summary, table_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "implementation" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a photo")
    return settings.MEDIA_ROOT


@pytest.fixture
def confirmed(people, counted):
    services.result_confirm(ballot=counted["community"], winners=[2, 3], actor=people["officer"],
                            reason="厕所选址与市政项目重复，改为楼道灯。")
    return counted


def _rewrite(archive: Path, out: Path, change) -> None:
    """Copy the archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_a_counted_edition_round_trips_with_nothing_lost(tmp_path, media, confirmed):
    assert head_summary() is None or head_summary()["size"] < LedgerEntry.objects.count(), \
        "entries wait for the sequencer"
    backup_first = tmp_path / "first.tar.gz"
    call_command("backup", str(backup_first), stdout=io.StringIO())
    before, head = table_counts(), head_summary()
    assert head["size"] == LedgerEntry.objects.count(), "the backup signed every pending entry first"
    assert read_manifest(backup_first).head == head
    assert head is not None and before["ledger_ledgerentry"] > 20 and before["voting_castballot"] > 10
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    manifest = read_manifest(archive)
    assert manifest.log_ok and manifest.head == head and manifest.tables == before
    assert manifest.vendor == connection.vendor and manifest.media_files == 1
    call_command("flush", "--noinput")
    shutil.rmtree(media)
    assert table_counts()["ledger_ledgerentry"] == 0
    call_command("restore", str(archive), stdout=out)
    assert table_counts() == before, "every table has its rows back"
    assert head_summary() == head, "the log head is the same"
    assert (media / "implementation" / "photo.jpg").read_bytes() == b"\xff\xd8 a photo"
    call_command("ledger", "verify", stdout=out)
    assert "restored" in out.getvalue()


def test_a_restore_over_data_needs_replace(tmp_path, confirmed):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), "--no-media")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive))
    before = table_counts()
    call_command("restore", str(archive), "--replace")
    assert table_counts() == before


def _tamper_live_log() -> None:
    table = connection.ops.quote_name("ledger_ledgerentry")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                           ["ledger_ledgerentry"])
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        cursor.execute(f"UPDATE {table} SET actor = 'mallory' WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608


def test_a_backup_of_a_broken_log_is_kept_but_not_restored(tmp_path, confirmed):
    archive = tmp_path / "broken.tar.gz"
    good = tmp_path / "good.tar.gz"
    call_command("backup", str(good), "--no-media")
    before = table_counts()
    _tamper_live_log()
    err = io.StringIO()
    call_command("backup", str(archive), "--no-media", stderr=err)
    assert "does not verify" in err.getvalue() and not read_manifest(archive).log_ok
    with pytest.raises(CommandError, match="did not verify"):
        call_command("restore", str(archive), "--replace")
    assert LedgerEntry.objects.filter(actor="mallory").exists(), "nothing was changed"
    call_command("restore", str(good), "--replace")
    assert table_counts() == before and not LedgerEntry.objects.filter(actor="mallory").exists()


def test_a_tampered_archive_is_refused_and_the_database_put_back(tmp_path, confirmed):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), "--no-media")
    head = head_summary()
    forged = tmp_path / "forged.tar.gz"

    def forge_manifest(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["ledger_ledgerentry"] += 1
        return json.dumps(manifest).encode()

    _rewrite(archive, forged, forge_manifest)
    before = table_counts()
    with pytest.raises(CommandError, match="row counts differ") as refused:
        call_command("restore", str(forged), "--replace")
    assert "put back" in str(refused.value)
    assert table_counts() == before and head_summary() == head


def test_a_sqlite_archive_with_an_edited_log_is_refused(tmp_path, confirmed):
    if connection.vendor != "sqlite":
        pytest.skip("edits the SQLite file inside the archive")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), "--no-media")
    forged = tmp_path / "forged.tar.gz"

    def edit_db(name, data):
        if name != "db.sqlite3":
            return data
        path = tmp_path / "edit.sqlite3"
        path.write_bytes(data)
        db = sqlite3.connect(path)
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute("UPDATE ledger_ledgerentry SET actor = 'mallory' WHERE id = (SELECT MIN(id) FROM ledger_ledgerentry)")
        db.commit()
        db.close()
        return path.read_bytes()

    _rewrite(archive, forged, edit_db)
    before = table_counts()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("restore", str(forged), "--replace")
    assert table_counts() == before and not LedgerEntry.objects.filter(actor="mallory").exists()


def test_not_a_backup_is_refused_clearly(tmp_path, confirmed):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="not a readable Xihu backup"):
        call_command("restore", str(junk), "--replace")
