"""What every rule returns, and how ties are broken."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from xihu.engine.model import Instance, Money, Profile


class TieBreak(StrEnum):
    """How a rule chooses between equally good projects.

    ``order``: the first in instance (official PROJECTS) order; ``cost``: the cheaper one, then
    instance order; ``refuse``: do not choose, raise :class:`TieError` with a report instead.
    """

    ORDER = "order"
    COST = "cost"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie met by a rule: at selection step ``step`` (0-based), ``candidates`` were equally
    good; ``chosen`` is the one taken (``None`` when the rule refused to choose)."""

    step: int
    candidates: tuple[str, ...]
    chosen: str | None


@dataclass(frozen=True)
class Allocation:
    """Outcome of a rule: selected project ids in selection order, their total cost, ties met."""

    rule: str
    tie_break: str
    selected: tuple[str, ...]
    total_cost: Money
    budget: Money
    ties: tuple[Tie, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (money as int, or as a ``"p/q"`` string when fractional)."""
        return {
            "rule": self.rule,
            "tie_break": self.tie_break,
            "selected": list(self.selected),
            "total_cost": money_json(self.total_cost),
            "budget": money_json(self.budget),
            "ties": [{"step": t.step, "candidates": list(t.candidates), "chosen": t.chosen}
                     for t in self.ties],
            "details": {k: money_json(v) if isinstance(v, int) else v
                        for k, v in self.details.items()},
        }


def money_json(value: Any) -> Any:
    """Exact JSON form of an amount: ``int`` stays ``int``, a fraction becomes ``"p/q"``."""
    if isinstance(value, int):
        return value
    if hasattr(value, "denominator"):
        return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return value


class TieError(Exception):
    """Raised under ``TieBreak.REFUSE`` when a rule meets a tie it would have to break."""

    def __init__(self, tie: Tie, partial: Allocation) -> None:
        super().__init__(f"tie at step {tie.step} between {', '.join(tie.candidates)}")
        self.tie = tie
        self.partial = partial


def tie_key(instance: Instance, tie_break: TieBreak | str):
    """Sort key over project positions implementing ``tie_break`` (REFUSE sorts like ORDER)."""
    tb = TieBreak(tie_break)
    if tb is TieBreak.COST:
        costs = [p.cost for p in instance.projects]
        return lambda j: (costs[j], j)
    return lambda j: j


def project_scores(instance: Instance, profile: Profile | Mapping[str, int]) -> list[int]:
    """Score of every project in instance order: from a profile (votes, points, ordinal points)
    or from a mapping ``{project id: votes}`` (missing ids score 0, unknown ids are an error)."""
    if isinstance(profile, Profile):
        if profile.n_projects != len(instance):
            raise ValueError("profile and instance have different numbers of projects")
        return [int(x) for x in profile.scores().tolist()]
    unknown = [pid for pid in profile if pid not in instance]
    if unknown:
        raise ValueError(f"votes for unknown project(s): {', '.join(map(str, unknown))}")
    return [int(profile.get(pid, 0)) for pid in instance.ids]


def total_cost(instance: Instance, positions: Sequence[int]) -> Money:
    """Exact total cost of the projects at ``positions``."""
    return sum((instance.projects[j].cost for j in positions), 0)


def as_int_array(values: Sequence[int]) -> np.ndarray:
    """``values`` as an int64 numpy array."""
    return np.asarray(values, dtype=np.int64)
