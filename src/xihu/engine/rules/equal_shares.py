"""The Method of Equal Shares (MES), exact.

Every voter (blank ballots included) starts with ``budget / voters``. In each round the rule
buys the project with the smallest *affordability* ``rho``: the supporters of project ``p`` pay
``min(budget_i, rho * u_i(p))`` and together cover ``cost(p)``. ``u_i(p)`` is ``cost(p)`` for
every supporter with cost utilities (``mes``), or the ballot's weight with cardinal utilities
(``mes-cardinal``: 1 per approval, the points of a cumulative ballot, the score, the ordinal
points). Projects whose supporters cannot pay any more drop out; the run ends when no project is
affordable. Projects without supporters are never bought; supported projects costing 0 are
bought first.

Completion (``completion``):

- ``"none"``: one run;
- ``"add1"``: re-run with every voter's budget raised by ``increment`` (1 unit) until the outcome
  is exhaustive (no supported project fits in the rest of the budget) or would cost more than the
  budget, in which case the previous outcome is kept (pabutools ``voter_budget_increment`` and
  pabulib ``equalshares/add1``);
- ``"add1+greedy"``: ``add1``, then greedy by score (votes) over the money left.

What is exact: every budget, payment and affordability is a ``Fraction``; ties are exact
equalities. numpy only groups voters: voters holding the same budget form a class (a small
integer id), and per-project counts of supporters per class come from ``np.bincount``.
"""

from __future__ import annotations

import heapq
from fractions import Fraction
from typing import Literal

import numpy as np

from xihu.engine.model import Instance, Profile
from xihu.engine.rules.base import Allocation, Tie, TieBreak, TieError, tie_key
from xihu.engine.rules.greedy import greedy_fill

Completion = Literal["none", "add1", "add1+greedy"]
Utilities = Literal["cost", "cardinal"]


