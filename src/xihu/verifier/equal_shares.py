"""The Method of Equal Shares as the platform runs it (xihu/engine/rules/equal_shares.py), in
exact fractions with the standard library alone, written again rather than copied so that the
two can be compared (the tests run both on the same ballots).

Every counted paper (valid or blank) holds `budget / papers`. In each round the project with
the smallest affordability is bought: its supporters pay equal shares `x` (or all they have
left, when less) that add up to its cost; affordabilities compare as `x / cost`. Equal ones are
a tie, broken by the tie-break (cost: the cheaper, then ballot order; order: ballot order;
refuse: stop and report the tied projects). A project nobody can pay for any more drops out.
Completion as pabulib's `equalshares/add1`: the run is repeated with every paper's share raised
by `increment` until the outcome is exhaustive or would overspend (then the previous outcome is
kept); the money left is then filled greedily by votes.

Papers marking the same projects always hold the same money, so they are kept as one group
with its number of papers: the work grows with the number of distinct markings, not papers.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from .counting import greedy


class _Tie(Exception):
    def __init__(self, selected: list[int], tied: list[int]) -> None:
        super().__init__("a refused tie")
        self.selected, self.tied = selected, tied


def _share(cost: int, holders: list[tuple[Fraction, int]]) -> Fraction | None:
    """The equal share `x` with sum(min(budget, x)) == cost over (budget, papers) groups, or
    None when they cannot pay it."""
    if sum(b * n for b, n in holders) < cost:
        return None
    holders = sorted(holders)
    paid, left = Fraction(0), sum(n for _b, n in holders)
    for budget, n in holders:
        rest = cost - paid
        if rest <= budget * left:
            return rest / left
        paid += budget * n
        left -= n
    return None  # pragma: no cover - unreachable when the total suffices


def _run(costs: list[int], groups: list[tuple[frozenset, int]], supporters: list[list[int]],
         per_paper: Fraction, candidates: list[int], start: list[int], key, refuse: bool) -> list[int]:
    money = [per_paper] * len(groups)
    selected, active = list(start), list(candidates)
    while active:
        best, tied, still = None, [], []
        for j in active:
            holders = Counter()
            for g in supporters[j]:
                holders[money[g]] += groups[g][1]
            x = _share(costs[j], list(holders.items()))
            if x is None:
                continue  # it cannot be paid now, nor later in this run
            still.append(j)
            rho = x / costs[j]
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            break
        tied.sort(key=key)
        if refuse and len(tied) > 1:
            raise _Tie(selected, tied)
        chosen = tied[0]
        share = best * costs[chosen]  # what each supporter pays (all they have, if less)
        for g in supporters[chosen]:
            money[g] = max(money[g] - share, Fraction(0))
        selected.append(chosen)
        active = [j for j in still if j != chosen]
    return selected


def equal_shares(items: list[dict], profile: Counter, votes: dict, budget: int, tie_break: str,
                 increment: int) -> tuple[list[int], list[int]]:
    """(winners in selection order, projects of a refused tie) of Equal Shares with add-one
    completion then greedy; `profile`: {tuple of marked numbers (str): papers}, blank as ()."""
    n = sum(profile.values())
    if n == 0:
        return [], []
    numbers = [str(i["number"]) for i in items]
    position = {number: j for j, number in enumerate(numbers)}
    costs = [i["amount"] for i in items]
    groups = [(frozenset(position[m] for m in marks), count) for marks, count in profile.items() if marks]
    supporters: list[list[int]] = [[] for _ in items]
    for g, (marked, _count) in enumerate(groups):
        for j in marked:
            supporters[j].append(g)
    supported = [j for j in range(len(items)) if supporters[j]]
    start = [j for j in supported if costs[j] == 0]
    candidates = [j for j in supported if costs[j] > 0]
    key = (lambda j: (costs[j], j)) if tie_break == "cost" else (lambda j: j)
    refuse = tie_break == "refuse"
    per_paper = Fraction(budget, n)
    try:
        selected = _run(costs, groups, supporters, per_paper, candidates, start, key, refuse)
        previous = start
        while True:
            spent = sum(costs[j] for j in selected)
            if spent > budget:
                selected = previous
                break
            chosen = set(selected)
            if not any(costs[j] <= budget - spent for j in candidates if j not in chosen):
                break
            previous, per_paper = selected, per_paper + increment
            selected = _run(costs, groups, supporters, per_paper, candidates, start, key, refuse)
    except _Tie as tie:
        return ([items[j]["number"] for j in tie.selected],
                sorted(items[j]["number"] for j in tie.tied))
    return greedy(items, votes, budget, tie_break, stop=False, min_votes=None, start=selected)


def increment_for(budget: int, papers: int) -> int:
    """The platform's add-one step: 1% of a paper's share, at least 1."""
    return max(1, int(budget) // (max(papers, 1) * 100))
