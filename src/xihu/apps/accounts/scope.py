"""Who manages whose accounts and roles.

The district admin manages every role in the district (action manage_people_district). A street
officer manages the community roles below in its own street's communities
(manage_people_street). An account is managed by whoever manages every role it holds (or, once
all are removed, every role it held)."""

from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role, RoleAssignment
from xihu.apps.editions.access import decide
from xihu.apps.organisation.models import Unit

ROLE_LEVEL = {
    Role.DISTRICT_ADMIN: Unit.Kind.DISTRICT,
    Role.EXPERT: Unit.Kind.DISTRICT,
    Role.STREET_OFFICER: Unit.Kind.STREET,
}
STREET_MANAGED = frozenset({Role.COMMUNITY_STAFF, Role.VOLUNTEER, Role.STATION_OFFICER,
                            Role.COUNTER, Role.SCRUTINEER})


def role_level(role: str) -> str:
    return ROLE_LEVEL.get(role, Unit.Kind.COMMUNITY)


def grant_reasons(actor, role: str, unit: Unit) -> list[str]:
    """Why `actor` may not grant or remove `role` in `unit` (empty: allowed)."""
    if role not in Role.values:
        return [_("Role: unknown role %(role)s.") % {"role": role}]
    level = role_level(role)
    if unit.kind != level:
        return [_("A %(role)s is held in a %(level)s, not in a %(kind)s.")
                % {"role": Role(role).label, "level": Unit.Kind(level).label,
                   "kind": unit.get_kind_display()}]
    district = decide(actor, "manage_people_district", unit.district, None)
    if district:
        return []
    if role in STREET_MANAGED and unit.kind == Unit.Kind.COMMUNITY:
        street = decide(actor, "manage_people_street", unit.parent, None)
        if street:
            return []
        if _is_street_officer(actor):
            return street.reasons
        roles = ", ".join(str(Role(r).label) for r in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER))
        return [_("Your role does not allow this (it needs: %(roles)s).") % {"roles": roles}]
    if _is_street_officer(actor):
        return [_("Only the district admin grants the role of %(role)s; a street officer grants "
                  "community staff, volunteers, station officers, counters and scrutineers in its "
                  "own communities.") % {"role": Role(role).label}]
    return district.reasons


def _is_street_officer(actor) -> bool:
    return actor.is_authenticated and actor.roles.filter(role=Role.STREET_OFFICER).exists()


def account_reasons(actor, user) -> list[str]:
    """Why `actor` may not manage `user`'s account (set-password links): empty when allowed."""
    if actor is None or not actor.is_authenticated:
        return [_("Please log in first.")]
    held = list(RoleAssignment.objects.filter(user=user).select_related("unit__parent"))
    if not held:
        held = list(RoleAssignment.history.filter(user=user).select_related("unit__parent"))
    if not held:
        admin_of = [ra.unit for ra in actor.roles.filter(role=Role.DISTRICT_ADMIN).select_related("unit")]
        if admin_of:
            return []
        return [_("Only the district admin manages an account that holds no role.")]
    if user.is_superuser and not actor.is_superuser:
        return [_("%(user)s is a site administrator: only another one manages this account.")
                % {"user": user}]
    reasons = []
    for ra in held:
        reasons.extend(grant_reasons(actor, ra.role, ra.unit))
    if reasons:
        return [_("%(user)s holds roles you do not manage.") % {"user": user}]
    return []


def managed_units(actor) -> list[Unit]:
    """The units in which `actor` manages people: a district admin's district and everything in
    it, a street officer's communities."""
    units: dict[int, Unit] = {}
    for ra in actor.roles.select_related("unit"):
        if ra.role == Role.DISTRICT_ADMIN:
            district = ra.unit
            units[district.pk] = district
            for street in Unit.objects.filter(parent=district).order_by("code"):
                units[street.pk] = street
                for community in street.children.order_by("code"):
                    units[community.pk] = community
        elif ra.role == Role.STREET_OFFICER:
            for community in ra.unit.children.order_by("code"):
                units.setdefault(community.pk, community)
    return list(units.values())


def grantable_roles(actor, unit: Unit) -> list[str]:
    return [r for r in Role.values if role_level(r) == unit.kind and not grant_reasons(actor, r, unit)]
