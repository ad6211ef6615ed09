"""Checking every ballot against META and building the profile and the tally (numpy)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from xihu.engine.ballots import InvalidReason
from xihu.engine.model import Instance, Profile
from xihu.engine.pabulib.cut import Lines, Tokens
from xihu.engine.pabulib.election import PabulibError
from xihu.engine.pabulib.ids import positions
from xihu.engine.tally import Tally, make_tally

# invalid reasons from lowest to highest precedence (a later one overrides an earlier one)
_PRECEDENCE = [
    InvalidReason.UNDER_MIN_POINTS, InvalidReason.OVER_MAX_POINTS, InvalidReason.BAD_POINTS,
    InvalidReason.UNDER_MIN_COST, InvalidReason.OVER_MAX_COST, InvalidReason.UNDER_MIN_LENGTH,
    InvalidReason.REPEATED_PROJECT, InvalidReason.UNKNOWN_PROJECT, InvalidReason.OVER_VOTE,
]
_CODE = {reason: i + 1 for i, reason in enumerate(_PRECEDENCE)}


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


def _repeated(pos: np.ndarray, indptr: np.ndarray, counts: np.ndarray,
              n_projects: int) -> np.ndarray:
    """Token mask: the token repeats an earlier token of the same ballot."""
    n_tokens = len(pos)
    longest = int(counts.max()) if len(counts) else 0
    dup = np.zeros(n_tokens, dtype=bool)
    if longest <= 1:
        return dup
    if longest <= 16 and (n_projects + 1) * 16 < 2**15:
        # Two tokens at most 15 apart lie in ballots whose numbers differ by less than 16, so
        # the ballot number modulo 16 tells them apart: key = position + (P + 1) * (ballot % 16)
        # is equal for two such tokens exactly when they are the same project in one ballot.
        first = np.zeros(n_tokens, dtype=bool)
        first[indptr[:-1][counts > 0]] = True
        ballot = np.cumsum(first, dtype=np.uint8)  # wraps modulo 256, a multiple of 16
        ballot &= np.uint8(15)
        key = pos.astype(np.int16)
        key += np.int16(n_projects + 1) * ballot.astype(np.int16)
        same = np.empty(n_tokens, dtype=bool)
        for d in range(1, longest):
            np.equal(key[:-d], key[d:], out=same[d:])
            dup[d:] |= same[d:]
        return dup
    ballot_of = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    key = ballot_of * (n_projects + 1) + np.where(pos >= 0, pos, n_projects)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    dup[order[1:][sorted_key[1:] == sorted_key[:-1]]] = True
    return dup


def count(instance: Instance, meta: Meta, kind: str, votes: Tokens,
           points: Tokens | None, line_of: Lines) -> tuple[Profile, Tally]:
    """Map tokens to projects, check every ballot against META, build profile and tally."""
    n_projects = len(instance)
    counts = votes.counts
    n_ballots = len(counts)
    n_tokens = len(votes.starts)
    indptr = np.zeros(n_ballots + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    nonempty = counts > 0
    code = np.zeros(n_ballots, dtype=np.int8)

    def ballots_of(token_mask: np.ndarray) -> np.ndarray:
        """Ballot mask: the ballot holds a token of ``token_mask``."""
        where = np.searchsorted(indptr, np.flatnonzero(token_mask), side="right") - 1
        return np.bincount(where, minlength=n_ballots) > 0

    def mark(mask: np.ndarray, reason: InvalidReason) -> None:
        code[mask & nonempty] = _CODE[reason]

    def per_ballot_sum(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n_ballots, dtype=np.int64)
        if len(values):
            out[nonempty] = np.add.reduceat(values, indptr[:-1][nonempty])
        return out

    # weights (points) first: bad numbers are format errors
    if points is not None:
        parsed = _integers(points)
        if parsed is None:
            raw = points.buf.tobytes()
            for t, (s, k) in enumerate(zip(points.starts.tolist(), points.lens.tolist(),
                                           strict=True)):
                if not _is_int(raw[s:s + k]):
                    b = int(np.searchsorted(indptr, t, side="right")) - 1
                    raise PabulibError(line_of(b), f"points {raw[s:s + k].decode('utf-8', 'replace')!r} "
                                                   "is not an integer")
            parsed = np.array([int(raw[s:s + k]) for s, k in
                               zip(points.starts.tolist(), points.lens.tolist(), strict=True)],
                              dtype=np.int64)
        weights = parsed
        min_points, max_points = meta.integer("min_points"), meta.integer("max_points")
        bad_points = np.zeros(len(weights), dtype=bool)
        if min_points is not None:
            bad_points |= weights < min_points
        if max_points is not None:
            bad_points |= weights > max_points
        sums = per_ballot_sum(weights)
        min_sum, max_sum = meta.integer("min_sum_points"), meta.integer("max_sum_points")
        if min_sum is not None:
            mark(sums < min_sum, InvalidReason.UNDER_MIN_POINTS)
        if max_sum is not None:
            mark(sums > max_sum, InvalidReason.OVER_MAX_POINTS)
        if bad_points.any():
            mark(ballots_of(bad_points), InvalidReason.BAD_POINTS)
    elif kind == "ordinal":
        max_length = meta.integer("max_length") or (int(counts.max()) if n_ballots else 0)
        ballot_of = np.repeat(np.arange(n_ballots, dtype=np.int64), counts)
        weights = max_length - (np.arange(n_tokens, dtype=np.int64) - indptr[:-1][ballot_of])
    else:
        weights = np.ones(n_tokens, dtype=np.int64)

    pos = positions(votes, instance)
    known = pos >= 0
    all_known = bool(known.all())
    # ballot cost limits, computed exactly on integers scaled by a common denominator
    min_cost, max_cost = meta.money("min_sum_cost"), meta.money("max_sum_cost")
    if min_cost is not None or max_cost is not None:
        costs = [Fraction(p.cost) for p in instance.projects]
        scale = math.lcm(*(c.denominator for c in costs),
                         *(x.denominator for x in (min_cost, max_cost) if x is not None))
        scaled = np.array([int(c * scale) for c in costs] + [0], dtype=np.int64)
        ballot_cost = per_ballot_sum(scaled[pos])  # pos -1 picks the trailing 0
        if min_cost is not None:
            mark(ballot_cost < int(min_cost * scale), InvalidReason.UNDER_MIN_COST)
        if max_cost is not None:
            mark(ballot_cost > int(max_cost * scale), InvalidReason.OVER_MAX_COST)
    min_length = meta.integer("min_length")
    if min_length is not None:
        mark(counts < min_length, InvalidReason.UNDER_MIN_LENGTH)
    repeated = _repeated(pos, indptr, counts, n_projects)
    if repeated.any():
        mark(ballots_of(repeated), InvalidReason.REPEATED_PROJECT)
    if not all_known:
        empty = votes.lens == 0
        if empty.any():
            t = int(np.flatnonzero(empty)[0])
            raise PabulibError(line_of(int(np.searchsorted(indptr, t, side="right")) - 1),
                               "empty project id in vote")
        mark(ballots_of(~known), InvalidReason.UNKNOWN_PROJECT)
    max_length = meta.integer("max_length")
    if max_length is not None:
        mark(counts > max_length, InvalidReason.OVER_VOTE)

    valid_ballot = code == 0
    if valid_ballot.all():
        items, kept_weights, kept_indptr = pos, weights, indptr
    else:
        keep = np.repeat(valid_ballot, counts)
        items, kept_weights = pos[keep], weights[keep]
        kept_counts = counts[valid_ballot]
        kept_indptr = np.zeros(len(kept_counts) + 1, dtype=np.int64)
        np.cumsum(kept_counts, out=kept_indptr[1:])
    votes_per_project = np.bincount(items, minlength=n_projects)
    profile = Profile(kind, n_projects, kept_indptr, items, kept_weights)  # type: ignore[arg-type]
    profile.cache_approvals(votes_per_project)
    reason_counts = np.bincount(code, minlength=len(_PRECEDENCE) + 1)
    invalid = {str(r): int(reason_counts[_CODE[r]]) for r in reversed(_PRECEDENCE)}
    blank = int(np.count_nonzero(valid_ballot & ~nonempty))
    max_choices = max_length if max_length is not None else max(n_projects, 1)
    tally = make_tally(instance.ids, dict(zip(instance.ids, votes_per_project.tolist(),
                                              strict=True)),
                       max_choices, valid=int(np.count_nonzero(valid_ballot)) - blank,
                       blank=blank, invalid=invalid)
    return profile, tally


def _is_int(token: bytes) -> bool:
    try:
        int(token)
    except ValueError:
        return False
    return True
