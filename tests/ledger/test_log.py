"""The log: entries, the in-process sequencer, signed heads, and every database attack on the
log refused by its guards or caught by `xihu ledger verify` (SQLite and PostgreSQL)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.ledger.conftest import GuardsDropped, raw, write_entries
from xihu.apps.ledger import keys, selectors
from xihu.apps.ledger.models import LedgerEntry, LedgerLeaf, TreeHead
from xihu.apps.ledger.sequencer import integrate_pending
from xihu.engine import checkpoint, ed25519, merkle
from xihu.engine import ledger as log

pytestmark = pytest.mark.django_db(transaction=True)
ENTRY, LEAF, HEAD = "ledger_ledgerentry", "ledger_ledgerleaf", "ledger_treehead"


def test_entries_wait_then_the_sequencer_signs_a_head(db):
    write_entries(4)
    assert LedgerEntry.objects.count() == 4 and not LedgerLeaf.objects.exists()
    assert selectors.latest_head() is None
    head = integrate_pending()
    assert head.size == 4 and selectors.latest_head() == head
    leaves = list(LedgerLeaf.objects.select_related("entry").order_by("index"))
    assert [leaf.entry.object_id for leaf in leaves] == ["0", "1", "2", "3"]
    hashes = [bytes.fromhex(leaf.entry.entry_hash) for leaf in leaves]
    assert head.root_hash == merkle.mth(hashes).hex()
    body = checkpoint.open_note(head.note, keys.origin(), keys.public_key(), ed25519.ed25519_verify)
    assert checkpoint.parse_checkpoint(body)["size"] == 4
    assert integrate_pending() is None  # nothing waiting: no new head
    report = selectors.ledger_verify()
    assert report.ok and report.entries == 4 and report.heads_checked == 1


def test_proofs_from_the_database_verify(logged):
    head = selectors.latest_head()
    hashes = [bytes.fromhex(e.entry_hash) for e in selectors.ledger_entries_range(0, 6)]
    for size in (3, 6):
        root = bytes.fromhex(TreeHead.objects.get(size=size).root_hash)
        for index in range(size):
            assert merkle.verify_inclusion(index, size, hashes[index], selectors.inclusion_proof(index, size), root)
    first = bytes.fromhex(TreeHead.objects.get(size=3).root_hash)
    assert merkle.verify_consistency(3, 6, first, bytes.fromhex(head.root_hash),
                                     selectors.consistency_proof(3, 6))


def test_failed_service_leaves_no_entry(logged):
    with pytest.raises(RuntimeError), transaction.atomic():
        write_entries(1)
        raise RuntimeError("the change failed")
    assert integrate_pending() is None and LedgerEntry.objects.count() == 6


@pytest.mark.parametrize("table,sql", [
    (ENTRY, f"UPDATE {ENTRY} SET actor = 'mallory'"),
    (ENTRY, f"DELETE FROM {ENTRY}"),
    (LEAF, f"UPDATE {LEAF} SET hashes = ''"),
    (LEAF, f"DELETE FROM {LEAF}"),
    (HEAD, f"UPDATE {HEAD} SET root_hash = ''"),
    (HEAD, f"DELETE FROM {HEAD}"),
])
def test_database_refuses_update_and_delete(logged, table, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert selectors.ledger_verify().ok


def test_postgresql_refuses_truncate(logged):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has none")
    for table in (HEAD, LEAF, ENTRY):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(f"TRUNCATE {table} CASCADE")
    assert selectors.ledger_verify().entries == 6


def test_sqlite_refuses_insert_or_replace(logged):
    if connection.vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's (PostgreSQL's ON CONFLICT DO UPDATE fires the UPDATE guard)")
    entry = LedgerEntry.objects.order_by("pk").first()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(f"INSERT OR REPLACE INTO {ENTRY} (id, uid, entry_hash, recorded_at, actor, action, "
            "object_type, object_id, payload, payload_digest) VALUES (%s,'x',%s,'t','mallory','a','o','1','{}','d')",
            [entry.pk, "e" * 64])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(f"REPLACE INTO {HEAD} (id, size, root_hash, timestamp_ms, key_id, note) "
            "SELECT id, size, 'x', 0, 'k', 'n' FROM ledger_treehead WHERE size = 6")
    assert selectors.ledger_verify().ok


def test_postgresql_on_conflict_update_is_refused(logged):
    if connection.vendor != "postgresql":
        pytest.skip("ON CONFLICT is PostgreSQL's upsert")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"INSERT INTO {HEAD} (size, root_hash, timestamp_ms, key_id, note) VALUES (6, 'x', 0, 'k', 'n') "
            "ON CONFLICT (size) DO UPDATE SET root_hash = EXCLUDED.root_hash")


def _edit_payload():
    raw(f"UPDATE {ENTRY} SET payload = %s WHERE object_id = '2'", [json.dumps({"i": 99})])


def _null_payload():
    raw(f"UPDATE {ENTRY} SET payload = 'null' WHERE object_id = '2'")


def _edit_with_digest():
    digest = log.payload_digest({"i": 99})
    raw(f"UPDATE {ENTRY} SET payload = %s, payload_digest = %s WHERE object_id = '2'",
        [json.dumps({"i": 99}), digest])


def _rehash_entry():
    """Edit an entry and give it the entry hash of its new contents (a re-hashed entry)."""
    entry = LedgerEntry.objects.get(object_id="2")
    fields = {**entry.hashed_fields(), "actor": "mallory"}
    raw(f"UPDATE {ENTRY} SET actor = 'mallory', entry_hash = %s WHERE id = %s",
        [log.entry_hash(fields), entry.pk])


def _rehash_tail():
    """Rewrite the last entries and recompute every stored hash of the tree after them: the
    tree is consistent again, but no longer matches the signed head."""
    for entry in LedgerEntry.objects.filter(object_id__in=["4", "5"]):
        fields = {**entry.hashed_fields(), "payload": {"i": -1}}
        fields["payload_digest"] = log.payload_digest(fields["payload"])
        raw(f"UPDATE {ENTRY} SET payload = %s, payload_digest = %s, entry_hash = %s WHERE id = %s",
            [json.dumps(fields["payload"]), fields["payload_digest"], log.entry_hash(fields), entry.pk])
    _rebuild_stored_hashes()


def _rebuild_stored_hashes():
    frontier: list = []
    for leaf in LedgerLeaf.objects.select_related("entry").order_by("index"):
        completed = merkle.frontier_append(frontier, bytes.fromhex(leaf.entry.entry_hash))
        raw(f"UPDATE {LEAF} SET hashes = %s WHERE {connection.ops.quote_name('index')} = %s",
            ["".join(h.hex() for h in completed), leaf.index])


def _delete_entry():
    leaf = LedgerLeaf.objects.get(index=2)
    raw(f"DELETE FROM {LEAF} WHERE {connection.ops.quote_name('index')} = 2")
    raw(f"DELETE FROM {ENTRY} WHERE id = %s", [leaf.entry_id])


def _truncate_tail():
    """Remove the last head and its leaves: what is left is a consistent, signed, shorter log."""
    for leaf in LedgerLeaf.objects.filter(index__gte=3):
        raw(f"DELETE FROM {LEAF} WHERE {connection.ops.quote_name('index')} = %s", [leaf.index])
        raw(f"DELETE FROM {ENTRY} WHERE id = %s", [leaf.entry_id])
    raw(f"DELETE FROM {HEAD} WHERE size = 6")


def _forge_leaf():
    """A correctly hashed forged entry added by INSERT, with its leaf and stored hashes."""
    fields = {"uid": "f" * 32, "recorded_at": "2018-02-04T10:00:00+00:00", "actor": "mallory",
              "action": "results.select", "object_type": "x", "object_id": "1",
              "payload": {"forged": True}}
    fields["payload_digest"] = log.payload_digest(fields["payload"])
    raw(f"INSERT INTO {ENTRY} (uid, entry_hash, recorded_at, actor, action, object_type, object_id, "
        "payload, payload_digest) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        [fields["uid"], log.entry_hash(fields), fields["recorded_at"], fields["actor"], fields["action"],
         fields["object_type"], fields["object_id"], json.dumps(fields["payload"]), fields["payload_digest"]])
    forged = LedgerEntry.objects.get(uid="f" * 32)
    frontier = merkle.stored_frontier(6, selectors.read_nodes)
    completed = merkle.frontier_append(frontier, bytes.fromhex(forged.entry_hash))
    raw(f"INSERT INTO {LEAF} ({connection.ops.quote_name('index')}, entry_id, hashes) VALUES (6, %s, %s)",
        [forged.pk, "".join(h.hex() for h in completed)])


def _forge_head():
    """A head for a rewritten log, signed with a key that is not the log's."""
    _rehash_tail()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = Ed25519PrivateKey.generate()
    root = selectors.root_at(6)
    body = checkpoint.checkpoint_body(keys.origin(), 6, root, 1)
    note = checkpoint.signed_note(body, keys.origin(), keys.public_key(), other.sign(body.encode()))
    raw(f"UPDATE {HEAD} SET root_hash = %s, note = %s WHERE size = 6", [root.hex(), note])


