"""The count of one ballot from its papers, one paper at a time, and the greedy rules.

A paper ruled invalid at entry stays invalid; otherwise more marks than allowed, an unknown or
a repeated project make it invalid, no mark makes it blank, and each project marked gets one
vote. For Equal Shares the counted papers (valid and blank) are kept as approval sets with
their number, not one by one: papers marking the same projects are interchangeable.
"""

from __future__ import annotations

from collections import Counter, defaultdict


class Tally:
    """The running count of one ballot (`ballot`: its entry in ballots.json)."""

    def __init__(self, ballot: dict, *, keep_profile: bool = False) -> None:
        self.numbers = [str(i["number"]) for i in ballot["items"]]
        self.known = set(self.numbers)
        self.max_choices = ballot["max_choices"]
        self.votes = dict.fromkeys(self.numbers, 0)
        self.valid = self.blank = 0
        self.invalid: Counter = Counter()
        self.profile: Counter | None = Counter() if keep_profile else None

    def add(self, paper: dict) -> None:
        marks = [str(c) for c in paper["choices"]]
        if paper["status"] == "invalid":
            self.invalid[paper.get("invalid_reason") or "ruled_invalid"] += 1
        elif not marks:
            self.blank += 1
            if self.profile is not None:
                self.profile[()] += 1
        elif len(marks) > self.max_choices:
            self.invalid["over_vote"] += 1
        elif any(m not in self.known for m in marks):
            self.invalid["unknown_project"] += 1
        elif len(set(marks)) != len(marks):
            self.invalid["repeated_project"] += 1
        else:
            self.valid += 1
            for m in marks:
                self.votes[m] += 1
            if self.profile is not None:
                self.profile[tuple(sorted(marks, key=self.numbers.index))] += 1

    def result(self) -> dict:
        return {"votes": self.votes, "valid": self.valid, "blank": self.blank,
                "invalid": dict(self.invalid), "ballots": self.valid + self.blank + sum(self.invalid.values())}


def recount(ballot: dict, papers) -> dict:
    """The count of `papers` (an iterable) on `ballot`."""
    tally = Tally(ballot)
    for paper in papers:
        tally.add(paper)
    return tally.result()


def greedy(items: list[dict], votes: dict, budget: int, tie_break: str, *, stop: bool,
           min_votes: int | None, start: list[int] = ()) -> tuple[list[int], list[int]]:
    """(winners in selection order, projects of an unbroken tie); `start`: positions already
    funded (Equal Shares' completion fills the money left greedily, every project eligible)."""
    cost = [i["amount"] for i in items]
    score = [votes[str(i["number"])] for i in items]
    chosen = list(start)
    groups: dict[int, list[int]] = defaultdict(list)
    for j in range(len(items)):
        if j not in chosen and (min_votes is None or score[j] >= min_votes):
            groups[score[j]].append(j)
    order = (lambda j: (cost[j], j)) if tie_break == "cost" else (lambda j: j)
    remaining = budget - sum(cost[j] for j in chosen)
    for s in sorted(groups, reverse=True):
        group = sorted(groups[s], key=order)
        while group:
            candidates = group if stop else [j for j in group if cost[j] <= remaining]
            if not candidates:
                break
            if tie_break == "refuse" and len(candidates) > 1 and sum(cost[j] for j in candidates) > remaining:
                return [items[j]["number"] for j in chosen], sorted(items[j]["number"] for j in candidates)
            pick = candidates[0]
            if cost[pick] > remaining:
                return [items[j]["number"] for j in chosen], []
            chosen.append(pick)
            remaining -= cost[pick]
            group.remove(pick)
    return [items[j]["number"] for j in chosen], []
