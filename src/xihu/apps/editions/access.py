"""Who may do what, where and when: one decision function, with the reasons for a refusal.

An action is allowed when all four hold: the user's role allows it, the user acts for this very
unit (object level), the unit holds the power for it by grant, and the edition's stage allows it.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xihu.apps.accounts.models import Role
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import ROLES_IN_FORCE, granted_powers, roles_and_powers
from xihu.apps.editions.stages import STAGE_ORDER, Power, Stage
from xihu.apps.organisation.models import Unit
from xihu.memo import memoised


@dataclass(frozen=True)
class Action:
    name: str
    label: object
    roles: frozenset[str]
    level: str
    stages: frozenset[str]
    power: str | None = None
    # Set-up acts (units, people, creating an edition) come before any edition exists.
    needs_edition: bool = True


def _action(name, label, roles, level, stages, power=None, needs_edition=True) -> Action:
    return Action(name, label, frozenset(roles), level, frozenset(stages), power, needs_edition)


COMMUNITY, STREET, DISTRICT = Unit.Kind.COMMUNITY, Unit.Kind.STREET, Unit.Kind.DISTRICT
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _action("collect", gettext_lazy("Collect proposals door to door and at booths"),
                {Role.COMMUNITY_STAFF, Role.VOLUNTEER}, COMMUNITY, {Stage.COLLECTION}, Power.COLLECT),
        _action("propose", gettext_lazy("Submit a proposal online"),
                {Role.RESIDENT}, COMMUNITY, {Stage.COLLECTION}),
        _action("screen", gettext_lazy("Screen and merge proposals"),
                {Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.SCREENING}, Power.SCREEN),
        _action("review_exclusions", gettext_lazy("Review exclusions"),
                {Role.STREET_OFFICER}, STREET, {Stage.SCREENING, Stage.ASSEMBLY}, Power.SCREEN),
        _action("hold_assembly", gettext_lazy("Hold the screening assembly"),
                {Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.ASSEMBLY}, Power.ASSEMBLY),
        _action("set_quotas", gettext_lazy("Set budget quotas and freeze ballots"),
                {Role.STREET_OFFICER}, STREET, {Stage.QUOTA}),
        # The same rule as voting.permissions.setup_reasons, here so the home page links it.
        _action("set_up_stations", gettext_lazy("Set up polling stations, boxes and shifts"),
                {Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.QUOTA, Stage.VOTING}, Power.STATIONS),
        _action("run_station", gettext_lazy("Register voters and record ballots at a station"),
                {Role.STATION_OFFICER, Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.VOTING},
                Power.STATIONS),
        # Boxes are sealed at the close too, after the voting window (the desk's refusal).
        _action("seal_boxes", gettext_lazy("Seal and reopen ballot boxes"),
                {Role.STATION_OFFICER, Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.VOTING},
                Power.STATIONS),
        _action("count", gettext_lazy("Enter and count ballots"),
                {Role.COUNTER, Role.COMMUNITY_STAFF}, COMMUNITY, {Stage.COUNTING}, Power.COUNT),
        _action("scrutinise", gettext_lazy("Check and sign off the count"),
                {Role.SCRUTINEER}, COMMUNITY, {Stage.COUNTING}, Power.COUNT),
        _action("confirm", gettext_lazy("Confirm the winners"),
                {Role.STREET_OFFICER}, STREET, {Stage.CONFIRMATION}, Power.CONFIRM),
        _action("grant_street", gettext_lazy("Grant powers to a street"),
                {Role.DISTRICT_ADMIN}, STREET, set(Stage.values)),
        _action("grant_community", gettext_lazy("Grant powers to a community"),
                {Role.STREET_OFFICER}, COMMUNITY, set(Stage.values)),
        _action("advance_stage", gettext_lazy("Move the edition to its next stage"),
                {Role.DISTRICT_ADMIN}, DISTRICT, set(Stage.values)),
        _action("manage_edition", gettext_lazy("Create, copy and plan editions, set budgets and rules"),
                {Role.DISTRICT_ADMIN}, DISTRICT, set(Stage.values), needs_edition=False),
        _action("manage_units", gettext_lazy("Create, rename and retire streets and communities"),
                {Role.DISTRICT_ADMIN}, DISTRICT, set(Stage.values), needs_edition=False),
        _action("manage_people_district", gettext_lazy("Manage accounts and every role in the district"),
                {Role.DISTRICT_ADMIN}, DISTRICT, set(Stage.values), needs_edition=False),
        _action("manage_people_street", gettext_lazy("Manage the accounts and roles of the street's communities"),
                {Role.STREET_OFFICER}, STREET, set(Stage.values), needs_edition=False),
        _action("set_target", gettext_lazy("Set the street's own turnout target"),
                {Role.STREET_OFFICER}, STREET, set(STAGE_ORDER[:STAGE_ORDER.index(Stage.VOTING) + 1])),
        _action("verify_residents", gettext_lazy("Verify residents' accounts in person"),
                {Role.COMMUNITY_STAFF}, COMMUNITY, set(Stage.values), needs_edition=False),
        _action("register_witness", gettext_lazy("Register a witness of the public ledger"),
                {Role.DISTRICT_ADMIN}, DISTRICT, set(Stage.values)),
    ]
}


@dataclass(frozen=True)
class Scope:
    """What a permission is checked on: a unit, in a named edition (see rules.py)."""

    unit: Unit
    edition: Edition


@dataclass
class Decision:
    allowed: bool
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.allowed


def _roles_held(user) -> list[tuple[str, int]]:
    """The user's roles in force as (role, unit_id) (ids only: the units themselves are read
    only to word a refusal)."""
    with connection.cursor() as cursor:  # user.roles (roles in force), as one plain statement: on every page
        cursor.execute(ROLES_IN_FORCE, [user.pk])
        return cursor.fetchall()


def _acts_for(user_unit_id: int, action: Action, target: Unit) -> bool:
    """Object level: community roles act on their community; a street officer on the street
    itself (street actions) or its communities (grants); the district admin on its district."""
    if action.name.startswith("grant_"):
        return target.parent_id == user_unit_id
    return target.pk == user_unit_id


def decide(user, action_name: str, unit: Unit, edition: Edition | None) -> Decision:
    """The decision, taken once per request when the view runs in a memo scope (xihu.memo):
    the page's gate and the service it calls share it."""
    authenticated = user is not None and user.is_authenticated
    key = ("decide", user.pk if authenticated else None, action_name, unit.pk, unit.kind, unit.retired_at,
           edition.pk if edition else None, edition.stage if edition else None)
    return memoised(key, lambda: _decide(user, action_name, unit, edition))