class _Run:
    """One MES run at a fixed initial budget per voter."""

    def __init__(self, instance: Instance, supporters: list[np.ndarray],
                 weights: list[np.ndarray] | None, n_voters: int, per_voter: Fraction) -> None:
        self.instance = instance
        self.supporters = supporters
        self.weights = weights  # None: cost utilities (u = cost for every supporter)
        self.cls = np.zeros(n_voters, dtype=np.int64)
        self.budgets: list[Fraction] = [per_voter]
        self.class_of: dict[Fraction, int] = {per_voter: 0}

    def groups(self, j: int) -> list[tuple[Fraction, int, int]]:
        """``(budget, count, utility)`` of the supporter groups of project ``j``."""
        cls = self.cls[self.supporters[j]]
        if self.weights is None:
            counts = np.bincount(cls, minlength=len(self.budgets))
            u = self.instance.projects[j].cost
            return [(self.budgets[c], int(counts[c]), u) for c in np.flatnonzero(counts).tolist()]
        w = self.weights[j]
        top = int(w.max()) + 1
        keys, counts = np.unique(cls * top + w, return_counts=True)
        return [(self.budgets[k // top], int(n), k % top)
                for k, n in zip(keys.tolist(), counts.tolist(), strict=True)]

    def affordability(self, j: int) -> Fraction | None:
        """Smallest ``rho`` letting the supporters of ``j`` pay its cost; ``None`` if they can't."""
        cost = self.instance.projects[j].cost
        groups = [g for g in self.groups(j) if g[2] > 0]
        if sum((b * n for b, n, _ in groups), Fraction(0)) < cost:
            return None
        groups.sort(key=lambda g: g[0] / g[2])
        paid = Fraction(0)
        denominator = sum(n * u for _, n, u in groups)
        for b, n, u in groups:
            rho = (cost - paid) / denominator
            if rho * u <= b:
                return rho
            paid += b * n
            denominator -= n * u
        return None  # pragma: no cover - unreachable when the total budget suffices

    def pay(self, j: int, rho: Fraction) -> None:
        """Charge the supporters of ``j`` at affordability ``rho``."""
        idx = self.supporters[j]
        cls = self.cls[idx]
        if self.weights is None:
            u = self.instance.projects[j].cost
            present = np.flatnonzero(np.bincount(cls, minlength=len(self.budgets)))
            mapping = np.zeros(len(self.budgets), dtype=np.int64)
            for c in present.tolist():
                mapping[c] = self._class(self.budgets[c] - min(self.budgets[c], rho * u))
            self.cls[idx] = mapping[cls]
            return
        w = self.weights[j]
        top = int(w.max()) + 1
        keys, inverse = np.unique(cls * top + w, return_inverse=True)
        new = np.array([self._class(self.budgets[k // top] - min(self.budgets[k // top],
                                                                 rho * (k % top)))
                        for k in keys.tolist()], dtype=np.int64)
        self.cls[idx] = new[inverse.reshape(-1)]

    def _class(self, budget: Fraction) -> int:
        c = self.class_of.get(budget)
        if c is None:
            c = len(self.budgets)
            self.budgets.append(budget)
            self.class_of[budget] = c
        return c


def _run(instance: Instance, supporters: list[np.ndarray], weights: list[np.ndarray] | None,
         n_voters: int, per_voter: Fraction, candidates: list[int], tie_break: TieBreak,
         start: list[int]) -> tuple[list[int], list[Tie]]:
    """One MES run; returns the selected positions (after ``start``) and the ties met."""
    run = _Run(instance, supporters, weights, n_voters, per_voter)
    key = tie_key(instance, tie_break)
    selected = list(start)
    ties: list[Tie] = []
    # lower bounds of affordability (affordability never decreases within a run)
    heap: list[tuple[Fraction, int]] = []
    for j in candidates:
        total_u = (instance.projects[j].cost * len(supporters[j]) if weights is None
                   else int(weights[j].sum()))
        if total_u > 0:
            heap.append((Fraction(instance.projects[j].cost) / total_u, j))
    heapq.heapify(heap)
    while heap:
        best: Fraction | None = None
        tied: list[int] = []
        fresh: list[tuple[Fraction, int]] = []
        while heap and (best is None or heap[0][0] <= best):
            _, j = heapq.heappop(heap)
            rho = run.affordability(j)
            if rho is None:
                continue  # unaffordable now, hence for the rest of the run
            fresh.append((rho, j))
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            break
        tied.sort(key=key)
        chosen = tied[0]
        if len(tied) > 1:
            ids = tuple(instance.projects[j].id for j in tied)
            if tie_break is TieBreak.REFUSE:
                tie = Tie(len(selected), ids, None)
                raise TieError(tie, _allocation(instance, "mes", tie_break, selected, ties + [tie]))
            ties.append(Tie(len(selected), ids, instance.projects[chosen].id))
        run.pay(chosen, best)
        selected.append(chosen)
        for item in fresh:
            if item[1] != chosen:
                heapq.heappush(heap, item)
    return selected, ties


def _allocation(instance: Instance, rule: str, tie_break: TieBreak, selected: list[int],
                ties: list[Tie], **details: object) -> Allocation:
    return Allocation(rule=rule, tie_break=str(tie_break),
                      selected=tuple(instance.projects[j].id for j in selected),
                      total_cost=sum((instance.projects[j].cost for j in selected), 0),
                      budget=instance.budget, ties=tuple(ties), details=dict(details))


def equal_shares(instance: Instance, profile: Profile, tie_break: TieBreak | str = TieBreak.ORDER,
                 *, utilities: Utilities = "cost", completion: Completion = "add1+greedy",
                 increment: int | Fraction = 1) -> Allocation:
    """Method of Equal Shares; see the module docstring for utilities and completion."""
    tb = TieBreak(tie_break)
    rule = "mes" if utilities == "cost" else "mes-cardinal"
    if completion not in ("none", "add1", "add1+greedy"):
        raise ValueError(f"unknown completion {completion!r}")
    if profile.n_projects != len(instance):
        raise ValueError("profile and instance have different numbers of projects")
    n = profile.n_ballots
    if n == 0:
        return _allocation(instance, rule, tb, [], [])
    supporters = profile.supporters()
    weights = None if utilities == "cost" else profile.supporter_weights()
    costs = [p.cost for p in instance.projects]
    supported = [j for j in range(len(instance)) if len(supporters[j])
                 and (weights is None or int(weights[j].sum()) > 0)]
    start = [j for j in supported if costs[j] == 0]
    candidates = [j for j in supported if costs[j] > 0]
    per_voter = Fraction(instance.budget) / n
    selected, ties = _run(instance, supporters, weights, n, per_voter, candidates, tb, start)
    rounds = 1
    if completion != "none":
        previous, previous_ties, previous_pv = start, [], per_voter
        while True:
            spent = sum((costs[j] for j in selected), 0)
            if spent > instance.budget:
                selected, ties, per_voter = previous, previous_ties, previous_pv
                break
            left = instance.budget - spent
            chosen = set(selected)
            if not any(costs[j] <= left for j in candidates if j not in chosen):
                break
            previous, previous_ties, previous_pv = selected, ties, per_voter
            per_voter += increment
            selected, ties = _run(instance, supporters, weights, n, per_voter, candidates, tb,
                                  start)
            rounds += 1
    details = {"budget_per_voter": f"{per_voter.numerator}/{per_voter.denominator}",
               "runs": rounds, "mes_selected": len(selected)}
    if completion == "add1+greedy":
        filled = greedy_fill(instance, [int(x) for x in profile.scores().tolist()], tb,
                             selected, rule=rule, ties=ties)
        return _with_details(filled, details)
    return _allocation(instance, rule, tb, selected, ties, **details)


def _with_details(allocation: Allocation, details: dict[str, object]) -> Allocation:
    return Allocation(rule=allocation.rule, tie_break=allocation.tie_break,
                      selected=allocation.selected, total_cost=allocation.total_cost,
                      budget=allocation.budget, ties=allocation.ties, details=details)


def equal_shares_cardinal(instance: Instance, profile: Profile,
                          tie_break: TieBreak | str = TieBreak.ORDER, *,
                          completion: Completion = "add1+greedy",
                          increment: int | Fraction = 1) -> Allocation:
    """Method of Equal Shares with cardinal utilities (1 per approval, or the ballot's points)."""
    return equal_shares(instance, profile, tie_break, utilities="cardinal",
                        completion=completion, increment=increment)
