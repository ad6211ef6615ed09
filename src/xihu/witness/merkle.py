"""RFC 9162 Merkle trees: leaf and node hashes, roots in one pass, inclusion and consistency
proofs (the engine's xihu/engine/merkle.py core, copied by scripts/sync_standalone.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

# --- begin shared verification core (copied verbatim from xihu/engine/merkle.py) ---

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 2.1.1: the hash of a leaf is SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 2.1.1: the hash of an interior node is SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def frontier_append(frontier: list, leaf: bytes) -> list:
    """Add one leaf hash to a frontier (the perfect subtrees covering the tree, largest first,
    as [level, hash] pairs); returns the hashes this leaf completes: the leaf itself, then one
    interior node per level it closes."""
    completed, level, current = [leaf], 0, leaf
    while frontier and frontier[-1][0] == level:
        current = node_hash(frontier.pop()[1], current)
        level += 1
        completed.append(current)
    frontier.append([level, current])
    return completed


def frontier_root(frontier: Sequence) -> bytes:
    """The root of the tree a frontier covers: its subtrees folded from the right."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1][1]
    for _level, subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


def root_of(leaf_hashes: Iterable[bytes]) -> bytes:
    """The root of the tree with these leaf hashes, in one pass and O(log n) memory."""
    frontier: list = []
    for leaf in leaf_hashes:
        frontier_append(frontier, leaf)
    return frontier_root(frontier)


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2: is `leaf` the leaf at `index` of the tree of `size` with `root`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       path: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2: is the tree of `first` leaves with `first_root` the beginning of the
    tree of `second` leaves with `second_root`? The empty tree begins every tree; a tree is
    consistent with itself by an empty proof."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:  # an exact power of two: its root is the first node
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root

# --- end shared verification core ---
