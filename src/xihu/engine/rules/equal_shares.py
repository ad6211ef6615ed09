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

What is exact: every budget, payment and affordability is an exact rational, held as integers
over one common denominator (no ``Fraction`` objects in the inner loops: comparing two budgets
is comparing two integers, comparing two affordabilities is one cross-multiplication); ties are
exact equalities. Floats only order the heap of *lower bounds* used for lazy re-evaluation
(each float is pushed past the exact value by 2**-50 relative, far more than its rounding
error), so they can cause extra exact evaluations, never a different choice. numpy only groups
voters: voters holding the same budget form a class (a small integer id), and per-project counts
of supporters per class come from ``np.bincount``.
"""

from __future__ import annotations

import heapq
import math
from fractions import Fraction
from typing import Literal

import numpy as np

from xihu.engine.model import Instance, Profile
from xihu.engine.rules.base import Allocation, Tie, TieBreak, TieError, tie_key
from xihu.engine.rules.greedy import greedy_fill

Completion = Literal["none", "add1", "add1+greedy"]
Utilities = Literal["cost", "cardinal"]


class _Run:
    """One MES run at a fixed initial budget per voter, in exact integer arithmetic.

    Money is held as integers over one common denominator ``D`` (a voter class's budget is
    ``num[c] / D``); a payment that needs a finer denominator multiplies ``D`` and every
    numerator by the same integer, so comparisons of money are comparisons of integers.
    Utilities are fixed integers (``cost * L`` for cost utilities, ``L`` the common denominator
    of the costs and the initial budget; the ballot's weight for cardinal utilities). An
    affordability is the pair ``(P, U)`` meaning ``rho = P / (D * U)`` at the current ``D``."""

    def __init__(self, instance: Instance, supporters: list[np.ndarray],
                 weights: list[np.ndarray] | None, n_voters: int, per_voter: Fraction) -> None:
        costs = [Fraction(p.cost) for p in instance.projects]
        scale = math.lcm(per_voter.denominator, *(c.denominator for c in costs))
        self.scale = scale
        self.cost_num = [c.numerator * (scale // c.denominator) for c in costs]  # cost * L
        self.supporters = supporters
        self.weights = weights  # None: cost utilities
        self.denominator = scale  # D, always a multiple of L
        self.cls = np.zeros(n_voters, dtype=np.int64)
        self.num: list[int] = [per_voter.numerator * (scale // per_voter.denominator)]
        self.class_of: dict[int, int] = {self.num[0]: 0}

    def cost(self, j: int) -> int:
        """Cost of ``j`` in units of ``1 / D``."""
        return self.cost_num[j] * (self.denominator // self.scale)

    def groups(self, j: int) -> list[tuple[int, int, int]]:
        """``(budget numerator, count, utility)`` of the supporter groups of project ``j``."""
        cls = self.cls[self.supporters[j]]
        num = self.num
        if self.weights is None:
            counts = np.bincount(cls, minlength=len(num))
            present = np.flatnonzero(counts)
            u = self.cost_num[j]
            return [(num[c], n, u) for c, n in zip(present.tolist(), counts[present].tolist(),
                                                   strict=True)]
        w = self.weights[j]
        top = int(w.max()) + 1
        keys, counts = np.unique(cls * top + w, return_counts=True)
        return [(num[k // top], int(n), k % top)
                for k, n in zip(keys.tolist(), counts.tolist(), strict=True)]

    def affordability(self, j: int) -> tuple[int, int] | None:
        """Smallest ``rho`` (as ``(P, U)``) letting the supporters of ``j`` pay its cost;
        ``None`` if they can't."""
        cost = self.cost(j)
        groups = [g for g in self.groups(j) if g[2] > 0]
        if sum(b * n for b, n, _ in groups) < cost:
            return None
        if self.weights is None:
            groups.sort()  # one utility: by budget
        else:
            groups.sort(key=lambda g: Fraction(g[0], g[2]))
        paid = 0
        total_u = sum(n * u for _, n, u in groups)
        for b, n, u in groups:
            rest = cost - paid
            if rest * u <= b * total_u:  # rho * u <= budget
                return rest, total_u
            paid += b * n
            total_u -= n * u
        return None  # pragma: no cover - unreachable when the total budget suffices

    def pay(self, j: int, rho: tuple[int, int]) -> None:
        """Charge the supporters of ``j`` ``min(budget, rho * u)`` each."""
        rest, total_u = rho
        idx = self.supporters[j]
        cls = self.cls[idx]
        if self.weights is None:
            counts = np.bincount(cls, minlength=len(self.num))
            present = np.flatnonzero(counts).tolist()
            pairs = [(c, self.cost_num[j]) for c in present]
            inverse = None
        else:
            w = self.weights[j]
            top = int(w.max()) + 1
            keys, inverse = np.unique(cls * top + w, return_inverse=True)
            pairs = [(k // top, k % top) for k in keys.tolist()]
        # rho * u = rest * u / total_u: bring the denominator to D * factor
        g = math.gcd(total_u, *(u for _, u in pairs))
        factor, unit = total_u // g, rest
        common = math.gcd(factor, unit)
        factor //= common
        unit //= common  # rho * u = unit * (u / g) / factor, in units of 1 / D
        if factor > 1:
            self.num = list(map(factor.__mul__, self.num))
            self.class_of = dict(zip(self.num, range(len(self.num)), strict=True))
            self.denominator *= factor
        num, find = self.num, self.class_of.get
        new_ids = []
        for c, u in pairs:
            left = num[c] - unit * (u // g)
            if left < 0:
                left = 0
            k = find(left)
            if k is None:
                k = self._class(left)
            new_ids.append(k)
        new = np.array(new_ids, dtype=np.int64)
        if inverse is None:
            mapping = np.zeros(len(self.num), dtype=np.int64)
            mapping[present] = new
            self.cls[idx] = mapping[cls]
        else:
            self.cls[idx] = new[inverse.reshape(-1)]
        if self.denominator.bit_length() > 4096:
            self._reduce()

    def _class(self, num: int) -> int:
        c = self.class_of.get(num)
        if c is None:
            c = len(self.num)
            self.num.append(num)
            self.class_of[num] = c
        return c

    def _reduce(self) -> None:
        """Divide ``D`` and every numerator by their common factor (``D`` stays a multiple of L)."""
        g = math.gcd(self.denominator // self.scale, *self.num)
        if g > 1:
            self.num = [x // g for x in self.num]
            self.class_of = dict(zip(self.num, range(len(self.num)), strict=True))
            self.denominator //= g

    def value(self, rho: tuple[int, int]) -> float:
        """``rho`` as the nearest float (exact rationals are compared, floats only order the
        heap of lower bounds)."""
        return rho[0] / (self.denominator * rho[1])


_DOWN, _UP = 1 - 2.0**-50, 1 + 2.0**-50  # move a correctly rounded float past the exact value


def _run(instance: Instance, supporters: list[np.ndarray], weights: list[np.ndarray] | None,
         n_voters: int, per_voter: Fraction, candidates: list[int], tie_break: TieBreak,
         start: list[int]) -> tuple[list[int], list[Tie]]:
    """One MES run; returns the selected positions (after ``start``) and the ties met."""
    run = _Run(instance, supporters, weights, n_voters, per_voter)
    key = tie_key(instance, tie_break)
    selected = list(start)
    ties: list[Tie] = []
    # float lower bounds of affordability (it never decreases within a run); exact values decide
    heap: list[tuple[float, int]] = []
    for j in candidates:
        total_u = (run.cost_num[j] * len(supporters[j]) if weights is None
                   else int(weights[j].sum()))
        if total_u > 0:  # rho >= cost / (sum of utilities)
            heap.append((run.cost_num[j] / (run.scale * total_u) * _DOWN, j))
    heapq.heapify(heap)
    while heap:
        best: tuple[int, int] | None = None
        best_up = 0.0
        tied: list[int] = []
        fresh: list[tuple[float, int]] = []
        while heap and (best is None or heap[0][0] <= best_up):
            _, j = heapq.heappop(heap)
            rho = run.affordability(j)
            if rho is None:
                continue  # unaffordable now, hence for the rest of the run
            value = run.value(rho)
            fresh.append((value * _DOWN, j))
            if best is None or rho[0] * best[1] < best[0] * rho[1]:
                best, tied, best_up = rho, [j], value * _UP
            elif rho[0] * best[1] == best[0] * rho[1]:
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
