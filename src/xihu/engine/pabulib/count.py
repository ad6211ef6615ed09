"""Checking every ballot against META and building the profile and the tally (numpy)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from xihu.engine.ballots import InvalidReason
from xihu.engine.model import Instance, Profile
from xihu.engine.pabulib.cut import Tokens
from xihu.engine.pabulib.election import PabulibError
from xihu.engine.pabulib.ids import id_lookup
from xihu.engine.tally import Tally, make_tally

# invalid reasons from lowest to highest precedence (a later one overrides an earlier one)
_PRECEDENCE = [
    InvalidReason.UNDER_MIN_POINTS, InvalidReason.OVER_MAX_POINTS, InvalidReason.BAD_POINTS,
    InvalidReason.UNDER_MIN_COST, InvalidReason.OVER_MAX_COST, InvalidReason.UNDER_MIN_LENGTH,
    InvalidReason.REPEATED_PROJECT, InvalidReason.UNKNOWN_PROJECT, InvalidReason.OVER_VOTE,
]
_CODE = {reason: i + 1 for i, reason in enumerate(_PRECEDENCE)}
_COMMA = 44


def _integers(tokens: Tokens) -> np.ndarray | None:
    """The tokens as decimal integers (an optional leading ``-``); ``None`` if one is not."""
    n = len(tokens.starts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    lens = tokens.lens
    if int(lens.max()) > 18 or int(lens.min()) <= 0:
        return None
    buf = np.concatenate([tokens.buf, np.zeros(19, dtype=np.uint8)])
    negative = buf[tokens.starts] == 45
    value = np.zeros(n, dtype=np.int64)
    ok = ~negative | (lens > 1)
    for i in range(int(lens.max())):
        c = buf[tokens.starts + i].astype(np.int64)
        inside = i < lens
        digit = (c >= 48) & (c <= 57)
        ok &= ~inside | digit | ((i == 0) & negative)
        value = np.where(inside & digit, value * 10 + (c - 48), value)
    if not ok.all():
        return None
    return np.where(negative, -value, value)


@dataclass(frozen=True)
class Meta:
    """META values with the line each came from (for error messages)."""

    values: dict[str, str]
    lines: dict[str, int]

    def money(self, key: str) -> Fraction | None:
        value = self.values.get(key, "").strip()
        if not value or value.lower() == "none":
            return None
        try:
            return Fraction(value.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            raise PabulibError(self.lines.get(key, 0),
                               f"META {key} {value!r} is not a number") from None

    def integer(self, key: str) -> int | None:
        value = self.money(key)
        if value is not None and value.denominator != 1:
            raise PabulibError(self.lines.get(key, 0), f"META {key} must be an integer")
        return None if value is None else int(value)


def _repeated(pos: np.ndarray, first: np.ndarray, longest: int) -> np.ndarray:
    """Token mask: the token repeats an earlier token of the same ballot. ``first`` marks the
    first token of every ballot; ``longest`` is the most tokens a ballot has."""
    n_tokens = len(pos)
    dup = np.zeros(n_tokens, dtype=bool)
    if longest <= 1:
        return dup
    if longest <= 32:
        # tokens t - d and t are in one ballot when none of t - d + 1 .. t starts a ballot:
        # ``chain`` holds that for every t (as chain[t - d]), one distance more at each step
        go_on = ~first
        chain = go_on[1:]
        same = np.empty(n_tokens, dtype=bool)
        for d in range(1, longest):
            if d > 1:
                chain = chain[1:] & go_on[1:n_tokens - d + 1]
            np.equal(pos[:-d], pos[d:], out=same[d:])
            same[d:] &= chain
            dup[d:] |= same[d:]
        return dup
    ballot_of = np.cumsum(first, dtype=np.int64)
    key = ballot_of * (int(pos.max(initial=0)) + 2) + pos + 1
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    dup[order[1:][sorted_key[1:] == sorted_key[:-1]]] = True
    return dup


class Recut(Exception):  # noqa: N818 (a signal, not an error)
    """A chunk cut at a fixed width holds a token with a comma: cut it the general way."""


def _comma_in(tokens: Tokens, which: np.ndarray) -> bool:
    """Does one of the tokens ``which`` (a mask) hold a comma?"""
    starts = tokens.starts[which]
    width = tokens.width or 0
    return any(bool((tokens.buf[starts + i] == _COMMA).any()) for i in range(width))


class _Ballots:
    """The ballots of a chunk: their invalid-reason codes (made when one is first marked)."""

    def __init__(self, counts: np.ndarray) -> None:
        self.counts = counts
        self.code: np.ndarray | None = None
        self._indptr: np.ndarray | None = None

    @property
    def indptr(self) -> np.ndarray:
        if self._indptr is None:
            self._indptr = np.zeros(len(self.counts) + 1, dtype=np.int64)
            np.cumsum(self.counts, out=self._indptr[1:])
        return self._indptr

    def of_token(self, token: int) -> int:
        return int(np.searchsorted(self.indptr, token, side="right")) - 1

    def holding(self, token_mask: np.ndarray) -> np.ndarray:
        """Ballot mask: the ballot holds a token of ``token_mask``."""
        where = np.searchsorted(self.indptr, np.flatnonzero(token_mask), side="right") - 1
        return np.bincount(where, minlength=len(self.counts)) > 0

    def mark(self, mask: np.ndarray, reason: InvalidReason) -> None:
        """Mark the non-blank ballots of ``mask`` invalid for ``reason`` (a later mark wins)."""
        mask = mask & (self.counts > 0)
        if mask.any():
            if self.code is None:
                self.code = np.zeros(len(self.counts), dtype=np.int8)
            self.code[mask] = _CODE[reason]

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one per token) per ballot."""
        out = np.zeros(len(self.counts), dtype=np.int64)
        nonempty = self.counts > 0
        if len(values):
            out[nonempty] = np.add.reduceat(values, self.indptr[:-1][nonempty])
        return out


