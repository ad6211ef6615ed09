"""The ballot papers (papers.json), read once, paper by paper: each ballot's count, each box's
number of papers, and the digest of each box's papers for the log's commitments.

Memory: one count per ballot and box, 8 bytes per paper to find a repeated paper id, and 32
bytes per paper (the hash of its leaf) for the boxes' digests; never the papers themselves.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict

from .counting import Tally
from .seals import ballot_leaf


class PaperFacts:
    def __init__(self, ballots: list[dict], *, profiles: bool = False) -> None:
        self.tallies = {b["key"]: Tally(b, keep_profile=profiles) for b in ballots}
        self.fingerprint = {b["key"]: b["fingerprint"] for b in ballots}
        self.papers_of: Counter = Counter()  # ballot key -> papers (unknown keys included)
        self.by_box: Counter = Counter()
        self.leaves: dict[str, bytearray] = defaultdict(bytearray)
        self.electronic: dict[str, bytearray] = defaultdict(bytearray)
        self._ids = [array("Q") for _ in range(256)]

    def add(self, paper: dict) -> None:
        key, box = paper["ballot"], paper["box"]
        self.papers_of[key] += 1
        self.by_box[box] += 1
        tally = self.tallies.get(key)
        if tally is not None:
            tally.add(paper)
        digest = hashlib.blake2b(str(paper["id"]).encode(), digest_size=8).digest()
        self._ids[digest[0]].append(int.from_bytes(digest, "little"))
        leaf = ballot_leaf(self.fingerprint.get(key, ""), paper["choices"], paper["status"],
                           paper.get("invalid_reason", ""), paper.get("source", ""))
        leaf_hash = hashlib.sha256(b"\x00" + leaf).digest()
        self.leaves[box] += leaf_hash
        if paper.get("source") == "electronic":
            self.electronic[box] += leaf_hash

    def repeated_id(self) -> bool:
        """Whether a paper id appears twice (64-bit hashes of the ids, in 256 buckets)."""
        return any(len(set(bucket)) != len(bucket) for bucket in self._ids)

    @staticmethod
    def hashes(buffer: bytes) -> list[bytes]:
        return [bytes(buffer[i:i + 32]) for i in range(0, len(buffer), 32)]
