"""The log's Merkle tree against RFC 9162: known answers from the Certificate Transparency
reference vectors, and properties over every size and index (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.engine import merkle

# RFC 6962/9162 reference leaves and roots (transparency-dev/merkle testonly/constants.go).
LEAVES = [bytes.fromhex(h) for h in
          ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
           "606162636465666768696a6b6c6d6e6f"]]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, path) and (first, second, proof) from the same reference.
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]


def hexes(hashes):
    return [h.hex() for h in hashes]


def stored(leaves):
    """A stored tree as the sequencer keeps it: the hashes each leaf completes."""
    nodes, frontier = {}, []
    for index, leaf in enumerate(leaves):
        for level, h in enumerate(merkle.frontier_append(frontier, leaf)):
            nodes[(level, index >> level)] = h
    return nodes, lambda wanted: {n: nodes[n] for n in wanted}


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_reference_roots(size):
    leaves = HASHES[:size]
    assert merkle.mth(leaves).hex() == ROOTS[size]
    assert merkle.root_of(leaves).hex() == ROOTS[size]
    assert merkle.stored_root(size, stored(leaves)[1]).hex() == ROOTS[size]


@pytest.mark.parametrize("index,size,expected", INCLUSION)
def test_reference_inclusion_proofs(index, size, expected):
    leaves = HASHES[:size]
    assert hexes(merkle.path(index, leaves)) == expected
    assert hexes(merkle.stored_inclusion_proof(index, size, stored(leaves)[1])) == expected
    assert merkle.verify_inclusion(index, size, HASHES[index], [bytes.fromhex(h) for h in expected],
                                   bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize("first,second,expected", CONSISTENCY)
def test_reference_consistency_proofs(first, second, expected):
    leaves = HASHES[:second]
    assert hexes(merkle.proof(first, leaves)) == expected
    assert hexes(merkle.stored_consistency_proof(first, second, stored(leaves)[1])) == expected
    assert merkle.verify_consistency(first, second, bytes.fromhex(ROOTS[first]),
                                     bytes.fromhex(ROOTS[second]), [bytes.fromhex(h) for h in expected])


def test_trivial_consistency_cases():
    empty, a, b = merkle.EMPTY_ROOT, HASHES[0], HASHES[1]
    assert merkle.verify_consistency(0, 0, empty, empty, [])
    assert merkle.verify_consistency(0, 5, empty, b, [])      # the empty tree begins every tree
    assert merkle.verify_consistency(3, 3, a, a, [])
    assert not merkle.verify_consistency(3, 3, a, b, [])      # same size, two roots: a fork
    assert not merkle.verify_consistency(3, 3, a, a, [a])     # a proof where none is due
    assert not merkle.verify_consistency(4, 3, a, b, [a])     # time travel
    assert not merkle.verify_consistency(1, 2, a, b, [])      # a missing proof


def leaf_lists(max_size=70):
    return st.lists(st.binary(max_size=8), min_size=1, max_size=max_size).map(
        lambda data: [merkle.leaf_hash(d + i.to_bytes(2, "big")) for i, d in enumerate(data)])


@settings(max_examples=150, deadline=None)
@given(leaf_lists(), st.data())
def test_every_inclusion_proof_verifies_and_tampering_fails(leaves, data):
    n = len(leaves)
    root = merkle.mth(leaves)
    _nodes, read = stored(leaves)
    assert merkle.root_of(leaves) == root == merkle.stored_root(n, read)
    m = data.draw(st.integers(0, n - 1))
    path = merkle.path(m, leaves)
    assert merkle.stored_inclusion_proof(m, n, read) == path
    assert merkle.verify_inclusion(m, n, leaves[m], path, root)
    other = data.draw(st.integers(0, n - 1))
    if leaves[other] != leaves[m]:
        assert not merkle.verify_inclusion(m, n, leaves[other], path, root)
    for wrong_index in {m - 1, m + 1, m ^ 2} - {m}:
        assert not merkle.verify_inclusion(wrong_index, n, leaves[m], path, root)
    assert not merkle.verify_inclusion(m, n * 2, leaves[m], path, root)
    assert not merkle.verify_inclusion(m, n, leaves[m], [*path, root], root)
    if path:
        assert not merkle.verify_inclusion(m, n, leaves[m], path[:-1], root)
        k = data.draw(st.integers(0, len(path) - 1))
        flipped = bytes([path[k][0] ^ 1]) + path[k][1:]
        assert not merkle.verify_inclusion(m, n, leaves[m], [*path[:k], flipped, *path[k + 1:]], root)


@settings(max_examples=150, deadline=None)
@given(leaf_lists(), st.data())
def test_every_consistency_proof_verifies_and_tampering_fails(leaves, data):
    n = len(leaves)
    m = data.draw(st.integers(0, n))
    first, second = merkle.mth(leaves[:m]), merkle.mth(leaves)
    proof = merkle.proof(m, leaves)
    assert merkle.stored_consistency_proof(m, n, stored(leaves)[1]) == proof
    assert merkle.verify_consistency(m, n, first, second, proof)
    if 0 < m < n:
        assert not merkle.verify_consistency(m, n, second, first, proof)
        assert not merkle.verify_consistency(m, n, first, first, proof)
        assert not merkle.verify_consistency(m, n, first, second, [])
        assert not merkle.verify_consistency(m, n, first, second, [*proof, second])
        assert not merkle.verify_consistency(m, n, first, second, proof[:-1])
        k = data.draw(st.integers(0, len(proof) - 1))
        flipped = bytes([proof[k][0] ^ 1]) + proof[k][1:]
        assert not merkle.verify_consistency(m, n, first, second, [*proof[:k], flipped, *proof[k + 1:]])
        for wrong in {m - 1, m + 1} - {0, n}:
            assert not merkle.verify_consistency(wrong, n, first, second, proof)
        # a rewritten old leaf: the old root no longer matches the new tree
        j = data.draw(st.integers(0, m - 1))
        rewritten = [*leaves[:j], merkle.leaf_hash(b"forged"), *leaves[j + 1:]]
        assert not merkle.verify_consistency(m, n, first, merkle.mth(rewritten),
                                             merkle.proof(m, rewritten))


def test_sizes_and_indices_exhaustively_up_to_40():
    leaves = [merkle.leaf_hash(bytes([i])) for i in range(40)]
    nodes, read = stored(leaves)
    for n in range(1, 41):
        root = merkle.stored_root(n, read)
        assert root == merkle.mth(leaves[:n])
        for m in range(n):
            assert merkle.verify_inclusion(m, n, leaves[m], merkle.stored_inclusion_proof(m, n, read), root)
        for m in range(n + 1):
            assert merkle.verify_consistency(m, n, merkle.mth(leaves[:m]), root,
                                             merkle.stored_consistency_proof(m, n, read))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(1, 9), max_size=6), st.sampled_from(["valid", "blank", "invalid"])),
                max_size=40), st.randoms())
def test_box_digest_is_the_merkle_root_of_sorted_leaves_and_ignores_order(ballots, rng):
    from xihu.engine import seals

    leaves = [seals.ballot_leaf("fp", c, s, "", "electronic") for c, s in ballots]
    digest = seals.contents_digest(leaves)
    shuffled = list(leaves)
    rng.shuffle(shuffled)
    assert seals.contents_digest(shuffled) == digest
    assert digest == merkle.mth(sorted(merkle.leaf_hash(leaf) for leaf in leaves)).hex()
    if leaves:
        changed = [seals.ballot_leaf("fp", [*ballots[0][0], 99], ballots[0][1], "", "electronic"), *leaves[1:]]
        assert seals.contents_digest(changed) != digest
        assert seals.contents_digest(leaves[1:]) != digest
