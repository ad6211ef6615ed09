"""Precision and recall of the duplicate suggester on the hand-labelled pairs.

Run: ``.venv/bin/python -m scripts.eval_duplicates`` (``--threshold 0.4``, ``--batch dev``,
``--sweep``, ``--errors``). Every side of every pair goes into one list, as a community's
projects would (about 500 proposals), and the suggester runs once over it with no limit.

Two views, both from PROCESS.md 3.3:
- merge candidates: a pair labelled ``duplicate`` or ``near_duplicate_other_place`` asks the
  same thing and should be suggested (mode a keeps the places, mode b makes them one);
- same-place duplicates (mode b): the suggested pairs the suggester marks as at the same
  place, against the pairs labelled ``duplicate``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "proposal_pairs.csv"
LABELS = ("duplicate", "near_duplicate_other_place", "unrelated")


@dataclass(frozen=True)
class Row:
    id: str
    batch: str
    label: str
    text_a: str
    place_a: str
    text_b: str
    place_b: str
    note: str


@dataclass(frozen=True)
class Figures:
    pairs: int
    threshold: float
    precision: float  # merge candidates
    recall: float
    mode_b_precision: float  # same-place duplicates
    mode_b_recall: float
    seconds: float  # one run of the suggester over every text
    misses: list[tuple[Row, float, float]]  # (row, text score, place) of wrong calls


def load(path: Path = PAIRS, batch: str | None = None) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [Row(**r) for r in csv.DictReader(f)]
    bad = [r.id for r in rows if r.label not in LABELS]
    if bad:
        raise ValueError(f"unknown labels in {bad}")
    return [r for r in rows if batch is None or r.batch == batch]


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def community(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(text, place) of `count` proposals as the demo writes them for a community."""
    import random

    from xihu.apps.proposals.demo_text import PLACES, PREFIXES, SUFFIXES, THEMES

    rng = random.Random(seed)
    places = PLACES + [f"{n}栋" for n in range(1, 25)]
    out = []
    for _ in range(count):
        _category, _level, _title, phrasings = rng.choice(THEMES)
        place = rng.choice(places)
        out.append((rng.choice(PREFIXES) + rng.choice(phrasings).format(p=place) + rng.choice(SUFFIXES), place))
    return out


def evaluate(rows: list[Row], threshold: float | None = None, background: int = 0) -> Figures:
    """With `background`, that many demo proposals join the list (they change the weights)."""
    from xihu.apps.proposals.similarity import THRESHOLD, Item, likely_duplicates

    threshold = THRESHOLD if threshold is None else threshold
    items = [Item(-1 - n, text, place) for n, (text, place) in enumerate(community(background))]
    for n, row in enumerate(rows):
        items += [Item(2 * n, row.text_a, row.place_a), Item(2 * n + 1, row.text_b, row.place_b)]
    start = time.perf_counter()
    likely_duplicates(items, limit=None, threshold=threshold)
    seconds = time.perf_counter() - start
    # every pair with any term in common, to report the scores of the wrong calls too
    scored = {(p.a, p.b): p for p in likely_duplicates(items, limit=None, threshold=1e-9)}
    tp = fp = fn = b_tp = b_fp = b_fn = 0
    misses = []
    for n, row in enumerate(rows):
        pair = scored.get((2 * n, 2 * n + 1))
        text, place = (pair.text, pair.place) if pair else (0.0, -1.0)
        found = text >= threshold
        wanted, same = row.label != "unrelated", row.label == "duplicate"
        tp, fp, fn = tp + (found and wanted), fp + (found and not wanted), fn + (not found and wanted)
        said_b = found and pair.mode == "b"
        b_tp, b_fp, b_fn = b_tp + (said_b and same), b_fp + (said_b and not same), b_fn + (not said_b and same)
        if found != wanted or said_b != same:
            misses.append((row, text, place))
    return Figures(len(rows), threshold, _ratio(tp, tp + fp), _ratio(tp, tp + fn),
                   _ratio(b_tp, b_tp + b_fp), _ratio(b_tp, b_tp + b_fn), seconds, misses)


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--batch", choices=["dev", "dev2", "dev3"])
    parser.add_argument("--sweep", action="store_true", help="figures for thresholds 0.2-0.8")
    parser.add_argument("--errors", action="store_true", help="list the wrong calls")
    parser.add_argument("--background", type=int, default=0,
                        help="add this many demo proposals to the list (e.g. 450)")
    args = parser.parse_args()
    rows = load(batch=args.batch)
    thresholds = [t / 100 for t in range(20, 81, 5)] if args.sweep else [args.threshold]
    for threshold in thresholds:
        f = evaluate(rows, threshold, args.background)
        print(f"{f.pairs} pairs, threshold {f.threshold:.2f}: merge candidates precision "
              f"{f.precision:.3f} recall {f.recall:.3f}; same-place (mode b) precision "
              f"{f.mode_b_precision:.3f} recall {f.mode_b_recall:.3f}; "
              f"{2 * f.pairs + args.background} texts in "
              f"{f.seconds * 1000:.0f} ms")
    if args.errors:
        for row, text, place in f.misses:
            print(f"  {row.id} {row.label:27} text {text:.2f} place {place:.1f}  "
                  f"{row.text_a} [{row.place_a}] | {row.text_b} [{row.place_b}]")


if __name__ == "__main__":
    main()