class Counter:
    """Counts the ballots of a VOTES section chunk by chunk (:meth:`add`): maps tokens to
    projects, checks every ballot against META, keeps the valid and blank ones and counts the
    votes; :meth:`result` gives the profile and the tally."""

    def __init__(self, instance: Instance, meta: Meta, kind: str, *, points: bool,
                 nul: bool) -> None:
        self.instance = instance
        self.kind = kind
        self.nul = nul
        self.n_projects = len(instance)
        self.lookup = id_lookup(tuple(p.id.encode("utf-8") for p in instance.projects))
        self.max_length = meta.integer("max_length")
        self.min_length = meta.integer("min_length")
        self.point_limits = tuple(meta.integer(k) for k in (
            "min_points", "max_points", "min_sum_points", "max_sum_points")) if points else None
        # ballot cost limits, compared exactly on integers scaled by a common denominator
        min_cost, max_cost = meta.money("min_sum_cost"), meta.money("max_sum_cost")
        self.cost_limits = None
        if min_cost is not None or max_cost is not None:
            costs = [Fraction(p.cost) for p in instance.projects]
            scale = math.lcm(*(c.denominator for c in costs),
                             *(x.denominator for x in (min_cost, max_cost) if x is not None))
            scaled = np.array([int(c * scale) for c in costs] + [0], dtype=np.int64)
            self.cost_limits = (scaled, None if min_cost is None else int(min_cost * scale),
                                None if max_cost is None else int(max_cost * scale))
        self.items: list[np.ndarray] = []
        self.weights: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.votes = np.zeros(self.n_projects, dtype=np.int64)
        self.reasons = np.zeros(len(_PRECEDENCE) + 1, dtype=np.int64)
        self.blank = 0
        self.longest = 0

    def add(self, votes: Tokens, points: Tokens | None, line_of: Callable[[int], int]) -> None:
        """Count the ballots of one chunk (``line_of``: line of each ballot of the chunk).

        Raises :class:`Recut` (before counting anything) if ``votes`` was cut at a fixed width
        and a token that is no project id holds a comma: the chunk must be cut the general way.
        """
        counts = votes.counts
        n_ballots = len(counts)
        if points is not None and not np.array_equal(counts, points.counts):
            bad = int(np.flatnonzero(counts != points.counts)[0])
            raise PabulibError(line_of(bad), "vote and points have different lengths")
        if n_ballots == 0:
            return
        pos = self.lookup.positions(votes, self.nul)
        all_known = int(pos.min(initial=0)) >= 0
        if not all_known and votes.width is not None and _comma_in(votes, pos < 0):
            raise Recut
        longest = int(counts.max())
        self.longest = max(self.longest, longest)
        ballots = _Ballots(counts)

        # weights (points) first: bad numbers are format errors
        weights = None
        if points is not None:
            weights = _points(points, lambda t: line_of(ballots.of_token(t)))
            assert self.point_limits is not None
            min_points, max_points, min_sum, max_sum = self.point_limits
            bad_points = np.zeros(len(weights), dtype=bool)
            if min_points is not None:
                bad_points |= weights < min_points
            if max_points is not None:
                bad_points |= weights > max_points
            if min_sum is not None or max_sum is not None:
                sums = ballots.sums(weights)
                if min_sum is not None:
                    ballots.mark(sums < min_sum, InvalidReason.UNDER_MIN_POINTS)
                if max_sum is not None:
                    ballots.mark(sums > max_sum, InvalidReason.OVER_MAX_POINTS)
            if bad_points.any():
                ballots.mark(ballots.holding(bad_points), InvalidReason.BAD_POINTS)
        if self.cost_limits is not None:
            scaled, min_cost, max_cost = self.cost_limits
            ballot_cost = ballots.sums(scaled[pos])  # pos -1 picks the trailing 0
            if min_cost is not None:
                ballots.mark(ballot_cost < min_cost, InvalidReason.UNDER_MIN_COST)
            if max_cost is not None:
                ballots.mark(ballot_cost > max_cost, InvalidReason.OVER_MAX_COST)
        if self.min_length is not None and self.min_length > 1:
            ballots.mark(counts < self.min_length, InvalidReason.UNDER_MIN_LENGTH)
        if longest > 1:
            repeated = _repeated(pos, votes.firsts(), longest)
            if repeated.any():
                ballots.mark(ballots.holding(repeated), InvalidReason.REPEATED_PROJECT)
        if not all_known:
            empty = votes.lens == 0 if votes.lens is not None else np.zeros(1, dtype=bool)
            if empty.any():
                t = int(np.flatnonzero(empty)[0])
                raise PabulibError(line_of(ballots.of_token(t)), "empty project id in vote")
            ballots.mark(ballots.holding(pos < 0), InvalidReason.UNKNOWN_PROJECT)
        if self.max_length is not None and longest > self.max_length:
            ballots.mark(counts > self.max_length, InvalidReason.OVER_VOTE)

        if ballots.code is not None:  # some ballots are invalid: keep the others
            valid = ballots.code == 0
            keep = np.repeat(valid, counts)
            pos = pos[keep]
            if weights is not None:
                weights = weights[keep]
            counts = counts[valid]
            self.reasons += np.bincount(ballots.code, minlength=len(self.reasons))
        self.items.append(pos)
        self.counts.append(counts)
        if weights is not None:
            self.weights.append(weights)
        self.votes += np.bincount(pos, minlength=self.n_projects)
        self.blank += len(counts) - int(np.count_nonzero(counts))  # blank ballots are valid

    def result(self) -> tuple[Profile, Tally]:
        """The profile of the valid and blank ballots, and the tally of all of them."""
        items = (np.concatenate(self.items) if self.items
                 else np.zeros(0, dtype=self.lookup.slot_pos.dtype))
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, dtype=np.int64)
        indptr = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        n_tokens = len(items)
        if self.kind == "ordinal":
            top = self.max_length or self.longest
            start = np.repeat(indptr[:-1], counts)
            weights = top - (np.arange(n_tokens, dtype=np.int64) - start)
        elif self.kind in ("cumulative", "scoring"):
            weights = (np.concatenate(self.weights) if self.weights
                       else np.zeros(0, dtype=np.int64))
        else:
            weights = np.broadcast_to(np.int64(1), (n_tokens,))
        profile = Profile(self.kind, self.n_projects, indptr, items, weights)  # type: ignore[arg-type]
        profile.cache_approvals(self.votes)
        invalid = {str(r): int(self.reasons[_CODE[r]]) for r in reversed(_PRECEDENCE)}
        ids = self.instance.ids
        max_choices = self.max_length if self.max_length is not None else max(self.n_projects, 1)
        tally = make_tally(ids, dict(zip(ids, self.votes.tolist(), strict=True)), max_choices,
                           valid=len(counts) - self.blank, blank=self.blank, invalid=invalid)
        return profile, tally


def _points(points: Tokens, line_of_token: Callable[[int], int]) -> np.ndarray:
    """The points tokens as integers; a token that is not one is a format error."""
    parsed = _integers(points)
    if parsed is not None:
        return parsed
    raw = points.buf.tobytes()
    values = []
    for t, (s, k) in enumerate(zip(points.starts.tolist(), points.lens.tolist(), strict=True)):
        token = raw[s:s + k]
        if not _is_int(token):
            raise PabulibError(line_of_token(t), f"points {token.decode('utf-8', 'replace')!r} "
                                                 "is not an integer")
        values.append(int(token))
    return np.array(values, dtype=np.int64)


def _is_int(token: bytes) -> bool:
    try:
        int(token)
    except ValueError:
        return False
    return True
