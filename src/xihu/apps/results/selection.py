"""Selection under the cap through the engine, and Equal Shares alongside for information.

Greedy rules fund projects by votes; a project nobody voted for is never funded
(`min_score=1`). The edition's tie-break is passed to the engine and every tie met is recorded.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.models import Edition
from xihu.engine.model import Instance, Project
from xihu.engine.rules import SCORE_RULES, TieBreak, TieError, select
from xihu.engine.tally import Tally

TIE_BREAKS = {
    Edition.TieBreak.LOWER_COST: TieBreak.COST,
    Edition.TieBreak.PROJECT_ORDER: TieBreak.ORDER,
    Edition.TieBreak.REFUSE: TieBreak.REFUSE,
}
MIN_VOTES = 1


@dataclass
class Outcome:
    rule: str
    tie_break: str
    allocation: dict
    winners: list[int]
    undecided: list[int] = field(default_factory=list)


def instance_of(ballot: Ballot, items: Sequence[BallotItem]) -> Instance:
    return Instance(tuple(Project(str(i.number), i.amount, i.title) for i in items), ballot.budget)


def run_rule(rule: str, tie_break: TieBreak, instance: Instance, tally: Tally,
             papers: list[list[str]]) -> Outcome:
    """One rule on one ballot; a refused tie leaves the tied projects `undecided`."""
    if rule in SCORE_RULES:
        options: dict = {"min_score": MIN_VOTES}
    else:  # Equal Shares' add-one completion in steps of 1% of a voter's share (fast, informative)
        options = {"increment": max(1, int(instance.budget) // (max(len(papers), 1) * 100))}
    votes = tally.votes if rule in SCORE_RULES else papers
    undecided: list[int] = []
    try:
        allocation = select(rule, instance, votes, tie_break=tie_break, **options)
    except TieError as tie:
        allocation = tie.partial
        undecided = [int(c) for c in tie.tie.candidates]
    return Outcome(rule, str(tie_break), allocation.to_dict(),
                   [int(p) for p in allocation.selected], undecided)


def comparison_rule(rule: str) -> str:
    return "greedy" if rule == Edition.Rule.MES else "mes"


def select_for(ballot: Ballot, items: Sequence[BallotItem], tally: Tally,
               papers: list[list[str]]) -> tuple[Outcome, Outcome]:
    """(the edition's rule, the comparison rule) on this ballot's counted papers."""
    edition = ballot.edition
    instance = instance_of(ballot, items)
    tie_break = TIE_BREAKS[edition.tie_break]
    main = run_rule(edition.selection_rule, tie_break, instance, tally, papers)
    other_rule = comparison_rule(edition.selection_rule)
    other_tb = TieBreak.ORDER if tie_break is TieBreak.REFUSE else tie_break
    other = run_rule(other_rule, other_tb, instance, tally, papers)
    return main, other
