"""Hash chain of the public ledger: pure functions shared by the platform and the verifier.

Each entry's hash covers its sequence number, the previous entry's hash, its time, actor,
action, object and the digest of its payload, so editing, deleting, inserting or reordering
any entry breaks the chain at that entry or the next.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_json(value: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_digest(payload: object) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One ledger entry as stored (payload may be None where only its digest is published)."""

    seq: int
    prev_hash: str
    recorded_at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    payload_digest: str
    entry_hash: str
    payload: object = None


def entry_hash(
    *,
    seq: int,
    prev_hash: str,
    recorded_at: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload_digest: str,
) -> str:
    fields = [seq, prev_hash, recorded_at, actor, action, object_type, object_id, payload_digest]
    return hashlib.sha256(canonical_json(fields)).hexdigest()


# The fields an entry's hash covers, in the order entry_hash() lists them.
HASHED_FIELDS = ("seq", "prev_hash", "recorded_at", "actor", "action", "object_type",
                 "object_id", "payload_digest")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_hash: str
    bad_seq: int | None = None
    problem: str = ""


def verify_chain(entries: Iterable[Entry]) -> ChainReport:
    """Walk entries in stored order; report the first one that breaks the chain."""
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(False, count, prev, entry.seq, f"sequence {entry.seq} found where {expected_seq} was expected")
        if entry.prev_hash != prev:
            return ChainReport(False, count, prev, entry.seq, "previous-hash link does not match the entry before it")
        if entry.payload is not None and payload_digest(entry.payload) != entry.payload_digest:
            return ChainReport(False, count, prev, entry.seq, "payload does not match its digest")
        recomputed = entry_hash(**{name: getattr(entry, name) for name in HASHED_FIELDS})
        if recomputed != entry.entry_hash:
            return ChainReport(False, count, prev, entry.seq, "entry hash does not match its contents")
        prev, expected_seq = entry.entry_hash, expected_seq + 1
    return ChainReport(True, count, prev)
