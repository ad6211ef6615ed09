"""Counting rules. Each is a pure function ``rule(instance, profile, tie_break=...) -> Allocation``.

``RULES`` maps the platform's rule names to them; :func:`select` is the convenience entry point
for the platform (greedy over a vote count, or any rule over approval ballots).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from xihu.engine.model import Instance, Profile, approval_profile
from xihu.engine.rules.base import Allocation, Tie, TieBreak, TieError
from xihu.engine.rules.equal_shares import equal_shares, equal_shares_cardinal
from xihu.engine.rules.greedy import greedy, greedy_stop
from xihu.engine.rules.phragmen import sequential_phragmen

Rule = Callable[..., Allocation]

RULES: dict[str, Rule] = {
    "greedy": greedy,
    "greedy-stop": greedy_stop,
    "mes": equal_shares,
    "mes-cardinal": equal_shares_cardinal,
    "phragmen": sequential_phragmen,
}

#: rules that only need a score per project (they accept ``{project id: votes}``)
SCORE_RULES = frozenset({"greedy", "greedy-stop"})


def select(rule_name: str, instance: Instance,
           votes: Mapping[str, int] | Profile | Iterable[Sequence[str]],
           tie_break: TieBreak | str = TieBreak.ORDER, **options: object) -> Allocation:
    """Run rule ``rule_name`` on ``votes``.

    ``votes`` is either ``{project id: votes}`` (greedy rules only), a :class:`Profile`, or
    approval ballots as sequences of project ids (all valid: check them with
    :func:`xihu.engine.ballots.check_approval` first). ``options`` go to the rule (e.g.
    ``min_score`` for greedy, ``completion`` for MES).
    """
    try:
        rule = RULES[rule_name]
    except KeyError:
        raise ValueError(f"unknown rule {rule_name!r}; known: {', '.join(RULES)}") from None
    if isinstance(votes, Mapping):
        if rule_name not in SCORE_RULES:
            raise ValueError(f"rule {rule_name!r} needs ballots, not vote totals")
        return rule(instance, votes, tie_break, **options)
    profile = votes if isinstance(votes, Profile) else approval_profile(instance, votes)
    return rule(instance, profile, tie_break, **options)


__all__ = [
    "RULES", "SCORE_RULES", "Allocation", "Rule", "Tie", "TieBreak", "TieError",
    "equal_shares", "equal_shares_cardinal", "greedy", "greedy_stop", "select",
    "sequential_phragmen",
]
