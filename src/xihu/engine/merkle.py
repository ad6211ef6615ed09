"""The Merkle tree of the public log (RFC 9162, section 2.1): pure functions, no Django.

Hashing: a leaf is SHA-256(0x00 || leaf data), an interior node SHA-256(0x01 || left || right),
the empty tree SHA-256(""). A tree of n > 1 leaves splits at k, the largest power of two below
n (RFC 9162 2.1.1), so every tree size has exactly one shape.

Three layers:

- the verification core (between the markers below) checks inclusion and consistency proofs
  (RFC 9162 2.1.3.2 and 2.1.4.2) and computes a root from leaf hashes. It is standard-library
  only and is copied verbatim into the standalone verifier and the witness (a test compares the
  copies with this file), so the platform, the verifier and the witness share one definition;
- the reference definitions (MTH, PATH, PROOF written as the RFC writes them) over a list of
  leaf hashes: the oracle the property tests compare everything else with;
- stored trees: the hash of every perfect subtree is stored once, with the leaf that completes
  it, and never changes (append-only), so a root or a proof for any tree size needs
  O(log n) stored hashes instead of the whole log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

# --- begin shared verification core (copied verbatim into the verifier and the witness) ---

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


def split_point(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1)."""
    if n < 2:
        raise ValueError("only a tree of two or more leaves splits")
    return 1 << ((n - 1).bit_length() - 1)


# --- the RFC's own definitions over a list of leaf hashes (the oracle) ------------------------

def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 2.1.1, written recursively as the RFC does."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 2.1.3.1: the inclusion proof of leaf m."""
    n = len(leaves)
    if not 0 <= m < n:
        raise ValueError(f"leaf {m} is not in a tree of {n}")
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 2.1.4.1: the consistency proof from size m to n."""
    n = len(leaves)
    if not 0 <= m <= n:
        raise ValueError(f"size {m} is not within a tree of {n}")
    if m in (0, n):
        return []

    def subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
        n = len(leaves)
        if m == n:
            return [] if whole else [mth(leaves)]
        k = split_point(n)
        if m <= k:
            return [*subproof(m, leaves[:k], whole), mth(leaves[k:])]
        return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]

    return subproof(m, leaves, True)


# --- stored trees: proofs from O(log n) stored subtree hashes ---------------------------------

Node = tuple[int, int]  # (level, k): the perfect subtree of leaves [k * 2**level, (k+1) * 2**level)


def completing_leaf(node: Node) -> int:
    """The index of the leaf whose arrival completes this subtree (it is stored with it)."""
    level, k = node
    return ((k + 1) << level) - 1


def range_nodes(lo: int, hi: int) -> list[Node]:
    """The perfect subtrees covering leaves [lo, hi), largest first. For the ranges of the RFC's
    tree shape (lo a multiple of a power of two at least hi - lo) the range's hash is these
    subtrees folded from the right."""
    nodes = []
    while lo < hi:
        level = (lo & -lo).bit_length() - 1 if lo else (hi - lo).bit_length() - 1
        while lo + (1 << level) > hi:
            level -= 1
        nodes.append((level, lo >> level))
        lo += 1 << level
    return nodes


def range_hash(lo: int, hi: int, nodes: Mapping[Node, bytes]) -> bytes:
    """MTH(D[lo:hi]) from the stored subtree hashes (see range_nodes)."""
    return frontier_root([(level, nodes[(level, k)]) for level, k in range_nodes(lo, hi)])


def inclusion_ranges(m: int, n: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes make up PATH(m, D[n]), in proof order."""
    if not 0 <= m < n:
        raise ValueError(f"leaf {m} is not in a tree of {n}")
    out: list[tuple[int, int]] = []
    lo, hi = 0, n
    while hi - lo > 1:
        k = split_point(hi - lo)
        if m - lo < k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
    return out[::-1]


def consistency_ranges(m: int, n: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes make up PROOF(m, D[n]), in proof order."""
    if not 0 <= m <= n:
        raise ValueError(f"size {m} is not within a tree of {n}")
    if m in (0, n):
        return []
    out: list[tuple[int, int]] = []
    lo, hi, whole = 0, n, True
    while True:
        if m == hi:
            if not whole:
                out.append((lo, hi))
            break
        k = split_point(hi - lo)
        if m - lo <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, whole = lo + k, False
    return out[::-1]


def nodes_for(ranges: Iterable[tuple[int, int]]) -> set[Node]:
    return {node for lo, hi in ranges for node in range_nodes(lo, hi)}


NodeReader = Callable[[set[Node]], Mapping[Node, bytes]]


def stored_root(n: int, read: NodeReader) -> bytes:
    return range_hash(0, n, read(set(range_nodes(0, n)))) if n else EMPTY_ROOT


def stored_inclusion_proof(m: int, n: int, read: NodeReader) -> list[bytes]:
    ranges = inclusion_ranges(m, n)
    nodes = read(nodes_for(ranges))
    return [range_hash(lo, hi, nodes) for lo, hi in ranges]


def stored_consistency_proof(m: int, n: int, read: NodeReader) -> list[bytes]:
    ranges = consistency_ranges(m, n)
    nodes = read(nodes_for(ranges))
    return [range_hash(lo, hi, nodes) for lo, hi in ranges]


def stored_frontier(n: int, read: NodeReader) -> list:
    """The frontier of the tree of n leaves, to go on appending from it."""
    wanted = range_nodes(0, n)
    nodes = read(set(wanted))
    return [[level, nodes[(level, k)]] for level, k in wanted]
