"""Counting one ballot's records through the engine (never a tally of our own).

The rule, shared with the standalone verifier: a paper ruled invalid when it was entered
(status "invalid") counts as invalid with its recorded reason; every other paper is checked by
the engine on its marks (over-vote, unknown or repeated project -> invalid; no mark -> blank).
Project ids in the engine are the item numbers on the ballot, as strings.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.voting.models import CastBallot
from xihu.engine.ballots import BallotStatus, check_approval
from xihu.engine.tally import Tally, make_tally, tally_approval

RULED_INVALID = "ruled_invalid"


@dataclass(frozen=True)
class Mark:
    """One paper as recorded: the item numbers marked, its status and why invalid."""

    choices: tuple[int, ...]
    status: str
    invalid_reason: str = ""


def item_ids(items: Sequence[BallotItem]) -> list[str]:
    return [str(item.number) for item in items]


def count_marks(ballot: Ballot, items: Sequence[BallotItem], marks: Iterable[Mark]) -> tuple[Tally, list[list[str]]]:
    """The engine's tally of `marks`, and the counted papers (valid and blank) as id lists."""
    ids = item_ids(items)
    ruled: Counter[str] = Counter()
    papers: list[list[str]] = []
    for mark in marks:
        if mark.status == CastBallot.Status.INVALID:
            ruled[mark.invalid_reason or RULED_INVALID] += 1
        else:
            papers.append([str(c) for c in mark.choices])
    tally = tally_approval(papers, ids, ballot.max_choices)
    known = frozenset(ids)
    checks = (check_approval(p, known, ballot.max_choices) for p in papers)
    counted = [list(c.choices) for c in checks if c.status is not BallotStatus.INVALID]
    if ruled:
        invalid = Counter(tally.invalid)
        invalid.update(ruled)
        tally = make_tally(ids, tally.votes, ballot.max_choices,
                           valid=tally.valid, blank=tally.blank, invalid=invalid)
    return tally, counted


def marks_of(records) -> list[Mark]:
    """Marks from a CastBallot queryset (only the fields counting needs)."""
    return [Mark(tuple(int(c) for c in choices), status, reason or "")
            for choices, status, reason in records.values_list("choices", "status", "invalid_reason")]


def tally_json(tally: Tally) -> dict:
    return {
        "votes": dict(tally.votes), "ballots": tally.ballots, "valid": tally.valid,
        "blank": tally.blank, "invalid": dict(tally.invalid),
        "under_votes": tally.under_votes, "over_votes": tally.over_votes,
    }
