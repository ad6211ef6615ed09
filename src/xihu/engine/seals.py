"""What a box seal commits to: digests of the box's ballots and paper entries, independent of
the order they were cast or entered (pure functions, shared verbatim with the verifier).

Each ballot is a leaf: the canonical JSON of ["xihu-ballot/1", the frozen ballot's fingerprint,
the item numbers marked (sorted), status, why invalid, source]. The digest of a set of ballots
is the RFC 9162 Merkle root of their leaf hashes sorted: so it says nothing about cast order or
time, and it can later prove one ballot's inclusion. No voter, officer, receipt or time is in a
leaf. Paper entries (one operator's reading of one sheet) are leaves the same way.

Limit: the contents of a box holding one or two ballots can be guessed from its digest by
trying every way to mark them; a box's papers are public after the count anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from xihu.engine import merkle

# --- begin shared seal core (copied verbatim into the verifier) ---

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


# --- receipts: what a seal commits to about the receipts handed out, and their proofs ---

RECEIPT_LEAF = "xihu-receipt/1"


def receipt_leaf(receipt_hash: str) -> bytes:
    """A receipt's leaf: the hash of its code only (no ballot, no content, no time)."""
    return _json([RECEIPT_LEAF, receipt_hash])


def receipts_digest(receipt_hashes: Iterable[str]) -> str:
    """The order-free digest a seal records for the receipts handed out in its period."""
    return contents_digest(receipt_leaf(h) for h in receipt_hashes)


def receipt_proof(receipt_hashes: Iterable[str], receipt_hash: str) -> tuple[int, int, list[bytes]]:
    """(index, size, audit path) of one receipt in the tree under receipts_digest: the RFC 9162
    inclusion proof of its leaf among the period's leaves sorted by hash."""
    level = sorted(hashlib.sha256(b"\x00" + receipt_leaf(h)).digest() for h in receipt_hashes)
    mine = hashlib.sha256(b"\x00" + receipt_leaf(receipt_hash)).digest()
    index = level.index(mine)
    return index, len(level), merkle.path(index, level)


def verify_receipt(receipt_hash: str, index: int, size: int, path: list[bytes], digest: str) -> bool:
    """Is this receipt's leaf at `index` of the `size` receipts whose digest a seal committed to?"""
    leaf = hashlib.sha256(b"\x00" + receipt_leaf(receipt_hash)).digest()
    try:
        return merkle.verify_inclusion(index, size, leaf, path, bytes.fromhex(digest))
    except ValueError:
        return False