@pytest.mark.parametrize("tamper,expected", [
    (_edit_payload, "payload does not match its digest"),
    (_null_payload, "no payload"),
    (_edit_with_digest, "entry hash does not match its contents"),
    (_rehash_entry, "the log was rewritten"),
    (_rehash_tail, "the log was rewritten"),
    (_delete_entry, "leaf 3 found where 2 was expected"),
    (_truncate_tail, None),
    (_forge_leaf, "leaves were added without the sequencer"),
    (_forge_head, "does not verify"),
])
def test_every_tampering_is_caught(logged, tamper, expected):
    noted = selectors.latest_head()
    with GuardsDropped():
        tamper()
    report = selectors.ledger_verify()
    if expected is None:
        # A clean cut of the tail leaves a shorter, consistent log: a head kept elsewhere (a
        # witness's, or one noted from the edition page) exposes it.
        assert report.ok and report.entries == 3
        with pytest.raises(CommandError, match="entries were removed"):
            call_command("ledger", "verify", "--head", f"{noted.size}:{noted.root_hash}")
        return
    assert not report.ok and expected in report.problem, report
    with pytest.raises(CommandError, match="ledger broken"):
        call_command("ledger", "verify")


def test_the_sequencer_refuses_to_sign_over_a_rewritten_log(logged):
    from xihu.apps.ledger.sequencer import LogBroken

    with GuardsDropped():
        _rehash_tail()
    write_entries(1, start=10)
    with pytest.raises(LogBroken, match="rewritten"):
        integrate_pending()
    assert LedgerLeaf.objects.count() == 6 and TreeHead.objects.count() == 2  # nothing signed


def test_a_pending_entry_changed_before_integration_is_left_out(db):
    write_entries(2)
    with GuardsDropped():
        raw(f"UPDATE {ENTRY} SET actor = 'mallory' WHERE object_id = '1'")
    head = integrate_pending()
    assert head.size == 1
    report = selectors.ledger_verify()
    assert not report.ok and "waits outside the tree" in report.problem


def test_noted_head_from_a_signed_checkpoint_file(logged, tmp_path):
    head = TreeHead.objects.get(size=3)
    path = tmp_path / "head.txt"
    path.write_text(head.note)
    call_command("ledger", "verify", "--head", str(path))
    path.write_text(head.note.replace("\n3\n", "\n4\n"))
    with pytest.raises(CommandError, match="does not verify"):
        call_command("ledger", "verify", "--head", str(path))
    with pytest.raises(CommandError, match="rewritten"):
        call_command("ledger", "verify", "--head", f"3:{'0' * 64}")
