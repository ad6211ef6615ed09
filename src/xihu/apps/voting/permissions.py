"""Who may do what in voting week, on top of editions.access.

Station work (registration, tablets, seals) is the action "run_station"; paper entry after the
close is "count"; the scrutineer's half of an adjudication is "scrutinise". Setting up stations,
boxes and shifts happens before voting opens too (stage quota), which "run_station" does not
allow, so `require_setup` checks the same things explicitly: community staff of this very
community, the stations power granted, stage quota or voting."""

from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.editions.stages import Power, Stage
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused

SETUP_STAGES = (Stage.QUOTA, Stage.VOTING)


def setup_reasons(user, community: Unit, edition: Edition) -> list[str]:
    if user is None or not user.is_authenticated:
        return [_("Please log in first.")]
    reasons = []
    if not user.roles.filter(role=Role.COMMUNITY_STAFF, unit=community).exists():
        reasons.append(_("Only the community staff of %(unit)s set up its stations.") % {"unit": community})
    if Power.STATIONS not in granted_powers(edition, community):
        reasons.append(_("%(unit)s has not been granted the power to run polling stations.")
                       % {"unit": community})
    if edition.stage not in SETUP_STAGES:
        reasons.append(_("Stations are set up during the quota and voting stages."))
    return reasons


def require_setup(user, community: Unit, edition: Edition) -> None:
    reasons = setup_reasons(user, community, edition)
    if reasons:
        raise Refused(reasons)


def require_target_setter(user, street: Unit, edition: Edition) -> None:
    """The action "set_target" of the action table: an officer of this very street, before
    voting closes."""
    decision = decide(user, "set_target", street, edition)
    if not decision:
        raise Refused(decision.reasons)


def may(user, action: str, unit: Unit, edition: Edition | None) -> bool:
    return decide(user, action, unit, edition).allowed
