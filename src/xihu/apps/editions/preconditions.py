"""What must hold before an edition may enter a stage. Other apps add their own checks with
@precondition(stage); a transition is refused with every failing reason."""

from collections import defaultdict
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions.models import BudgetCommitment, Edition, StagePlan
from xihu.apps.editions.selectors import edition_units, granted_powers
from xihu.apps.editions.stages import Power, Stage
from xihu.clock import local_minute

Check = Callable[[Edition], list[str]]
_CHECKS: dict[str, list[Check]] = defaultdict(list)


def precondition(stage: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        _CHECKS[stage].append(check)
        return check

    return register


def failing_reasons(edition: Edition, stage: str) -> list[str]:
    reasons: list[str] = []
    for check in _CHECKS[stage]:
        reasons.extend(check(edition))
    return reasons


def _units(edition: Edition):
    return edition_units(edition)


@precondition(Stage.COLLECTION)
def budgets_committed(edition: Edition) -> list[str]:
    committed = set(
        BudgetCommitment.objects.filter(edition=edition, amount__gt=0).values_list("unit_id", flat=True)
    )
    return [
        _("%(unit)s has no budget commitment yet.") % {"unit": unit}
        for unit in _units(edition).order_by("kind", "code")
        if unit.pk not in committed
    ]


def _power_granted_everywhere(edition: Edition, power: str) -> list[str]:
    label = Power(power).label
    return [
        _("%(unit)s has not been granted the power to %(power)s.") % {"unit": unit, "power": label}
        for unit in _units(edition).order_by("kind", "code")
        if power not in granted_powers(edition, unit)
    ]


@precondition(Stage.COLLECTION)
def collection_granted(edition: Edition) -> list[str]:
    return _power_granted_everywhere(edition, Power.COLLECT)


@precondition(Stage.COUNTING)
def voting_window_closed(edition: Edition) -> list[str]:
    plan = StagePlan.objects.filter(edition=edition, stage=Stage.VOTING).first()
    if plan and plan.ends_at and timezone.now() < plan.ends_at:
        return [_("Voting is open until %(end)s.")
                % {"end": local_minute(plan.ends_at)}]
    return []
