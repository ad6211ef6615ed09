"""Writing to the log. Every service that changes something calls ledger_append in its own
transaction, so the change and its entry commit or fail together. No lock is taken: the entry
is inserted unsequenced, and the sequencer (sequencer.py) gives it its place in the tree and
signs a new tree head within about a second."""

import hashlib
import uuid
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Model

from xihu.apps.ledger import hooks
from xihu.apps.ledger.models import LedgerEntry
from xihu.engine import ledger as log

# One INSERT written out once, not built by the ORM per call: the append is on every write's
# path, and costs about what a plain INSERT does. PostgreSQL also records the writing
# transaction's id (the sequencer's watermark, sequencer.py).
_COLUMNS = "uid, recorded_at, actor, action, object_type, object_id, payload_digest, entry_hash, payload"
_INSERT = {
    "postgresql": f"INSERT INTO ledger_ledgerentry ({_COLUMNS}, txid) VALUES "  # noqa: S608  # nosec B608 - constants
                  "(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, pg_current_xact_id()::text::bigint) RETURNING id",
    "sqlite": f"INSERT INTO ledger_ledgerentry ({_COLUMNS}) VALUES "  # noqa: S608  # nosec B608 - constants
              "(%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
}


def actor_label(actor) -> str:
    """The name written in the ledger for a user (or a system process given as a string)."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def ledger_append(*, actor, action: str, obj: Model | None = None, payload: dict | None = None,
                  object_type: str = "", object_id: str = "") -> LedgerEntry:
    """Record one entry. `obj` names the object changed (or give type and id). One INSERT, in
    the caller's transaction; the entry is returned as stored (with its id)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    payload = {} if payload is None else payload
    stored = log.canonical_json(payload)
    fields = {
        "uid": uuid.uuid4().hex,
        "recorded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor_label(actor),
        "action": action,
        "object_type": str(object_type),
        "object_id": str(object_id),
        "payload_digest": hashlib.sha256(stored).hexdigest(),  # = log.payload_digest(payload)
    }
    entry_hash = log.entry_hash(fields)
    values = [*fields.values(), entry_hash, stored.decode()]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT[connection.vendor], values)
        pk = cursor.fetchone()[0]
    entry = LedgerEntry(id=pk, **fields, payload=payload, entry_hash=entry_hash)
    entry._state.adding, entry._state.db = False, connection.alias
    if action in hooks.LISTENERS:
        hooks.appended(entry)
    return entry
