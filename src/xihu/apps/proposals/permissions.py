"""Who may do what with proposals: thin helpers over the foundation's `access.require`.

The foundation's actions decide (collect, propose, screen, review_exclusions); these helpers
only pick the right action for a unit and add the object rules the actions cannot know.
"""

from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import can_read_everything, require, staff_units
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused

REGISTER_STAGES = {Stage.SETUP, Stage.COLLECTION, Stage.SCREENING}


def _roles_in(user, unit: Unit) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    return set(user.roles.filter(unit=unit).values_list("role", flat=True))


def is_staff_of(user, community: Unit) -> bool:
    return any(u.pk == community.pk for u in staff_units(user))


def can_see_contacts(user, community: Unit) -> bool:
    """Proposers' names and contacts: only the staff of that very community."""
    return is_staff_of(user, community)


def require_register_keeper(user, community: Unit, edition: Edition | None) -> None:
    """The register is kept by the community's staff (or the district admin), before voting."""
    roles = _roles_in(user, community)
    is_admin = user.is_authenticated and user.roles.filter(role=Role.DISTRICT_ADMIN).exists()
    reasons = []
    if Role.COMMUNITY_STAFF not in roles and not is_admin:
        reasons.append(_("Only the staff of %(unit)s keep its register.") % {"unit": community})
    if edition is not None and edition.stage not in REGISTER_STAGES:
        reasons.append(_("The register is closed once the assemblies begin (voting reads it)."))
    if reasons:
        raise Refused(reasons)


def allowed_collector_types(user, community: Unit) -> list[str]:
    """Staff record visits as staff or both together; volunteers as volunteer or both."""
    roles = _roles_in(user, community)
    types = []
    if Role.COMMUNITY_STAFF in roles:
        types.append("staff")
    if Role.VOLUNTEER in roles:
        types.append("volunteer")
    if types:
        types.append("both")
    return types


def collector_organisation(user, community: Unit):
    """The social organisation a volunteer collects for in this community, if any."""
    assignment = user.roles.filter(unit=community, organisation__isnull=False).select_related(
        "organisation").first()
    if assignment:
        return assignment.organisation
    if Role.VOLUNTEER in _roles_in(user, community):
        return user.organisations.order_by("pk").first()
    return None


def screening_action(unit: Unit) -> tuple[str, Unit]:
    """Community projects are screened by the community; street projects by the street."""
    return ("screen", unit) if unit.kind == Unit.Kind.COMMUNITY else ("review_exclusions", unit)


def require_screening(user, unit: Unit, edition: Edition) -> None:
    action, target = screening_action(unit)
    require(user, action, target, edition)


def can_read_unit(user, unit: Unit) -> bool:
    """Screening lists (without contacts): the unit's staff and volunteers, its street's
    officers, district admins and experts."""
    if not user or not user.is_authenticated:
        return False
    if can_read_everything(user):
        return True
    units = {ra.unit_id for ra in user.roles.all() if ra.role != Role.RESIDENT}
    return unit.pk in units or (unit.parent_id in units)
