"""Writing to the log. Every service that changes something calls ledger_append in its own
transaction, so the change and its entry commit or fail together. No lock is taken: the entry
is inserted unsequenced, and the sequencer (sequencer.py) gives it its place in the tree and
signs a new tree head within about a second."""

import uuid
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL

from xihu.apps.ledger.models import LedgerEntry
from xihu.engine import ledger as log

_PG_TXID = "pg_current_xact_id()::text::bigint"


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
    the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    payload = {} if payload is None else payload
    fields = {
        "uid": uuid.uuid4().hex,
        "recorded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor_label(actor),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "payload_digest": log.payload_digest(payload),
    }
    entry = LedgerEntry(**fields, payload=payload, entry_hash=log.entry_hash(fields))
    if connection.vendor == "postgresql":
        entry.txid = RawSQL(_PG_TXID, [])  # noqa: S611 - a constant, no input
    entry.save(force_insert=True)
    entry.txid = None
    return entry
