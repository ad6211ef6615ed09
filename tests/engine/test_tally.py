"""Ballot validity and the approval tally, including the accounting identity."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.engine.ballots import BallotStatus, InvalidReason, check_approval
from xihu.engine.tally import ranked, tally_approval

IDS = ["a", "b", "c", "d"]


def test_check_approval_statuses_and_reasons() -> None:
    assert check_approval(["a", "b"], IDS, 2).status is BallotStatus.VALID
    assert check_approval([], IDS, 2).status is BallotStatus.BLANK
    over = check_approval(["a", "b", "c"], IDS, 2)
    assert (over.status, over.reason) == (BallotStatus.INVALID, InvalidReason.OVER_VOTE)
    assert check_approval(["a", "zz"], IDS, 2).reason is InvalidReason.UNKNOWN_PROJECT
    assert check_approval(["a", "a"], IDS, 2).reason is InvalidReason.REPEATED_PROJECT
    # precedence: too many choices wins over unknown and repeated ids
    assert check_approval(["a", "a", "zz"], IDS, 2).reason is InvalidReason.OVER_VOTE
    assert check_approval(["zz", "zz"], IDS, 2).reason is InvalidReason.UNKNOWN_PROJECT


def test_tally_counts_and_accounting() -> None:
    ballots = [["a", "b"], ["a"], [], ["a", "b", "c"], ["x"], ["b", "b"]]
    t = tally_approval(ballots, IDS, max_choices=2)
    assert t.votes == {"a": 2, "b": 1, "c": 0, "d": 0}
    assert (t.ballots, t.valid, t.blank) == (6, 2, 1)
    assert t.invalid == {"over_vote": 1, "unknown_project": 1, "repeated_project": 1}
    assert t.under_votes == 0 + 1 + 2  # valid with 2, valid with 1, blank
    assert t.over_votes == 3 * 2
    assert t.ballots * 2 == sum(t.votes.values()) + t.under_votes + t.over_votes
    t.check()


def test_ranked_groups_ties_high_to_low_in_project_order() -> None:
    t = tally_approval([["b", "a"], ["a", "b"], ["d"]], IDS, 2)
    assert ranked(t) == [("a", "b"), ("d",), ("c",)]


choice = st.sampled_from(IDS + ["zz"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(choice, max_size=5), max_size=40), st.integers(1, 4))
def test_tally_identity_holds(ballots: list[list[str]], k: int) -> None:
    t = tally_approval(ballots, IDS, k)
    assert t.ballots == len(ballots)
    assert t.ballots * k == sum(t.votes.values()) + t.under_votes + t.over_votes
    assert t.ballots == t.valid + t.blank + t.invalid_total
    # votes come from valid ballots only, one per distinct choice
    expected = {pid: 0 for pid in IDS}
    for b in ballots:
        if b and len(b) <= k and len(set(b)) == len(b) and all(x in IDS for x in b):
            for x in b:
                expected[x] += 1
    assert t.votes == expected
    assert t.under_votes >= 0 and t.over_votes == k * t.invalid_total