def _decide(user, action_name: str, unit: Unit, edition: Edition | None) -> Decision:
    action = ACTIONS[action_name]
    reasons: list[str] = []
    if user is None or not user.is_authenticated:
        return Decision(False, [_("Please log in first.")])
    if unit.kind != action.level:
        reasons.append(_("This is done for a %(level)s, not a %(kind)s.")
                       % {"level": Unit.Kind(action.level).label, "kind": unit.get_kind_display()})
    if unit.retired_at:
        reasons.append(_("%(unit)s is retired.") % {"unit": unit})
    powers = None  # an action that needs a power reads the roles and the unit's powers in one statement
    if action.power and edition is not None:
        held, powers = roles_and_powers(user.pk, edition, unit)
    else:
        held = _roles_held(user)
    units = [unit_id for role, unit_id in held if role in action.roles]
    if not units:
        roles = ", ".join(str(Role(r).label) for r in sorted(action.roles))
        reasons.append(_("Your role does not allow this (it needs: %(roles)s).") % {"roles": roles})
    elif not any(_acts_for(u, action, unit) for u in units):
        yours = Unit.objects.filter(pk__in=units).select_related("parent").order_by("pk")
        reasons.append(_("You act for %(yours)s, not for %(unit)s.")
                       % {"yours": "、".join(str(u) for u in yours), "unit": unit})
    if edition is None:
        if action.needs_edition:
            reasons.append(_("There is no edition yet."))
        return Decision(not reasons, reasons)
    if action.power and not reasons:
        reasons.extend(_missing_power_reasons(edition, unit, action.power, powers))
    if edition.stage not in action.stages:
        allowed = "、".join(str(Stage(s).label) for s in Stage.values if s in action.stages)
        reasons.append(
            _("Not possible in the current stage (%(stage)s); allowed during: %(allowed)s.")
            % {"stage": edition.get_stage_display(), "allowed": allowed}
        )
    return Decision(not reasons, reasons)


def _missing_power_reasons(edition: Edition, unit: Unit, power: str, held: set[str] | None = None) -> list[str]:
    if power in (held if held is not None else granted_powers(edition, unit)):
        return []
    label = Power(power).label
    if unit.kind == Unit.Kind.COMMUNITY and power not in granted_powers(edition, unit.parent):
        return [_("The district has not granted %(street)s the power to %(power)s.")
                % {"street": unit.parent, "power": label}]
    if unit.kind == Unit.Kind.COMMUNITY:
        return [_("%(street)s has not granted %(unit)s the power to %(power)s.")
                % {"street": unit.parent, "unit": unit, "power": label}]
    return [_("The district has not granted %(unit)s the power to %(power)s.")
            % {"unit": unit, "power": label}]


def require(user, action_name: str, unit: Unit, edition: Edition | None) -> None:
    """Raise Refused with every reason unless the action is allowed."""
    from xihu.errors import Refused

    decision = decide(user, action_name, unit, edition)
    if not decision:
        raise Refused(decision.reasons)


def can_read_everything(user) -> bool:
    """District admins and experts read every unit's pages (experts change nothing)."""
    if not user.is_authenticated:
        return False
    return user.roles.filter(role__in=[Role.DISTRICT_ADMIN, Role.EXPERT]).exists()


def staff_units(user) -> list[Unit]:
    """Units whose private data (e.g. proposers' contacts) this user may see."""
    if not user.is_authenticated:
        return []
    return [ra.unit for ra in user.roles.select_related("unit") if ra.role == Role.COMMUNITY_STAFF]
