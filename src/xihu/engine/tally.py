"""Counting approval ballots: votes per project and the ballot accounting.

Accounting with ``k`` choices per ballot (``k = max_choices``):

- a valid ballot with ``m`` choices gives ``m`` votes and ``k - m`` under-votes;
- a blank ballot gives ``k`` under-votes;
- an invalid ballot (any reason) gives ``k`` over-votes: its slots are lost.

Hence ``ballots * k == sum(votes) + under_votes + over_votes`` and
``ballots == valid + blank + sum(invalid.values())``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from xihu.engine.ballots import BallotStatus, check_approval


@dataclass(frozen=True)
class Tally:
    """Result of counting: votes per project (every project present, 0 if none) and totals."""

    votes: dict[str, int]
    max_choices: int
    ballots: int
    valid: int
    blank: int
    invalid: dict[str, int]
    under_votes: int
    over_votes: int

    @property
    def invalid_total(self) -> int:
        """Number of invalid ballots, all reasons together."""
        return sum(self.invalid.values())

    def check(self) -> None:
        """Raise ``AssertionError`` if the accounting identities do not hold."""
        k = self.max_choices
        if self.ballots * k != sum(self.votes.values()) + self.under_votes + self.over_votes:
            raise AssertionError("ballots x k != votes + under-votes + over-votes")
        if self.ballots != self.valid + self.blank + self.invalid_total:
            raise AssertionError("ballots != valid + blank + invalid")


def make_tally(project_ids: Sequence[str], votes: Mapping[str, int], max_choices: int, *,
               valid: int, blank: int, invalid: Mapping[str, int]) -> Tally:
    """Assemble a :class:`Tally` from counts, deriving ballots, under- and over-votes."""
    invalid_counts = {str(r): int(n) for r, n in invalid.items() if n}
    n_invalid = sum(invalid_counts.values())
    ballots = valid + blank + n_invalid
    vote_counts = {pid: int(votes.get(pid, 0)) for pid in project_ids}
    total_votes = sum(vote_counts.values())
    return Tally(
        votes=vote_counts,
        max_choices=max_choices,
        ballots=ballots,
        valid=valid,
        blank=blank,
        invalid=invalid_counts,
        under_votes=(valid + blank) * max_choices - total_votes,
        over_votes=n_invalid * max_choices,
    )


def tally_approval(ballots: Iterable[Sequence[str]], project_ids: Sequence[str],
                   max_choices: int) -> Tally:
    """Count k-approval ballots given as sequences of project ids (see module docstring)."""
    known = frozenset(project_ids)
    votes: Counter[str] = Counter()
    valid = blank = 0
    invalid: Counter[str] = Counter()
    for choices in ballots:
        result = check_approval(choices, known, max_choices)
        if result.status is BallotStatus.VALID:
            valid += 1
            votes.update(result.choices)
        elif result.status is BallotStatus.BLANK:
            blank += 1
        else:
            assert result.reason is not None
            invalid[str(result.reason)] += 1
    return make_tally(project_ids, votes, max_choices, valid=valid, blank=blank, invalid=invalid)


def ranked(tally: Tally) -> list[tuple[str, ...]]:
    """Projects grouped by equal votes, most votes first; a group lists ties in project order."""
    groups: dict[int, list[str]] = {}
    for pid, n in tally.votes.items():
        groups.setdefault(n, []).append(pid)
    return [tuple(groups[n]) for n in sorted(groups, reverse=True)]
