"""Validity of single ballots.

An approval ballot lists at most ``k`` distinct known projects. The checks, in order of precedence
(the first failing one is the reason reported):

1. ``over_vote``: more than ``k`` choices (the whole ballot is invalid, no project gets a vote);
2. ``unknown_project``: a choice that is not a project of the vote;
3. ``repeated_project``: the same project chosen twice.

A ballot with no choice is ``blank`` (counted, but neither valid nor invalid). pabulib files add
further constraints from META (``min_length``, ``max_sum_cost``, points limits); their reason
codes are listed in :class:`InvalidReason` too.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum


class BallotStatus(StrEnum):
    """Outcome of checking one ballot."""

    VALID = "valid"
    BLANK = "blank"
    INVALID = "invalid"


class InvalidReason(StrEnum):
    """Why a ballot is invalid (stable codes, safe to store)."""

    OVER_VOTE = "over_vote"
    UNKNOWN_PROJECT = "unknown_project"
    REPEATED_PROJECT = "repeated_project"
    UNDER_MIN_LENGTH = "under_min_length"
    OVER_MAX_COST = "over_max_cost"
    UNDER_MIN_COST = "under_min_cost"
    BAD_POINTS = "bad_points"
    OVER_MAX_POINTS = "over_max_points"
    UNDER_MIN_POINTS = "under_min_points"


@dataclass(frozen=True, slots=True)
class BallotCheck:
    """Result of :func:`check_approval`: status, reason code when invalid, the counted choices."""

    status: BallotStatus
    reason: InvalidReason | None = None
    choices: tuple[str, ...] = ()

    @property
    def is_valid(self) -> bool:
        """True for a valid, non-blank ballot."""
        return self.status is BallotStatus.VALID


BLANK = BallotCheck(BallotStatus.BLANK)


def check_approval(choices: Sequence[str], known_ids: Collection[str],
                   max_choices: int) -> BallotCheck:
    """Check one k-approval ballot (``k = max_choices``); see the module docstring for the rules."""
    if max_choices < 1:
        raise ValueError("max_choices must be at least 1")
    if len(choices) == 0:
        return BLANK
    if len(choices) > max_choices:
        return BallotCheck(BallotStatus.INVALID, InvalidReason.OVER_VOTE)
    for choice in choices:
        if choice not in known_ids:
            return BallotCheck(BallotStatus.INVALID, InvalidReason.UNKNOWN_PROJECT)
    if len(set(choices)) != len(choices):
        return BallotCheck(BallotStatus.INVALID, InvalidReason.REPEATED_PROJECT)
    return BallotCheck(BallotStatus.VALID, None, tuple(choices))
