"""Reading the ledger: the head, pages of entries, lookup by hash, and full verification."""

from collections.abc import Iterator
from dataclasses import fields

from xihu.apps.ledger.models import LedgerEntry
from xihu.engine import ledger as chain


def ledger_head() -> LedgerEntry | None:
    return LedgerEntry.objects.order_by("-seq").first()


def ledger_recent(limit: int = 50):
    return LedgerEntry.objects.order_by("-seq")[:limit]


def ledger_entry_by_hash(entry_hash: str) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(entry_hash=entry_hash.strip().lower()).first()


def ledger_entries_for(obj) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    )


def as_chain_entry(row: LedgerEntry) -> chain.Entry:
    return chain.Entry(**{field.name: getattr(row, field.name) for field in fields(chain.Entry)})


def _stored_entries() -> Iterator[chain.Entry]:
    # Stored order is the primary key (insertion order), not seq: reordering rows is caught.
    for row in LedgerEntry.objects.order_by("pk").iterator(chunk_size=2000):
        yield as_chain_entry(row)


def ledger_verify() -> chain.ChainReport:
    return chain.verify_chain(_stored_entries())


def ledger_entry_by_seq(seq: int) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(seq=seq).first()


def ledger_entries_after(after: int, limit: int) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(seq__gt=after).order_by("seq")[:limit])
