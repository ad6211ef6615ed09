"""Greedy rules: fund projects by decreasing score (votes, points) while money lasts.

``greedy`` skips a project that does not fit the remaining budget and continues (the rule of
most city PB programmes and of CONSUL); ``greedy_stop`` stops at the first project that does not
fit. ``min_score`` makes projects below a threshold ineligible (pabulib ``greedy-threshold``).

Ties: at each step the candidates are the remaining eligible projects with the best score that
fit the remaining budget (for ``greedy_stop``: whether or not they fit). More than one candidate
is a tie, broken by ``tie_break`` and recorded. Under ``TieBreak.REFUSE`` a tie raises
:class:`TieError` unless all the tied candidates can be funded together (then the set of funded
projects does not depend on the order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xihu.engine.model import Instance, Money, Profile
from xihu.engine.rules.base import Allocation, Tie, TieBreak, TieError, project_scores, tie_key


def greedy(instance: Instance, profile: Profile | Mapping[str, int],
           tie_break: TieBreak | str = TieBreak.ORDER, *, min_score: int | None = None,
           ) -> Allocation:
    """Greedy by score, skipping projects that do not fit."""
    return _greedy(instance, project_scores(instance, profile), TieBreak(tie_break),
                   min_score=min_score, stop=False, rule="greedy")


def greedy_stop(instance: Instance, profile: Profile | Mapping[str, int],
                tie_break: TieBreak | str = TieBreak.ORDER, *, min_score: int | None = None,
                ) -> Allocation:
    """Greedy by score, stopping at the first project that does not fit."""
    return _greedy(instance, project_scores(instance, profile), TieBreak(tie_break),
                   min_score=min_score, stop=True, rule="greedy-stop")


def _greedy(instance: Instance, scores: Sequence[int], tie_break: TieBreak, *,
            min_score: int | None, stop: bool, rule: str,
            start: Sequence[int] = (), ties: Sequence[Tie] = ()) -> Allocation:
    """Greedy fill of ``instance`` starting from the already selected positions ``start``."""
    key = tie_key(instance, tie_break)
    costs = [p.cost for p in instance.projects]
    selected = list(start)
    met = list(ties)
    remaining: Money = instance.budget - sum((costs[j] for j in selected), 0)
    taken = set(selected)
    eligible = [j for j in range(len(instance)) if j not in taken
                and (min_score is None or scores[j] >= min_score)]
    by_score: dict[int, list[int]] = {}
    for j in eligible:
        by_score.setdefault(scores[j], []).append(j)

    def result() -> Allocation:
        return Allocation(rule=rule, tie_break=str(tie_break),
                          selected=tuple(instance.projects[j].id for j in selected),
                          total_cost=instance.budget - remaining, budget=instance.budget,
                          ties=tuple(met),
                          details={} if min_score is None else {"min_score": min_score})

    for score in sorted(by_score, reverse=True):
        group = sorted(by_score[score], key=key)
        while group:
            candidates = group if stop else [j for j in group if costs[j] <= remaining]
            if not candidates:
                break
            chosen = candidates[0]
            if len(candidates) > 1:
                ids = tuple(instance.projects[j].id for j in candidates)
                if tie_break is TieBreak.REFUSE and \
                        sum(costs[j] for j in candidates) > remaining:
                    tie = Tie(len(selected), ids, None)
                    met.append(tie)
                    raise TieError(tie, result())
                met.append(Tie(len(selected), ids, instance.projects[chosen].id))
            if costs[chosen] > remaining:  # only reachable when stop is True
                return result()
            selected.append(chosen)
            remaining -= costs[chosen]
            group.remove(chosen)
    return result()


def greedy_fill(instance: Instance, scores: Sequence[int], tie_break: TieBreak | str,
                start: Sequence[int], *, rule: str, ties: Sequence[Tie] = ()) -> Allocation:
    """Complete an allocation (the positions ``start``) greedily by ``scores``, skipping misfits."""
    return _greedy(instance, scores, TieBreak(tie_break), min_score=None, stop=False,
                   rule=rule, start=start, ties=ties)
