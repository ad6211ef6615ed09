"""Entries of the public log and the check of the whole log: pure functions shared by the
platform and the verifier (the core between the markers is copied into the verifier).

An entry's leaf data is the canonical JSON of ["xihu-ledger-entry/1", uid, recorded_at, actor,
action, object_type, object_id, payload_digest]; its hash (the entry hash) is the RFC 9162 leaf
hash of that data, and the log is the Merkle tree of those leaves in the order the sequencer
integrated them (xihu.engine.merkle). The payload is covered through its digest, so editing,
deleting, inserting or reordering any entry changes the root of every later tree head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from xihu.engine import merkle

# --- begin shared entry core (copied verbatim into the verifier) ---

LEAF_FORMAT = "xihu-ledger-entry/1"
ENTRY_FIELDS = ("uid", "recorded_at", "actor", "action", "object_type", "object_id",
                "payload_digest")


def canonical_json(value: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_digest(payload: object) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def leaf_data(fields: dict) -> bytes:
    """The bytes an entry's leaf hash covers (fields: at least ENTRY_FIELDS)."""
    return canonical_json([LEAF_FORMAT, *[fields[name] for name in ENTRY_FIELDS]])


def entry_problem(fields: dict, entry_hash: str) -> str:
    """Why an entry (its fields, its payload, its stated hash) is not what it claims, or ""."""
    payload = fields.get("payload")
    if payload is None:
        return "the entry has no payload (an entry's payload is never null)"
    if payload_digest(payload) != fields["payload_digest"]:
        return "payload does not match its digest"
    if hashlib.sha256(b"\x00" + leaf_data(fields)).hexdigest() != entry_hash:
        return "entry hash does not match its contents"
    return ""

# --- end shared entry core ---


def entry_hash(fields: dict) -> str:
    return merkle.leaf_hash(leaf_data(fields)).hex()


@dataclass(frozen=True)
class Entry:
    """One integrated entry: its leaf index, its fields, its stated hash, its payload."""

    index: int
    uid: str
    recorded_at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    payload_digest: str
    entry_hash: str
    payload: object = None

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in (*ENTRY_FIELDS, "payload")}


@dataclass(frozen=True)
class LogReport:
    ok: bool
    entries: int
    root: str
    heads_checked: int = 0
    bad_index: int | None = None
    problem: str = ""


def verify_log(entries: Iterable[Entry], heads: Iterable[tuple[int, str]]) -> LogReport:
    """Walk the entries in leaf order: each must be the next index and hold what its hash
    says; at each signed head's size (heads: (size, root hex), in increasing size) the tree
    built so far must have that head's root; no head may be larger than the log."""
    pending = sorted(heads)
    frontier: list = []
    count, checked = 0, 0

    def check_heads() -> LogReport | None:
        nonlocal checked
        root = merkle.frontier_root(frontier).hex()
        while pending and pending[0][0] == count:
            size, stated = pending.pop(0)
            if stated != root:
                return LogReport(False, count, root, checked, max(size - 1, 0),
                                 f"the signed head of size {size} has root {stated}, "
                                 f"the entries give {root}: the log was rewritten")
            checked += 1
        return None

    if (failure := check_heads()) is not None:
        return failure
    for entry in entries:
        if entry.index != count:
            return LogReport(False, count, merkle.frontier_root(frontier).hex(), checked,
                             entry.index, f"leaf {entry.index} found where {count} was expected")
        problem = entry_problem(entry.fields(), entry.entry_hash)
        if problem:
            return LogReport(False, count, merkle.frontier_root(frontier).hex(), checked,
                             entry.index, problem)
        merkle.frontier_append(frontier, bytes.fromhex(entry.entry_hash))
        count += 1
        if (failure := check_heads()) is not None:
            return failure
    root = merkle.frontier_root(frontier).hex()
    if pending:
        size = pending[0][0]
        return LogReport(False, count, root, checked, count,
                         f"a signed head covers {size} entries, the log holds only {count}: "
                         "entries were removed")
    return LogReport(True, count, root, checked)
