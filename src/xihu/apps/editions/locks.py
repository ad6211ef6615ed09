"""When an edition's settings stop being changeable, with the reason in the reader's language.

The foundation knows the stages; stage apps add what only they know with @lock(setting) (the
ballots app: a frozen ballot fixes the most choices). A setting is locked while any reason holds.
"""

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import STAGE_ORDER, Stage

Check = Callable[[Edition], list[str]]
_LOCKS: dict[str, list[Check]] = defaultdict(list)
RULES = ("max_choices", "min_age", "selection_rule", "tie_break")


def lock(setting: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        _LOCKS[setting].append(check)
        return check

    return register


def reached(edition: Edition, stage: str) -> bool:
    """True once the edition has entered `stage` (or a later one)."""
    return STAGE_ORDER.index(edition.stage) >= STAGE_ORDER.index(stage)


def lock_reasons(edition: Edition, setting: str) -> list[str]:
    reasons = []
    for check in _LOCKS[setting]:
        reasons.extend(check(edition))
    return reasons


def _voting_started(edition: Edition) -> list[str]:
    if reached(edition, Stage.VOTING):
        return [_("Voting has started (stage: %(stage)s): the ballot rules, the selection rule "
                  "and the tie-break can no longer change.") % {"stage": edition.get_stage_display()}]
    return []


for _setting in RULES:
    lock(_setting)(_voting_started)


@lock("budgets")
def _collection_started(edition: Edition) -> list[str]:
    if edition.stage != Stage.SETUP:
        return [_("Budgets are committed before collection starts and cannot change now.")]
    return []
