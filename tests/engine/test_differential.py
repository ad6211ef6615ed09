"""Differential tests: on random small instances the engine agrees with pabutools.

pabutools breaks ties by project name; the instances here list projects in name order, so the
engine's ``TieBreak.ORDER`` is the same rule. Costs are at least 1 (pabutools scores a free
project differently from a vote count).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Cardinality_Sat, Cost_Sat
from pabutools.election import Instance as PInstance
from pabutools.election import Project as PProject
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.rules import sequential_phragmen as p_phragmen

from xihu.engine.model import Instance, Project, approval_profile
from xihu.engine.rules import equal_shares, greedy, greedy_stop, sequential_phragmen

NAMES = [f"p{i}" for i in range(9)]  # name order == instance order


@st.composite
def elections(draw, max_cost: int = 30, max_budget: int = 60, max_voters: int = 8):
    n = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(1, max_cost), min_size=n, max_size=n))
    budget = draw(st.integers(1, max_budget))
    ballots = draw(st.lists(st.lists(st.integers(0, n - 1), unique=True, max_size=n),
                            min_size=1, max_size=max_voters))
    return costs, budget, ballots


def build(costs, budget, ballots):
    mine = Instance(tuple(Project(NAMES[j], c) for j, c in enumerate(costs)), budget)
    profile = approval_profile(mine, [[NAMES[j] for j in b] for b in ballots])
    projects = [PProject(NAMES[j], c) for j, c in enumerate(costs)]
    theirs = PInstance(projects, budget_limit=budget)
    p_profile = ApprovalProfile([ApprovalBallot([projects[j] for j in b]) for b in ballots])
    return mine, profile, theirs, p_profile


def names(allocation) -> list[str]:
    return [p.name for p in allocation]


@settings(max_examples=1500, deadline=None)
@given(elections())
def test_greedy_matches_pabutools(election) -> None:
    mine, profile, theirs, p_profile = build(*election)
    expected = names(greedy_utilitarian_welfare(theirs, p_profile, sat_class=Cost_Sat))
    assert list(greedy(mine, profile).selected) == expected


@settings(max_examples=300, deadline=None)
@given(elections())
def test_greedy_stop_is_a_prefix_of_greedy(election) -> None:
    mine, profile, _, _ = build(*election)
    stop, skip = greedy_stop(mine, profile).selected, greedy(mine, profile).selected
    assert skip[:len(stop)] == stop
    if len(stop) < len(skip):
        assert sum(mine.projects[mine.position(p)].cost for p in stop) + \
            mine.projects[mine.position(skip[len(stop)])].cost <= mine.budget


@settings(max_examples=1500, deadline=None)
@given(elections())
def test_mes_cost_matches_pabutools(election) -> None:
    mine, profile, theirs, p_profile = build(*election)
    expected = names(method_of_equal_shares(theirs, p_profile, sat_class=Cost_Sat))
    assert list(equal_shares(mine, profile, completion="none").selected) == expected


@settings(max_examples=1000, deadline=None)
@given(elections())
def test_mes_cardinal_matches_pabutools(election) -> None:
    mine, profile, theirs, p_profile = build(*election)
    expected = names(method_of_equal_shares(theirs, p_profile, sat_class=Cardinality_Sat))
    got = equal_shares(mine, profile, utilities="cardinal", completion="none")
    assert list(got.selected) == expected


@settings(max_examples=1000, deadline=None)
@given(elections(max_budget=40, max_voters=6))
def test_mes_add1_matches_pabutools(election) -> None:
    mine, profile, theirs, p_profile = build(*election)
    expected = names(method_of_equal_shares(theirs, p_profile, sat_class=Cost_Sat,
                                            voter_budget_increment=1))
    assert list(equal_shares(mine, profile, completion="add1").selected) == expected


@settings(max_examples=500, deadline=None)
@given(elections(max_budget=40, max_voters=6))
def test_mes_add1_greedy_matches_pabutools(election) -> None:
    mine, profile, theirs, p_profile = build(*election)
    expected = completion_by_rule_combination(
        theirs, p_profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}])
    got = equal_shares(mine, profile, completion="add1+greedy")
    assert sorted(got.selected) == sorted(names(expected))


@settings(max_examples=1000, deadline=None)
@given(elections())
def test_phragmen_matches_pabutools(election) -> None:
    costs, budget, ballots = election
    supported = {j for b in ballots for j in b}
    # pabutools may fund unsupported projects (load "infinity" ties); the engine never does
    if len(supported) < len(costs):
        ballots = ballots + [list(range(len(costs)))]
    mine, profile, theirs, p_profile = build(costs, budget, ballots)
    expected = names(p_phragmen(theirs, p_profile))  # pabutools returns it sorted by name
    assert sorted(sequential_phragmen(mine, profile).selected) == expected
