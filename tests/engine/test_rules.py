"""Rules on small hand-checked instances: outcomes, tie-breaking and the registry."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xihu.engine.model import Instance, Project, approval_profile, weighted_profile
from xihu.engine.rules import (
    RULES,
    TieBreak,
    TieError,
    equal_shares,
    greedy,
    greedy_stop,
    select,
    sequential_phragmen,
)


def inst(costs: dict[str, int], budget: int) -> Instance:
    return Instance(tuple(Project(pid, c) for pid, c in costs.items()), budget)


def test_greedy_skips_and_greedy_stop_stops() -> None:
    i = inst({"a": 60, "b": 50, "c": 30}, 100)
    votes = {"a": 10, "b": 8, "c": 5}
    skip = greedy(i, votes)
    assert skip.selected == ("a", "c") and skip.total_cost == 90 and skip.rule == "greedy"
    stop = greedy_stop(i, votes)
    assert stop.selected == ("a",) and stop.total_cost == 60 and stop.rule == "greedy-stop"


def test_greedy_threshold() -> None:
    i = inst({"a": 60, "b": 50, "c": 30}, 100)
    assert greedy(i, {"a": 10, "b": 8, "c": 5}, min_score=6).selected == ("a",)


@pytest.mark.parametrize(("tie_break", "expected"), [("order", ("a", "b")), ("cost", ("b", "a"))])
def test_harmless_tie_recorded(tie_break: str, expected: tuple[str, ...]) -> None:
    i = inst({"a": 40, "b": 30}, 100)
    result = greedy(i, {"a": 5, "b": 5}, tie_break)
    assert result.selected == expected and result.tie_break == tie_break
    assert len(result.ties) == 1 and set(result.ties[0].candidates) == {"a", "b"}
    # refusing is not needed when both fit together
    assert set(greedy(i, {"a": 5, "b": 5}, TieBreak.REFUSE).selected) == {"a", "b"}


def test_decisive_tie_order_cost_refuse() -> None:
    i = inst({"a": 80, "b": 60}, 100)
    votes = {"a": 5, "b": 5}
    assert greedy(i, votes, "order").selected == ("a",)
    assert greedy(i, votes, "cost").selected == ("b",)
    with pytest.raises(TieError) as info:
        greedy(i, votes, "refuse")
    assert info.value.tie.candidates == ("a", "b") and info.value.partial.selected == ()


def test_mes_cost_utilities_example() -> None:
    # 4 voters, budget 100: each has 25. {a} (cost 60) by voters 0-2; {b} (cost 40) by voter 3.
    i = inst({"a": 60, "b": 40, "c": 30}, 100)
    profile = approval_profile(i, [["a", "c"], ["a"], ["a"], ["b"]])
    plain = equal_shares(i, profile, completion="none")
    # a costs 20 each for voters 0-2; voter 3 alone cannot pay 40; c: voter 0 has 5 left
    assert plain.selected == ("a",)
    add1 = equal_shares(i, profile, completion="add1")
    assert add1.total_cost <= 100 and add1.selected[0] == "a"
    full = equal_shares(i, profile)  # add1 then greedy
    assert set(add1.selected) <= set(full.selected)
    assert full.total_cost <= 100


def test_mes_cardinal_uses_points() -> None:
    i = inst({"a": 50, "b": 50}, 100)
    profile = weighted_profile(i, "cumulative", [{"a": 3, "b": 1}, {"b": 4}])
    result = equal_shares(i, profile, utilities="cardinal", completion="none")
    # b: 5 points for 50, rho = 10 (voter 0 pays 10, voter 1 pays 40); a: rho = 50/3.
    # After b, voter 0 has 40 left and is a's only supporter: a is no longer affordable.
    assert result.selected == ("b",)
    assert result.rule == "mes-cardinal"


def test_mes_tie_reported() -> None:
    i = inst({"a": 50, "b": 50}, 100)
    profile = approval_profile(i, [["a"], ["b"]])
    assert equal_shares(i, profile, completion="none").ties[0].candidates == ("a", "b")
    with pytest.raises(TieError):
        equal_shares(i, profile, "refuse", completion="none")


def test_phragmen_example() -> None:
    # a: 3 supporters cost 30 -> load 10; b: 1 supporter cost 9 -> load 9 (chosen first)
    i = inst({"a": 30, "b": 9, "c": 70}, 40)
    profile = approval_profile(i, [["a"], ["a"], ["a", "c"], ["b"]])
    result = sequential_phragmen(i, profile)
    assert result.selected == ("b", "a") and result.total_cost == 39


def test_registry_and_select() -> None:
    assert set(RULES) == {"greedy", "greedy-stop", "mes", "mes-cardinal", "phragmen"}
    i = inst({"a": 60, "b": 50}, 100)
    assert select("greedy", i, {"a": 3, "b": 4}).selected == ("b",)
    assert select("mes", i, [["a"], ["a"], ["b"]], completion="none").selected == ("a",)
    with pytest.raises(ValueError, match="needs ballots"):
        select("mes", i, {"a": 1})
    with pytest.raises(ValueError, match="unknown project"):
        select("greedy", i, {"zz": 1})
    with pytest.raises(ValueError, match="unknown rule"):
        select("borda", i, {"a": 1})


def test_fractional_budget_is_exact() -> None:
    i = Instance((Project("a", 1), Project("b", 2)), Fraction(5, 2))
    assert greedy(i, {"a": 1, "b": 2}).selected == ("b",)
    assert greedy(i, {"a": 1, "b": 2}).total_cost == 2
