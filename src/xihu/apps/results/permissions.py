"""Who may record implementation updates: the street's officers, and for a community project
the community's staff too, once results are published. (No new action in editions.access: the
grid of actions is fixed; this is a role + own unit + stage check of the same shape.)"""

from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.ballots.models import BallotItem
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit

IMPLEMENTATION_STAGES = {Stage.PUBLISHED, Stage.IMPLEMENTATION}


def implementation_refusals(user, item: BallotItem) -> list[str]:
    ballot = item.ballot
    if user is None or not user.is_authenticated:
        return [_("Please log in first.")]
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    allowed = {(Role.STREET_OFFICER, street.pk)}
    if ballot.unit.kind == Unit.Kind.COMMUNITY:
        allowed.add((Role.COMMUNITY_STAFF, ballot.unit_id))
    reasons = []
    if not any((ra.role, ra.unit_id) in allowed for ra in user.roles.all()):
        reasons.append(_("Only the street's officers or the community's staff of %(unit)s record "
                         "its implementation.") % {"unit": ballot.unit})
    if ballot.edition.stage not in IMPLEMENTATION_STAGES:
        reasons.append(_("Implementation is recorded once the results are published."))
    return reasons
