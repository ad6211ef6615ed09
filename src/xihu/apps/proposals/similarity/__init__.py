"""Likely duplicates among a unit's projects: character-bigram TF-IDF cosine for Chinese text
(no word segmentation, no model download) plus location closeness (text bigrams, or distance
between map points when both have one). Pure Python: an inverted index makes 450 projects take
a few milliseconds."""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

_KEEP = re.compile(r"[\w\u4e00-\u9fff]+")
TEXT_WEIGHT, PLACE_WEIGHT = 0.7, 0.3
MIN_TEXT = 0.2  # the same place alone does not make a duplicate
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
    score: float
    text: float
    place: float


def bigrams(text: str) -> Counter:
    grams: Counter = Counter()
    for run in _KEEP.findall(text.lower()):
        if len(run) == 1:
            grams[run] += 1
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


def _tfidf(docs: list[Counter], max_share: float) -> list[dict[str, float]]:
    n = len(docs)
    df: Counter = Counter()
    for doc in docs:
        df.update(doc.keys())
    limit = max(2, int(n * max_share))
    vectors = []
    for doc in docs:
        vec = {g: (1 + math.log(c)) * math.log(1 + n / df[g]) for g, c in doc.items() if df[g] <= limit}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({g: w / norm for g, w in vec.items()})
    return vectors


def _cosines(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for g, w in vec.items():
            postings[g].append((i, w))
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


def _jaccard(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def likely_duplicates(items: list[Item], *, limit: int = 30, threshold: float = 0.35,
                      max_share: float = 0.3) -> list[Pair]:
    """The most similar pairs, best first; only pairs sharing some rare text bigram count."""
    if len(items) < 2:
        return []
    places = [bigrams(item.place) for item in items]
    # what is asked, apart from where: a place's characters in the text do not count twice
    texts = [Counter({g: c for g, c in bigrams(item.text).items() if g not in place})
             for item, place in zip(items, places, strict=True)]
    vectors = _tfidf(texts, max_share)
    pairs = []
    for (i, j), text in _cosines(vectors).items():
        if text < MIN_TEXT:
            continue
        a, b = items[i], items[j]
        if a.point and b.point:
            place = max(0.0, 1 - _metres(a.point, b.point) / NEAR_METRES)
        else:
            place = _jaccard(places[i], places[j])
        score = TEXT_WEIGHT * text + PLACE_WEIGHT * place
        if score >= threshold:
            pairs.append(Pair(a.key, b.key, round(score, 3), round(text, 3), round(place, 3)))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs[:limit]
