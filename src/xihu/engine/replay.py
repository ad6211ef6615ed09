"""Replay a pabulib election with the rule its META names, and compare with the official result.

Rule names understood (META ``rule``):

- ``greedy``: greedy by score, skipping projects that do not fit;
- ``greedy-threshold``: the same, only projects with score >= ``min_project_score_threshold``;
- ``greedy-no-skip``: greedy that stops at the first project that does not fit;
- ``equalshares`` / ``equalshares/add1`` / ``equalshares/add1/greedy``: Equal Shares with cost
  utilities, no completion / add-one completion / add-one then greedy;
- ``phragmen`` / ``sequential-phragmen``: sequential Phragmén;
- anything else: greedy, with a warning.

For every greedy variant a META ``min_project_score_threshold`` is applied when present (Gdynia
files carry one with ``greedy-no-skip``). Scores are votes for approval ballots, summed points
for cumulative and scoring ballots, ``max_length - position`` for ordinal ballots. Ties are
broken by PROJECTS order, the convention the official results follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xihu.engine.pabulib import Election, PabulibError
from xihu.engine.rules import RULES, Allocation, TieBreak
from xihu.engine.rules.equal_shares import equal_shares

#: engine rule names accepted by ``solve --rule``
ENGINE_RULES = tuple(RULES)


@dataclass(frozen=True)
class Plan:
    """Which engine rule to run, with which options, and any warning about the choice."""

    rule: str
    options: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def plan_for(election: Election, rule: str | None = None) -> Plan:
    """Translate the file's META ``rule`` (or an explicit engine ``rule``) into a :class:`Plan`."""
    meta_rule = (election.meta.get("rule") or "").strip().lower()
    threshold = election.meta.get("min_project_score_threshold", "").strip()
    greedy_options: dict[str, object] = {}
    if threshold and threshold.lower() != "none":
        try:
            greedy_options["min_score"] = int(threshold)
        except ValueError:
            raise PabulibError(0, f"min_project_score_threshold {threshold!r} is not an integer",
                               election.source) from None
    if rule is not None:
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}; known: {', '.join(RULES)}")
        return Plan(rule, dict(greedy_options) if rule in ("greedy", "greedy-stop") else {})
    if meta_rule in ("greedy", "greedy-threshold"):
        return Plan("greedy", greedy_options)
    if meta_rule == "greedy-no-skip":
        return Plan("greedy-stop", greedy_options)
    if meta_rule.startswith("equalshares"):
        parts = meta_rule.split("/")[1:]
        if parts and parts[0] == "add1":
            completion = "add1+greedy" if parts[1:] == ["greedy"] else "add1"
            if parts[1:] not in ([], ["greedy"]):
                return _fallback(meta_rule, greedy_options)
        elif not parts:
            completion = "none"
        else:
            return _fallback(meta_rule, greedy_options)
        return Plan("mes", {"completion": completion})
    if meta_rule in ("phragmen", "sequential-phragmen", "seq-phragmen"):
        return Plan("phragmen")
    return _fallback(meta_rule, greedy_options)


def _fallback(meta_rule: str, options: dict[str, object]) -> Plan:
    shown = meta_rule or "(none)"
    return Plan("greedy", options, (f"unknown rule {shown!r}, using greedy",))


def solve(election: Election, rule: str | None = None,
          tie_break: TieBreak | str = TieBreak.ORDER) -> tuple[Allocation, Plan]:
    """Run the planned rule on the election's profile."""
    plan = plan_for(election, rule)
    if plan.rule == "mes":
        allocation = equal_shares(election.instance, election.profile, tie_break,
                                  **plan.options)  # type: ignore[arg-type]
    else:
        allocation = RULES[plan.rule](election.instance, election.profile, tie_break,
                                      **plan.options)
    return allocation, plan


@dataclass(frozen=True)
class Check:
    """Engine result against the file's ``selected`` column (1 = funded by the rule)."""

    allocation: Allocation
    plan: Plan
    official: tuple[str, ...]
    missing: tuple[str, ...]  # official winners the engine did not fund
    extra: tuple[str, ...]  # funded by the engine, not by the official result

    @property
    def reproduced(self) -> bool:
        """True when the engine funds exactly the official winners."""
        return not self.missing and not self.extra


def check(election: Election, rule: str | None = None) -> Check:
    """Replay ``election`` and compare with its ``selected`` column."""
    if election.selected is None:
        raise PabulibError(0, "PROJECTS has no 'selected' column to check against",
                           election.source)
    allocation, plan = solve(election, rule)
    official = election.winners
    got = set(allocation.selected)
    return Check(allocation, plan, official,
                 missing=tuple(p for p in official if p not in got),
                 extra=tuple(p for p in allocation.selected if p not in set(official)))
