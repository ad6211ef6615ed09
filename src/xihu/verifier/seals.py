"""What a box seal commits to: the order-free digest of its ballots (the engine's
xihu/engine/seals.py core, copied by scripts/sync_standalone.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

# --- begin shared seal core (copied verbatim from xihu/engine/seals.py) ---

BALLOT_LEAF = "xihu-ballot/1"
PAPER_ENTRY_LEAF = "xihu-paper-entry/1"


def _json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def ballot_leaf(fingerprint: str, choices: Iterable[int], status: str, invalid_reason: str,
                source: str) -> bytes:
    return _json([BALLOT_LEAF, fingerprint, sorted(int(c) for c in choices), status,
                  invalid_reason or "", source])


def paper_entry_leaf(sheet_id: str, fingerprint: str, choices: Iterable[int], operator: str) -> bytes:
    return _json([PAPER_ENTRY_LEAF, sheet_id, fingerprint, sorted(int(c) for c in choices), operator])


def contents_digest(leaves: Iterable[bytes]) -> str:
    """The Merkle root (hex) of the leaves' hashes in sorted order; of nothing, SHA-256("")."""
    return hashes_digest(hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves)


def hashes_digest(leaf_hashes: Iterable[bytes]) -> str:
    """contents_digest from the leaves' hashes (SHA-256(0x00 || leaf)), in any order."""
    level = sorted(leaf_hashes)
    if not level:
        return hashlib.sha256(b"").hexdigest()
    frontier: list = []
    for leaf in level:
        height, current = 0, leaf
        while frontier and frontier[-1][0] == height:
            current = hashlib.sha256(b"\x01" + frontier.pop()[1] + current).digest()
            height += 1
        frontier.append([height, current])
    root = frontier[-1][1]
    for _height, subtree in reversed(frontier[:-1]):
        root = hashlib.sha256(b"\x01" + subtree + root).digest()
    return root.hex()

# --- end shared seal core ---
