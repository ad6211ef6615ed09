"""Sequential Phragmén for PB, exact.

Voters carry a load (money spent on their behalf), all starting at 0. Buying project ``p`` gives
every supporter the same new load ``(sum of their loads + cost(p)) / supporters(p)``; the rule
buys the project with the smallest new maximal load. It stops as soon as one of the best
projects does not fit in the remaining budget (as pabutools' ``sequential_phragmen``). Projects
costing more than the budget are never considered, projects without supporters never bought.
Non-approval ballots count as approval of the listed projects.

Loads are ``Fraction``; voters with equal load share a class so that sums are per class.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from xihu.engine.model import Instance, Profile
from xihu.engine.rules.base import Allocation, Tie, TieBreak, TieError, tie_key


def sequential_phragmen(instance: Instance, profile: Profile,
                        tie_break: TieBreak | str = TieBreak.ORDER) -> Allocation:
    """Sequential Phragmén (see module docstring)."""
    tb = TieBreak(tie_break)
    key = tie_key(instance, tb)
    if profile.n_projects != len(instance):
        raise ValueError("profile and instance have different numbers of projects")
    supporters = profile.supporters()
    costs = [p.cost for p in instance.projects]
    remaining = [j for j in range(len(instance))
                 if len(supporters[j]) and costs[j] <= instance.budget]
    cls = np.zeros(profile.n_ballots, dtype=np.int64)
    loads: list[Fraction] = [Fraction(0)]
    selected: list[int] = []
    ties: list[Tie] = []
    spent = 0

    def allocation() -> Allocation:
        return Allocation(rule="phragmen", tie_break=str(tb),
                          selected=tuple(instance.projects[j].id for j in selected),
                          total_cost=spent, budget=instance.budget, ties=tuple(ties))

    while remaining:
        best: Fraction | None = None
        tied: list[int] = []
        for j in remaining:
            counts = np.bincount(cls[supporters[j]], minlength=len(loads))
            load_sum = sum((loads[c] * int(counts[c]) for c in np.flatnonzero(counts).tolist()),
                           Fraction(0))
            new_load = (load_sum + costs[j]) / len(supporters[j])
            if best is None or new_load < best:
                best, tied = new_load, [j]
            elif new_load == best:
                tied.append(j)
        assert best is not None
        if any(spent + costs[j] > instance.budget for j in tied):
            break
        tied.sort(key=key)
        chosen = tied[0]
        if len(tied) > 1:
            ids = tuple(instance.projects[j].id for j in tied)
            if tb is TieBreak.REFUSE:
                tie = Tie(len(selected), ids, None)
                ties.append(tie)
                raise TieError(tie, allocation())
            ties.append(Tie(len(selected), ids, instance.projects[chosen].id))
        loads.append(best)
        cls[supporters[chosen]] = len(loads) - 1
        selected.append(chosen)
        spent += costs[chosen]
        remaining.remove(chosen)
    return allocation()
