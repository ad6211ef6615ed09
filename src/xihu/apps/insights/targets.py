"""Turnout targets, read in one place. Today they are the voting app's TurnoutTarget rows (a
street announces one, as Nanpu did in the pilot); when edition set-up keeps targets per street
in a model of its own, only this function changes."""

from xihu.apps.editions.models import Edition
from xihu.apps.voting.models import TurnoutTarget


def turnout_targets(edition: Edition) -> dict[int, int]:
    """unit id -> target turnout in percent, for the units that set one."""
    return dict(TurnoutTarget.objects.filter(edition=edition).values_list("unit_id", "percent"))
