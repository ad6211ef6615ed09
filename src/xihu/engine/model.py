"""Core data model of the counting engine: projects, instances and ballot profiles.

Money is exact: costs and budgets are ``int`` (yuan, or the smallest unit of the currency) or
:class:`fractions.Fraction` when a source file writes decimal amounts (``400000.0`` is read as the
int ``400000``; ``446829.4`` as ``Fraction(2234147, 5)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np

Money = int | Fraction
BallotKind = Literal["approval", "cumulative", "scoring", "ordinal"]
BALLOT_KINDS: tuple[str, ...] = ("approval", "cumulative", "scoring", "ordinal")


def as_money(value: int | Fraction | str) -> Money:
    """Convert ``value`` to an exact amount: an ``int`` when integral, else a ``Fraction``.

    Strings may use a decimal point or a decimal comma (``"400000.0"``, ``"12,5"``); floats are
    refused because they are not exact.
    """
    if type(value) is int:  # the common case first
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money must be int, Fraction or a decimal string, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():  # the common case, without a Fraction
            return int(text)
        value = Fraction(text.replace(",", "."))
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, int):
        return value
    raise TypeError(f"money must be int, Fraction or a decimal string, not {value!r}")


@dataclass(frozen=True, slots=True)
class Project:
    """A project that can be funded: its id (a string, as in the source), cost and name."""

    id: str
    cost: Money
    name: str = ""

    def __post_init__(self) -> None:
        if type(self.cost) is not int:
            object.__setattr__(self, "cost", as_money(self.cost))
        if self.cost < 0:
            raise ValueError(f"project {self.id!r} has a negative cost")


@dataclass(frozen=True)
class Instance:
    """The projects on the ballot, in their official order, and the budget to spend."""

    projects: tuple[Project, ...]
    budget: Money
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "projects", tuple(self.projects))
        object.__setattr__(self, "budget", as_money(self.budget))
        index: dict[str, int] = {}
        for position, project in enumerate(self.projects):
            if project.id in index:
                raise ValueError(f"project id {project.id!r} appears twice")
            index[project.id] = position
        object.__setattr__(self, "_index", index)

    @property
    def ids(self) -> tuple[str, ...]:
        """Project ids in instance order."""
        return tuple(p.id for p in self.projects)

    def position(self, project_id: str) -> int:
        """Position of ``project_id`` in the instance (raises ``KeyError`` if unknown)."""
        return self._index[project_id]

    def __contains__(self, project_id: object) -> bool:
        return project_id in self._index

    def __len__(self) -> int:
        return len(self.projects)


@dataclass(frozen=True, eq=False)
class Profile:
    """Ballots stored as compact arrays (compressed rows).

    Ballot ``b`` lists the project positions ``items[indptr[b]:indptr[b+1]]`` (positions in the
    instance, in the order the voter gave them) with the matching ``weights`` (the points, score
    or ordinal points each project gets from that ballot; all 1 for approval ballots). Only valid
    ballots belong in a profile; blank ballots are kept (they have no entries) because they still
    count as voters for Equal Shares.
    """

    kind: BallotKind
    n_projects: int
    indptr: np.ndarray
    items: np.ndarray
    weights: np.ndarray
    _cache: dict[str, object] = field(default_factory=dict, init=False, repr=False,
                                      compare=False)

    def __post_init__(self) -> None:
        if self.kind not in BALLOT_KINDS:
            raise ValueError(f"unknown ballot kind {self.kind!r}")
        if len(self.items) != len(self.weights) or int(self.indptr[-1]) != len(self.items):
            raise ValueError("inconsistent profile arrays")

    def cache_approvals(self, approvals: np.ndarray) -> None:
        """Record :meth:`approvals` when the caller has already counted them (the reader does).

        The arrays of a profile are never modified after construction, so derived counts and
        groupings are cached."""
        if len(approvals) != self.n_projects:
            raise ValueError("one count per project expected")
        self._cache["approvals"] = np.asarray(approvals, dtype=np.int64)

    @property
    def n_ballots(self) -> int:
        """Number of ballots (voters), blank ones included."""
        return len(self.indptr) - 1

    def __len__(self) -> int:
        return self.n_ballots

    def ballot(self, b: int) -> list[tuple[int, int]]:
        """``(project position, weight)`` pairs of ballot ``b``."""
        lo, hi = int(self.indptr[b]), int(self.indptr[b + 1])
        return list(zip(self.items[lo:hi].tolist(), self.weights[lo:hi].tolist(), strict=True))

    def scores(self) -> np.ndarray:
        """Total weight per project position (votes for approval, points or score otherwise)."""
        if self.kind == "approval":
            return self.approvals()
        cached = self._cache.get("scores")
        if cached is None:
            cached = _weighted_counts(self.items, self.weights, self.n_projects)
            self._cache["scores"] = cached
        return cached.copy()  # type: ignore[attr-defined]

    def approvals(self) -> np.ndarray:
        """Number of ballots that contain each project position."""
        cached = self._cache.get("approvals")
        if cached is None:
            cached = np.bincount(self.items, minlength=self.n_projects).astype(np.int64)
            self._cache["approvals"] = cached
        return cached.copy()  # type: ignore[attr-defined]

    def _by_project(self) -> tuple[np.ndarray, np.ndarray]:
        """Stable order of the entries by project position, and each project's bounds in it."""
        cached = self._cache.get("by_project")
        if cached is None:
            items = self.items
            if self.n_projects <= 32_767:  # 16-bit keys: numpy's stable sort is a radix sort
                items = items.astype(np.int16)
            order = np.argsort(items, kind="stable")
            bounds = np.searchsorted(items[order], np.arange(self.n_projects + 1))
            cached = (order, bounds)
            self._cache["by_project"] = cached
        return cached  # type: ignore[return-value]

    def supporters(self) -> list[np.ndarray]:
        """For every project position, the indices of the ballots that contain it (ascending)."""
        order, bounds = self._by_project()
        voter = np.repeat(np.arange(self.n_ballots, dtype=np.int64), np.diff(self.indptr))
        sorted_voters = voter[order]
        return [sorted_voters[bounds[j]:bounds[j + 1]] for j in range(self.n_projects)]

    def supporter_weights(self) -> list[np.ndarray]:
        """Weights matching :meth:`supporters`, project by project."""
        order, bounds = self._by_project()
        sorted_weights = self.weights[order]
        return [sorted_weights[bounds[j]:bounds[j + 1]] for j in range(self.n_projects)]

    @classmethod
    def from_lists(cls, kind: BallotKind, n_projects: int,
                   ballots: Iterable[Sequence[int]],
                   weights: Iterable[Sequence[int]] | None = None) -> Profile:
        """Build a profile from per-ballot lists of project positions (and weights)."""
        ballot_list = [list(b) for b in ballots]
        lengths = [len(b) for b in ballot_list]
        indptr = np.zeros(len(ballot_list) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        items = np.fromiter((p for b in ballot_list for p in b), dtype=np.int64,
                            count=int(indptr[-1]))
        if weights is None:
            w = np.ones(len(items), dtype=np.int64)
        else:
            weight_list = [list(x) for x in weights]
            if [len(x) for x in weight_list] != lengths:
                raise ValueError("weights must match ballots entry for entry")
            w = np.fromiter((x for b in weight_list for x in b), dtype=np.int64,
                            count=int(indptr[-1]))
        if len(items) and (items.min() < 0 or items.max() >= n_projects):
            raise ValueError("project position out of range")
        return cls(kind, n_projects, indptr, items, w)


def _weighted_counts(items: np.ndarray, weights: np.ndarray, n_projects: int) -> np.ndarray:
    """Exact integer sum of ``weights`` per project (no float rounding)."""
    if not len(items):
        return np.zeros(n_projects, dtype=np.int64)
    if int(np.abs(weights).max()) * len(weights) < 2**53:
        # every partial sum is an integer below 2^53 in magnitude: float64 adds it exactly
        return np.bincount(items, weights=weights, minlength=n_projects).astype(np.int64)
    order = np.argsort(items, kind="stable")
    bounds = np.searchsorted(items[order], np.arange(n_projects + 1))
    sums = np.zeros(n_projects, dtype=np.int64)
    nonempty = bounds[1:] > bounds[:-1]
    if len(items):
        sums[nonempty] = np.add.reduceat(weights[order].astype(np.int64), bounds[:-1][nonempty])
    return sums


def approval_profile(instance: Instance, ballots: Iterable[Sequence[str]]) -> Profile:
    """Approval profile from ballots given as project ids (ids must be known to ``instance``)."""
    return Profile.from_lists(
        "approval", len(instance), ([instance.position(i) for i in b] for b in ballots))


def weighted_profile(instance: Instance, kind: BallotKind,
                     ballots: Iterable[Mapping[str, int]]) -> Profile:
    """Cumulative or scoring profile from ballots given as ``{project id: points}``."""
    ballot_list = [dict(b) for b in ballots]
    return Profile.from_lists(
        kind, len(instance),
        ([instance.position(i) for i in b] for b in ballot_list),
        ([int(v) for v in b.values()] for b in ballot_list))


def ordinal_profile(instance: Instance, ballots: Iterable[Sequence[str]],
                    max_length: int) -> Profile:
    """Ordinal profile: the project at position ``k`` (0-based) gets ``max_length - k`` points."""
    ballot_list = [list(b) for b in ballots]
    return Profile.from_lists(
        "ordinal", len(instance),
        ([instance.position(i) for i in b] for b in ballot_list),
        ([max_length - k for k in range(len(b))] for b in ballot_list))
