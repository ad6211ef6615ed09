"""Writing to the ledger. Every service that changes something calls ledger_append in its
own transaction, so the change and its record commit or fail together."""

from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import Model

from xihu.apps.ledger.models import LedgerEntry
from xihu.engine import ledger as chain

_PG_LOCK_KEY = 0x58494855  # "XIHU": serialises appends on PostgreSQL


def actor_label(actor) -> str:
    """The name written in the ledger for a user (or a system process given as a string)."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def _lock_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions start IMMEDIATE (settings), so the write lock is already held.


@transaction.atomic
def ledger_append(*, actor, action: str, obj: Model | None = None, payload: dict | None = None,
                  object_type: str = "", object_id: str = "") -> LedgerEntry:
    """Append one entry to the chain. `obj` names the object changed (or give type and id)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    payload = payload or {}
    _lock_head()
    last = LedgerEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.entry_hash if last else chain.GENESIS_HASH
    fields = {
        "seq": seq,
        "prev_hash": prev_hash,
        "recorded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor_label(actor),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "payload_digest": chain.payload_digest(payload),
    }
    return LedgerEntry.objects.create(
        **fields, payload=payload, entry_hash=chain.entry_hash(**fields)
    )
