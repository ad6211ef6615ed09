"""The sequencer: batches, crash recovery with nothing lost or duplicated, one integrating
sequencer at a time on PostgreSQL, and the entries written with no lock held."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from tests.ledger.conftest import write_entries
from xihu.apps.ledger import selectors, sequencer
from xihu.apps.ledger.models import LedgerEntry, LedgerLeaf, TreeHead
from xihu.apps.ledger.sequencer import integrate, integrate_pending

pytestmark = pytest.mark.django_db(transaction=True)
XIHU = shutil.which("xihu") or str(Path(sys.executable).parent / "xihu")


def assert_integrated_once(expected: int) -> None:
    indexes = list(LedgerLeaf.objects.order_by("index").values_list("index", flat=True))
    assert indexes == list(range(expected))
    assert LedgerLeaf.objects.values("entry_id").distinct().count() == expected == LedgerEntry.objects.count()
    report = selectors.ledger_verify()
    assert report.ok and report.entries == expected, report


def test_batches_and_heads(db):
    write_entries(7)
    first = integrate(limit=3)
    assert first.size == 3
    assert integrate_pending().size == 7
    assert list(TreeHead.objects.values_list("size", flat=True)) == [3, 7]
    assert_integrated_once(7)


def test_a_crash_before_commit_loses_and_duplicates_nothing(db, monkeypatch):
    write_entries(5)
    integrate_pending()
    write_entries(4, start=5)

    def crash(*args, **kwargs):
        assert LedgerLeaf.objects.count() == 9  # the leaves were written in this round ...
        raise KeyboardInterrupt("power cut")    # ... and the process dies before the commit

    monkeypatch.setattr(sequencer, "sign_head", crash)
    with pytest.raises(KeyboardInterrupt):
        integrate_pending()
    assert LedgerLeaf.objects.count() == 5 and TreeHead.objects.count() == 1
    monkeypatch.undo()
    assert integrate_pending().size == 9
    assert_integrated_once(9)


def test_services_write_while_the_sequencer_runs(db):
    """Writers in their own transactions take no lock; a running sequencer picks every entry
    up within about a second (the 1 s budget holds with room on a loaded 2-core machine)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises every write transaction)")
    stop = threading.Event()
    runner = threading.Thread(target=lambda: (sequencer.run(interval=0.05, stop=stop), connection.close()))
    runner.start()
    errors = []

    def writer(n):
        try:
            for i in range(25):
                with transaction.atomic():
                    write_entries(1, start=n * 100 + i)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(60)
    written_at = time.monotonic()
    while LedgerLeaf.objects.count() < 150 and time.monotonic() - written_at < 10:
        time.sleep(0.05)
    waited = time.monotonic() - written_at
    stop.set()
    runner.join(10)
    assert errors == []
    assert waited < 2.0, f"the last entries took {waited:.2f} s to be sequenced"
    assert_integrated_once(150)


def test_only_one_sequencer_integrates_at_a_time(db):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite's write lock already excludes")
    write_entries(3)
    held, release = threading.Event(), threading.Event()

    def other_sequencer():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [sequencer.LOCK_KEY])
            held.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_sequencer)
    thread.start()
    held.wait(10)
    assert integrate() is None  # the other one holds the lock: this one skips its round
    release.set()
    thread.join(10)
    assert integrate().size == 3

    write_entries(200, start=10)
    results, errors = [], []

    def race():
        try:
            while (head := integrate(limit=7)) is not None:
                results.append(head.size)
            time.sleep(0.01)
            integrate_pending(wait=True)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    racers = [threading.Thread(target=race) for _ in range(4)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(60)
    assert errors == []
    assert_integrated_once(203)


def test_a_killed_sequencer_process_is_replaced_and_nothing_is_lost(db):
    """Real processes: `xihu ledger sequencer` killed with SIGKILL while writers go on; a
    second one takes over."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database shared between processes (the SQLite test database is in memory)")
    db_settings = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db_settings['USER']}@{db_settings['HOST']}:"
                                         f"{db_settings['PORT']}/{db_settings['NAME']}",
           "XIHU_LEDGER_SIGNING_KEY": settings.XIHU_LEDGER_SIGNING_KEY,
           "XIHU_LEDGER_ORIGIN": settings.XIHU_LEDGER_ORIGIN}

    def start():
        return subprocess.Popen([XIHU, "ledger", "sequencer", "--interval", "0.05"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    first = start()
    for i in range(40):
        write_entries(5, start=i * 5)
        if i == 20:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
            second = start()
        time.sleep(0.02)
    deadline = time.monotonic() + 30
    while LedgerLeaf.objects.count() < 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    second.terminate()
    _out, err = second.communicate(timeout=20)
    connections.close_all()
    assert_integrated_once(200)


def test_ledger_append_takes_no_lock(db):
    """A service's entry is one INSERT: no advisory lock is held until its commit (the old
    chain serialised every write of the deployment)."""
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        write_entries(1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                               "AND pid = pg_backend_pid()")
                assert cursor.fetchone()[0] == 0
    inserts = [q["sql"] for q in queries.captured_queries if "ledger_ledgerentry" in q["sql"]]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")
    assert not any("advisory_" in q["sql"] for q in queries.captured_queries)
