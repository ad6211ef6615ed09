"""What a proposal asks and where: a resident's Chinese text reduced to the needs it names (the
field's vocabulary in lexicon.tsv: 路灯 = 楼道灯 = 照明, 公厕 = 厕所 = 卫生间 ...), its other
words (segmented by rjieba, the Rust port of jieba with jieba's dictionary, loaded lazily on
first use and once per process) and its places (building and entrance numbers, roads,
landmarks), which are taken out of the request so that the same need at two places reads alike.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

_NUMERAL = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_NUM = r"[0-9]{1,3}|[一二两三四五六七八九十]{1,3}"
_BUILDING = re.compile(rf"({_NUM})\s*(?:号楼|号栋|栋|幢|号院)")
_UNIT = re.compile(rf"({_NUM})\s*(?:单元|门洞)")
# A road named by two or three characters (象山南路, 孺子路, 胜利路口): the name's characters
# must not be function words, so that 前面的路 or 修一修路 are not taken for a road.
_NAME_CHAR = r"(?:(?![的了在是有个条修铺整治道化走过到那这段面马一没不很太就都也和与及装建放设前后边旁里上下门口])[\u4e00-\u9fff])"
_ROAD = re.compile(rf"({_NAME_CHAR}{{2,3}}?(?:[东南西北中]路|大道|大街|路|街))(?![灯面牙况线人过基])口?")
_KEEP = re.compile(r"[0-9a-z\u4e00-\u9fff]+")


def number(text: str) -> int:
    """3 or 三 or 十二 as an int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _NUMERAL.get(tens, 1) * 10 + _NUMERAL.get(ones, 0)
    return _NUMERAL.get(text, 0)


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, tuple[str, str]]  # term -> (kind, name); kind: concept, weak, place, stop
    stop: frozenset[str]
    longest: int


@functools.cache
def lexicon() -> Lexicon:
    terms: dict[str, tuple[str, str]] = {}
    stop: set[str] = set()
    source = resources.files(__package__).joinpath("lexicon.tsv").read_text(encoding="utf-8")
    for line in source.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, words = line.split("\t")
        if kind == "weak":  # read as its first term, an ordinary word
            name = words.split()[0]
        for word in words.split():
            if kind == "stop":
                stop.add(word)
            if kind != "stop" or len(word) > 1:  # single characters are dropped after segmenting
                terms[word] = (kind, name)
    return Lexicon(terms, frozenset(stop), max(map(len, terms)))


@functools.cache
def segmenter():
    """rjieba, whose import builds jieba's dictionary: once per process, on the first
    suggestion, never at start-up (docs/proposals.md has the time it takes)."""
    import rjieba

    return rjieba


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@dataclass
class Place:
    buildings: dict[int, set[int]] = field(default_factory=dict)  # building -> entrances named
    names: set[str] = field(default_factory=set)  # landmarks and roads

    def __bool__(self) -> bool:
        return bool(self.buildings or self.names)

    def add(self, other: Place) -> None:
        for b, units in other.buildings.items():
            self.buildings.setdefault(b, set()).update(units)
        self.names |= other.names


def _places(text: str) -> tuple[Place, str]:
    """The buildings, entrances and roads named in `text`, and the text without them."""
    place = Place()
    last = None
    spans = sorted([(m.start(), m.end(), "b", number(m.group(1))) for m in _BUILDING.finditer(text)]
                   + [(m.start(), m.end(), "u", number(m.group(1))) for m in _UNIT.finditer(text)])
    for _start, _end, kind, n in spans:
        if kind == "b":
            place.buildings.setdefault(n, set())
            last = n
        elif last is not None:  # 3栋2单元: an entrance of the building just named
            place.buildings[last].add(n)
    text = _UNIT.sub(" ", _BUILDING.sub(" ", text))
    for m in _ROAD.finditer(text):
        place.names.add("road:" + m.group(1))
    return place, _ROAD.sub(" ", text)


def _scan(text: str, lex: Lexicon) -> tuple[list[str], list[str], list[str], list[str]]:
    """Longest-match scan for the lexicon's terms: (concepts, their words, places, leftovers)."""
    concepts, said, places, chunks, chunk = [], [], [], [], []
    i = 0
    while i < len(text):
        for size in range(min(lex.longest, len(text) - i), 0, -1):
            hit = lex.terms.get(text[i:i + size])
            if hit:
                if hit[0] == "concept":
                    concepts.append(hit[1])
                    said.append(text[i:i + size])
                elif hit[0] == "weak":  # one word, whatever synonym was used
                    chunks.append(hit[1] + " ")
                elif hit[0] == "place":
                    places.append(hit[1])
                chunks.append("".join(chunk))
                chunk = []
                i += size
                break
        else:
            chunk.append(text[i])
            i += 1
    chunks.append("".join(chunk))
    return concepts, said, places, [c for c in chunks if c.strip()]


@dataclass
class Reading:
    """A proposal as the suggester reads it: the needs and words of its request, its place."""

    concepts: list[str]
    words: list[str]  # the other words, as rjieba segments them
    said: list[str]  # the words that named the concepts, as written
    place: Place


def read(text: str, place_text: str = "") -> Reading:
    lex = lexicon()
    place, rest = _places(normalise(place_text))
    _concepts, _said, landmark_words, leftover = _scan(rest, lex)
    place.names.update(landmark_words)
    raw = "".join(c for chunk in leftover for c in chunk if "\u4e00" <= c <= "\u9fff")
    raw = "".join(w for w in segmenter().cut(raw, False) if w not in lex.stop) if raw else ""
    if not place.names and raw:  # an unknown landmark (系马桩): compare its name as written
        place.names.add("name:" + raw)

    body = normalise(text)
    if raw and len(raw) >= 2:
        body = body.replace(raw, " ")
    text_place, body = _places(body)
    place.add(text_place)
    concepts, said, landmark_words, leftover = _scan(body, lex)
    place.names.update(landmark_words)
    words = []
    jieba = segmenter()
    for chunk in leftover:
        for run in _KEEP.findall(chunk):
            words += [w for w in jieba.cut(run, False) if w not in lex.stop and not w.isdigit()]
    return Reading(concepts, words, said, place)


def same_place(p: Place, q: Place) -> float:
    """1 at the same place, 0 at different places, 0.5 when one of them names none."""
    if not p and not q:
        return 1.0  # neither names a place: both are about the whole estate
    if not p or not q:
        return 0.5
    if p.buildings and q.buildings:
        common = p.buildings.keys() & q.buildings.keys()
        if not common:
            return 0.0
        if all(p.buildings[b] and q.buildings[b] and not p.buildings[b] & q.buildings[b] for b in common):
            return 0.0  # 3栋1单元 and 3栋2单元: mode (a), not (b)
        return 1.0
    if p.buildings or q.buildings:
        return 0.0  # a building and a landmark
    return 1.0 if p.names & q.names else 0.0
