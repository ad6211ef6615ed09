"""Selection under the cap through the engine: skip-and-continue, tie-breaks, Equal Shares alongside."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.results.builders import make_ballot
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.models import Edition
from xihu.apps.results.explain import comparison_text
from xihu.apps.results.selection import TIE_BREAKS, instance_of, run_rule, select_for
from xihu.apps.results.selectors import BallotResult, ItemRow
from xihu.apps.results.tallying import Mark, count_marks
from xihu.verifier import counting, equal_shares

pytestmark = pytest.mark.django_db


def run(edition, tree, people, items, papers, *, rule="greedy", tie_break="lower_cost", budget=300_000):
    Edition.objects.filter(pk=edition.pk).update(selection_rule=rule, tie_break=tie_break)
    edition.refresh_from_db()
    ballot = make_ballot(edition, tree["s1a"], "community", items, actor=people["staff"], budget=budget)
    ballot.edition = edition
    rows = list(ballot.items.order_by("number"))
    tally, counted = count_marks(ballot, rows, [Mark(tuple(p), "valid") for p in papers])
    return ballot, tally, select_for(ballot, rows, tally, counted)


def votes(spec: dict[int, int]) -> list[list[int]]:
    """Papers giving each item its number of votes (one mark per paper)."""
    return [[number] for number, n in spec.items() for _ in range(n)]


def test_a_skipped_project_lets_a_cheaper_one_in(edition, tree, people):
    items = [("A", 200_000), ("B", 150_000), ("C", 90_000)]
    _b, _t, (main, other) = run(edition, tree, people, items, votes({1: 10, 2: 9, 3: 8}))
    assert main.winners == [1, 3]  # B does not fit after A; C still does
    assert main.allocation["total_cost"] == 290_000


def test_greedy_stop_stops_at_the_first_misfit(edition, tree, people):
    items = [("A", 200_000), ("B", 150_000), ("C", 90_000)]
    _b, _t, (main, _o) = run(edition, tree, people, items, votes({1: 10, 2: 9, 3: 8}),
                             rule="greedy-stop")
    assert main.winners == [1]


@pytest.mark.parametrize(("tie_break", "winners", "undecided"), [
    ("lower_cost", [3, 2], []),  # the cheaper of the tied projects first, then the other fits
    ("project_order", [3, 1], []),
    ("refuse", [3], [1, 2]),
])
def test_tie_breaks_are_applied_and_recorded(edition, tree, people, tie_break, winners, undecided):
    items = [("A", 150_000), ("B", 140_000), ("C", 10_000)]
    _b, _t, (main, _o) = run(edition, tree, people, items, votes({1: 5, 2: 5, 3: 9}),
                             tie_break=tie_break, budget=300_000 - 140_000)
    assert main.winners == winners
    assert main.undecided == undecided
    assert sorted(main.allocation["ties"][0]["candidates"]) == ["1", "2"]


def test_a_project_without_votes_is_not_funded(edition, tree, people):
    _b, _t, (main, _o) = run(edition, tree, people, [("A", 100_000), ("B", 50_000)], votes({1: 3}))
    assert main.winners == [1]


def test_equal_shares_alongside_with_the_difference_in_plain_words(edition, tree, people):
    # 60 voters back A and B (each 150k), 40 voters back C (150k): greedy funds A and B,
    # Equal Shares gives the 40 their share and funds C.
    items = [("A", 150_000), ("B", 150_000), ("C", 150_000)]
    papers = [[1, 2]] * 60 + [[3]] * 40
    ballot, _t, (main, other) = run(edition, tree, people, items, papers)
    assert main.winners == [1, 2]
    assert other.rule == "mes" and set(other.winners) == {1, 3}
    result = BallotResult(ballot, type("R", (), {"comparison": {"rule": "mes"}})(), None)
    result.rows = [ItemRow(i, 0, 0, i.number in main.winners, None, i.number in other.winners)
                   for i in ballot.items.order_by("number")]
    text = " ".join(comparison_text(result))
    assert "also fund: 3. C" in text and "not fund: 2. B" in text and "equal share" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    costs=st.lists(st.integers(1, 12).map(lambda n: n * 25_000), min_size=1, max_size=6),
    papers=st.lists(st.lists(st.integers(1, 7), max_size=6), max_size=40),
    tie_break=st.sampled_from(["lower_cost", "project_order", "refuse"]),
    rule=st.sampled_from(["greedy", "greedy-stop", "mes"]),
)
def test_platform_and_standalone_verifier_agree(edition, tree, people, costs, papers, tie_break, rule):
    """Property: for any ballots, the verifier's independent recount, greedy and Equal Shares
    equal the platform's engine-based count and selection."""
    items = [(f"P{i}", c) for i, c in enumerate(costs, start=1)]
    unit = tree["s1a"]
    edition_copy = Edition.objects.get(pk=edition.pk)
    Edition.objects.filter(pk=edition.pk).update(selection_rule=rule, tie_break=tie_break)
    edition_copy.refresh_from_db()
    ballot = Ballot(edition=edition_copy, unit=unit, kind="community", max_choices=5, budget=300_000)
    rows = [BallotItem(ballot=ballot, number=i, title=t, amount=c)
            for i, (t, c) in enumerate(items, start=1)]
    tally, counted = count_marks(ballot, rows, [Mark(tuple(p), "valid") for p in papers])
    main = run_rule(rule, TIE_BREAKS[tie_break], instance_of(ballot, rows), tally, counted)
    definition = {"key": "x", "max_choices": 5,
                  "items": [{"number": r.number, "amount": r.amount} for r in rows]}
    recount = counting.recount(definition, [{"choices": p, "status": "valid"} for p in papers])
    assert recount["votes"] == tally.votes
    assert (recount["valid"], recount["blank"], sum(recount["invalid"].values())) == (
        tally.valid, tally.blank, tally.invalid_total)
    tb = {"lower_cost": "cost", "project_order": "order", "refuse": "refuse"}[tie_break]
    if rule == "mes":  # the verifier's own Equal Shares, in fractions, on the same papers
        profile = counting.Tally(definition, keep_profile=True)
        for p in papers:
            profile.add({"choices": p, "status": "valid"})
        counted_papers = recount["valid"] + recount["blank"]
        winners, undecided = equal_shares.equal_shares(
            definition["items"], profile.profile, recount["votes"], 300_000, tb,
            equal_shares.increment_for(300_000, counted_papers))
    else:
        winners, undecided = counting.greedy(definition["items"], recount["votes"], 300_000, tb,
                                             stop=rule == "greedy-stop", min_votes=1)
    assert winners == main.winners
    assert undecided == sorted(main.undecided)
