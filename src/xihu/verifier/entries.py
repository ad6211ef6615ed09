"""One log entry: its canonical JSON, payload digest and leaf hash (the engine's
xihu/engine/ledger.py core, copied by scripts/sync_standalone.py)."""

from __future__ import annotations

import hashlib
import json

# --- begin shared entry core (copied verbatim from xihu/engine/ledger.py) ---

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
