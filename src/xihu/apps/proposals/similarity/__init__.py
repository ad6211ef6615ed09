"""Likely duplicates among a unit's projects (PROCESS.md 3.3: merge modes a and b).

A pair is suggested when the two requests ask for the same thing, wherever they are: the cosine
of their TF-IDF vectors over the needs they name (lexicon.tsv: 路灯 = 楼道灯 = 照明 ...) and
their other words (rjieba), with the places taken out, reaches THRESHOLD. The place then ranks
the pairs and says which merge fits: the same place (or map points within NEAR_METRES) is a
mode (b) merge, different places a mode (a) one. Measured on the hand-labelled pairs in
tests/data/proposal_pairs.csv (docs/proposals.md). Pure Python plus rjieba; an inverted index
keeps 450 projects interactive."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from xihu.apps.proposals.similarity.text import Place, Reading, read, same_place

THRESHOLD = 0.35
CONCEPT_WEIGHT = 3.0  # a need named (路灯, 厕所) weighs more than any other word
GRAM_WEIGHT = 0.3  # characters and character pairs of the words: synonyms the lexicon lacks
TEXT_WEIGHT, PLACE_WEIGHT = 0.8, 0.2  # for ranking only: same-place pairs first
NEAR_METRES = 150.0


@dataclass(frozen=True)
class Item:
    key: int
    text: str
    place: str = ""
    point: tuple[float, float] | None = None


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float  # ranking: TEXT_WEIGHT * text + PLACE_WEIGHT * place
    text: float  # what is asked, places taken out: the pair is suggested when >= threshold
    place: float  # 1 same place, 0 different places, 0.5 unknown

    @property
    def mode(self) -> str:
        """The merge mode that fits: b (same place), a (different places), "" (unknown)."""
        return {1.0: "b", 0.0: "a"}.get(self.place, "")


def features(reading: Reading) -> Counter:
    """Needs (@light), words, and the characters (1) and character pairs (2) of every word kept
    (告示栏 and 公告栏 share 告 and 栏; 窨井盖 and 井盖 share 井盖)."""
    terms: Counter = Counter()
    terms.update("@" + c for c in reading.concepts)
    terms.update(reading.words)
    for word in reading.words + reading.said:
        terms.update("1" + c for c in word if c >= "\u4e00")
        terms.update("2" + word[i:i + 2] for i in range(len(word) - 1))
    return terms


def _weight(term: str) -> float:
    return CONCEPT_WEIGHT if term[0] == "@" else GRAM_WEIGHT if term[0] in "12" else 1.0


def _vectors(docs: list[Counter]) -> list[dict[str, float]]:
    n = len(docs)
    df: Counter = Counter()
    for doc in docs:
        df.update(doc.keys())
    vectors = []
    for doc in docs:
        vec = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) * _weight(t) for t, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({t: w / norm for t, w in vec.items()})
    return vectors


def _cosines(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings[t].append((i, w))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for entries in postings.values():
        for x in range(len(entries)):
            i, wi = entries[x]
            for j, wj in entries[x + 1:]:
                scores[(i, j)] += wi * wj
    return scores


def _metres(p: tuple[float, float], q: tuple[float, float]) -> float:
    lat = math.radians((p[0] + q[0]) / 2)
    dy = (p[0] - q[0]) * 111_320
    dx = (p[1] - q[1]) * 111_320 * math.cos(lat)
    return math.hypot(dx, dy)


def _place(a: Item, b: Item, pa: Place, pb: Place) -> float:
    if a.point and b.point:
        return 1.0 if _metres(a.point, b.point) <= NEAR_METRES else 0.0
    return same_place(pa, pb)


def likely_duplicates(items: list[Item], *, limit: int | None = 30,
                      threshold: float = THRESHOLD) -> list[Pair]:
    """Pairs asking the same thing, same-place pairs and closer texts first."""
    if len(items) < 2:
        return []
    readings = [read(item.text, item.place) for item in items]
    vectors = _vectors([features(r) for r in readings])
    pairs = []
    for (i, j), text in _cosines(vectors).items():
        if text < threshold:
            continue
        a, b = items[i], items[j]
        place = _place(a, b, readings[i].place, readings[j].place)
        score = TEXT_WEIGHT * min(text, 1.0) + PLACE_WEIGHT * place
        pairs.append(Pair(a.key, b.key, round(score, 3), round(min(text, 1.0), 3), place))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs if limit is None else pairs[:limit]
