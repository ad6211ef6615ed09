"""The ledger: append-only in the database itself, and every kind of tampering is detected."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from xihu.apps.ledger import guards
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.ledger.selectors import ledger_head, ledger_verify
from xihu.apps.ledger.services import ledger_append
from xihu.engine import ledger as chain

pytestmark = pytest.mark.django_db(transaction=True)
TABLE = guards.LEDGER_TABLE


@pytest.fixture
def entries():
    for i in range(6):
        ledger_append(actor="tester", action="test.step", object_type="test", object_id=str(i),
                      payload={"i": i, "note": f"第{i}步"})
    return list(LedgerEntry.objects.order_by("seq"))


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def without_guards():
    guards.apply(connection, install=False)


def test_chain_links_and_verifies(entries):
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].prev_hash == chain.GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    report = ledger_verify()
    assert report.ok and report.entries == 6 and report.head_hash == entries[-1].entry_hash
    assert ledger_head().seq == 6


@pytest.mark.parametrize("sql", [
    f"UPDATE {TABLE} SET actor = 'mallory' WHERE seq = 2",
    f"DELETE FROM {TABLE} WHERE seq = 2",
])
def test_database_refuses_update_and_delete(entries, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert ledger_verify().ok


def test_orm_update_is_refused_too(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(seq=3).update(action="changed")


def _tamper_edit():
    raw(f"UPDATE {TABLE} SET payload = %s WHERE seq = 3", ['{"i": 99}'])


def _tamper_edit_with_digest():
    digest = chain.payload_digest({"i": 99})
    raw(f"UPDATE {TABLE} SET payload = %s, payload_digest = %s WHERE seq = 3", ['{"i": 99}', digest])


def _tamper_edit_actor():
    raw(f"UPDATE {TABLE} SET actor = 'someone-else' WHERE seq = 3")


def _tamper_delete():
    raw(f"DELETE FROM {TABLE} WHERE seq = 3")


def _tamper_delete_last():
    # Only the noted head catches this one: see test_rewritten_history_is_caught_by_a_noted_head.
    raw(f"DELETE FROM {TABLE} WHERE seq = 6")


def _tamper_insert():
    row = LedgerEntry.objects.get(seq=3)
    raw(
        f"INSERT INTO {TABLE} (seq, prev_hash, entry_hash, recorded_at, actor, action, object_type,"
        " object_id, payload, payload_digest) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        [7, row.entry_hash, "f" * 64, row.recorded_at, "mallory", "test.step", "test", "x",
         "{}", chain.payload_digest({})],
    )


def _tamper_reorder():
    raw(f"UPDATE {TABLE} SET seq = 1000 WHERE seq = 3")
    raw(f"UPDATE {TABLE} SET seq = 3 WHERE seq = 4")
    raw(f"UPDATE {TABLE} SET seq = 4 WHERE seq = 1000")


@pytest.mark.parametrize("tamper,bad_seq", [
    (_tamper_edit, 3),
    (_tamper_edit_with_digest, 3),
    (_tamper_edit_actor, 3),
    (_tamper_delete, 4),
    (_tamper_insert, 7),
    (_tamper_reorder, 4),
])
def test_every_tampering_is_detected(entries, tamper, bad_seq):
    without_guards()
    try:
        tamper()
        report = ledger_verify()
        assert not report.ok
        assert report.bad_seq == bad_seq, report
        with pytest.raises(CommandError, match=f"entry {bad_seq}"):
            call_command("ledger", "verify")
    finally:
        guards.apply(connection, install=True)


def test_rewritten_history_is_caught_by_a_noted_head(entries):
    """Dropping the last entry leaves a valid chain; a hash noted earlier exposes it."""
    noted = ledger_head().entry_hash
    without_guards()
    try:
        _tamper_delete_last()
        assert ledger_verify().ok
        call_command("ledger", "verify")
        with pytest.raises(CommandError, match="no longer in the chain"):
            call_command("ledger", "verify", "--head", noted)
    finally:
        guards.apply(connection, install=True)


def test_failed_service_leaves_no_entry(entries):
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger_append(actor="tester", action="test.fail", object_type="t", object_id="1")
        raise RuntimeError("the change failed")
    assert LedgerEntry.objects.count() == 6 and ledger_verify().ok
