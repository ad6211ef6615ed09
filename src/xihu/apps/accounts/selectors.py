"""Reads about people: whom an officer manages, and who held which role in an edition."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.scope import managed_units
from xihu.apps.editions.models import Edition, StageChange
from xihu.apps.editions.selectors import edition_units
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit

PUBLIC_COMMUNITY_ROLES = (Role.STATION_OFFICER, Role.COUNTER, Role.SCRUTINEER)


def people_holding(unit: Unit, roles) -> "models.QuerySet[User]":
    """The people who hold one of `roles` in `unit` now (removed roles do not count), by
    username. A subquery through the live-roles manager, since a join would bypass it."""
    live = RoleAssignment.objects.filter(unit=unit, role__in=list(roles)).values("user")
    return User.objects.filter(pk__in=live).order_by("username")


@dataclass(frozen=True)
class Holder:
    name: str  # the display name only: no username, no contact
    role: str
    since: datetime
    until: datetime | None


@dataclass
class UnitHolders:
    unit: Unit
    holders: dict[str, list[Holder]] = field(default_factory=dict)


def edition_window(edition: Edition) -> tuple[datetime, datetime]:
    """From the edition's creation to the publication of its results (or now)."""
    published = (StageChange.objects.filter(edition=edition, to_stage=Stage.PUBLISHED)
                 .values_list("at", flat=True).first())
    return edition.created_at, published or timezone.now()


def edition_role_holders(edition: Edition) -> list[tuple[UnitHolders, list[UnitHolders]]]:
    """Per street: its street officers, then per community its station officers, counters and
    scrutineers: everyone who held the role at some time during the edition."""
    start, end = edition_window(edition)
    units = list(edition_units(edition).select_related("parent"))
    rows = (RoleAssignment.history.filter(unit__in=units, granted_at__lte=end)
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=start))
            .filter(Q(role=Role.STREET_OFFICER) | Q(role__in=PUBLIC_COMMUNITY_ROLES))
            .select_related("user").order_by("granted_at", "pk"))
    by_unit: dict[int, UnitHolders] = {u.pk: UnitHolders(u) for u in units}
    for ra in rows:
        name = ra.user.display_name or str(ra.user)
        by_unit[ra.unit_id].holders.setdefault(ra.role, []).append(
            Holder(name, ra.role, ra.granted_at, ra.revoked_at))
    streets = sorted((u for u in units if u.kind == Unit.Kind.STREET), key=lambda u: u.code)
    return [
        (by_unit[s.pk], [by_unit[c.pk] for c in sorted(units, key=lambda u: u.code)
                         if c.kind == Unit.Kind.COMMUNITY and c.parent_id == s.pk])
        for s in streets
    ]


def people_in(actor, unit: Unit | None = None):
    """Accounts holding a live role in the units `actor` manages (or in `unit`, if managed),
    each with its live roles prefetched as `live_roles`."""
    from django.db.models import Prefetch

    units = managed_units(actor)
    if unit is not None:
        units = [u for u in units if unit.contains(u)]
    ids = RoleAssignment.objects.filter(unit__in=units).values("user_id")
    return (User.objects.filter(pk__in=ids).order_by("username")
            .prefetch_related(Prefetch("roles", queryset=RoleAssignment.objects.select_related(
                "unit", "organisation").order_by("unit__code", "role"), to_attr="live_roles")))


def role_history(user: User):
    return (RoleAssignment.history.filter(user=user).select_related("unit", "granted_by", "revoked_by")
            .order_by("-granted_at", "-pk"))
