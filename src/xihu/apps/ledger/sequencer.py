"""The sequencer: the one writer of the log's order (as in Trillian and Rekor).

Services insert entries in their own transactions and take no lock. The sequencer, in one
transaction of its own, takes the entries not yet in the tree (oldest first), gives each the
next leaf index, stores the subtree hashes each leaf completes, and signs a new tree head. A
crash before the commit leaves the entries waiting, so the next run integrates them: nothing is
lost, and the unique leaf index and entry keep anything from being integrated twice.

With several processes on one PostgreSQL (each web server may run one), a transaction-level
advisory lock held by the sequencer alone lets one integrate at a time; the others skip that
round. On SQLite a write transaction already excludes every other writer.

Finding new entries without scanning the log (PostgreSQL): each entry carries its writer's
transaction id. Before reading, the sequencer notes the oldest transaction still running
(pg_snapshot_xmin); every entry from an older transaction is visible by then, so once a round
has integrated everything it saw, later rounds look only at entries from that transaction on.
On SQLite, writes are serial, so entries commit in id order: later rounds look past the last
integrated entry.
"""

import logging
import threading
import time

from django.db import DatabaseError, close_old_connections, connection, transaction

from xihu.apps.ledger import keys
from xihu.apps.ledger.models import LedgerEntry, LedgerLeaf, TreeHead
from xihu.apps.ledger.selectors import MissingNode, read_nodes
from xihu.engine import checkpoint, merkle
from xihu.engine import ledger as log

logger = logging.getLogger(__name__)
LOCK_KEY = 0x58494853  # "XIHS": held by the integrating sequencer only
BATCH = 2000
INTERVAL = 0.5  # seconds between rounds: an entry is in a signed head within about a second


class LogBroken(RuntimeError):
    """The stored tree contradicts its latest signed head: the sequencer will not sign over it."""


class _Watermark(threading.local):
    txid = 0


_watermark = _Watermark()


def _lock(wait: bool) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _pending(last_entry_id: int | None, limit: int) -> tuple[list[LedgerEntry], int | None]:
    """(entries waiting, oldest running transaction id on PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            xmin = cursor.fetchone()[0]
        rows = LedgerEntry.objects.raw(
            "SELECT e.* FROM ledger_ledgerentry e WHERE (e.txid >= %s OR e.txid IS NULL) "
            "AND NOT EXISTS (SELECT 1 FROM ledger_ledgerleaf l WHERE l.entry_id = e.id) "
            "ORDER BY e.id LIMIT %s", [_watermark.txid, limit])
        return list(rows), xmin
    rows = LedgerEntry.objects.filter(leaf__isnull=True)
    if last_entry_id is not None:
        rows = rows.filter(pk__gt=last_entry_id)
    return list(rows.order_by("pk")[:limit]), None


def _check_head(latest: TreeHead | None, size: int) -> None:
    signed = latest.size if latest else 0
    if signed != size:
        raise LogBroken(f"the tree holds {size} leaves but the latest signed head covers {signed}: "
                        "leaves or heads were changed outside the sequencer; run `xihu ledger verify`")
    if latest is not None:
        try:
            root = merkle.stored_root(size, read_nodes).hex()
        except MissingNode as missing:
            raise LogBroken(str(missing)) from None
        if root != latest.root_hash:
            raise LogBroken(f"the stored tree of size {size} has root {root}, the signed head "
                            f"{latest.root_hash}: the log was rewritten; run `xihu ledger verify`")


def sign_head(size: int, root: bytes, after: TreeHead | None) -> TreeHead:
    now = int(time.time() * 1000)
    stamp = max(now, after.timestamp_ms + 1) if after else now
    name, public = keys.origin(), keys.public_key()
    body = checkpoint.checkpoint_body(name, size, root, stamp)
    note = checkpoint.signed_note(body, name, public, keys.sign(body.encode()))
    return TreeHead.objects.create(size=size, root_hash=root.hex(), timestamp_ms=stamp,
                                   key_id=checkpoint.key_hash(name, public).hex(), note=note)


def integrate(*, wait: bool = False, limit: int = BATCH) -> TreeHead | None:
    """One round: the new head, or None when nothing was waiting (or another sequencer holds
    the lock and `wait` is False)."""
    with transaction.atomic():
        if not _lock(wait):
            return None
        latest = TreeHead.objects.order_by("-size").first()
        last = LedgerLeaf.objects.order_by("-index").values_list("index", "entry_id").first()
        size = last[0] + 1 if last else 0
        _check_head(latest, size)
        rows, xmin = _pending(last[1] if last else None, limit)
        good = []
        for entry in rows:
            problem = log.entry_problem(entry.hashed_fields(), entry.entry_hash)
            if problem:
                logger.error("ledger entry %s (id %s) left out of the log: %s", entry.uid, entry.pk, problem)
            else:
                good.append(entry)
        head = None
        if good:
            frontier = merkle.stored_frontier(size, read_nodes)
            leaves = []
            for offset, entry in enumerate(good):
                completed = merkle.frontier_append(frontier, bytes.fromhex(entry.entry_hash))
                leaves.append(LedgerLeaf(index=size + offset, entry_id=entry.pk,
                                         hashes="".join(h.hex() for h in completed)))
            LedgerLeaf.objects.bulk_create(leaves, batch_size=1000)
            head = sign_head(size + len(good), merkle.frontier_root(frontier), latest)
    if xmin is not None and len(rows) < limit:
        _watermark.txid = max(_watermark.txid, xmin)
    return head


def integrate_pending(*, wait: bool = True) -> TreeHead | None:
    """Integrate everything waiting now (the in-process sequencer of tests, the demo and the
    export); the last new head, if any."""
    last = None
    while (head := integrate(wait=wait)) is not None:
        last = head
    return last


def run(*, interval: float = INTERVAL, stop: threading.Event | None = None,
        rounds: int | None = None) -> None:
    """Integrate every `interval` seconds until `stop` is set. A broken log stops it (raises):
    it must not sign over rewritten history. Database errors are logged and retried."""
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        close_old_connections()
        try:
            integrate_pending(wait=False)
        except LogBroken:
            logger.critical("the public log is broken; the sequencer stops", exc_info=True)
            raise
        except DatabaseError:
            logger.exception("the sequencer could not integrate; retrying")
            connection.close()
        done += 1
        if rounds is not None and done >= rounds:
            break
        stop.wait(interval)


def start_thread(*, interval: float = INTERVAL) -> tuple[threading.Thread, threading.Event]:
    """The sequencer in a daemon thread of this process (`xihu serve`)."""
    stop = threading.Event()

    def target():
        try:
            run(interval=interval, stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=target, name="xihu-ledger-sequencer", daemon=True)
    thread.start()
    return thread, stop
