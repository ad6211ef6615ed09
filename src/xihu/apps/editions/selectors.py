"""Reads about editions: the current one, budgets, grants in force and the public timeline."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q

from xihu.apps.editions.models import (
    BudgetCommitment,
    Edition,
    PowerGrant,
    StageChange,
    StagePlan,
    StagePlanChange,
)
from xihu.apps.editions.stages import STAGE_ORDER, Stage
from xihu.apps.organisation.models import Unit

# An edition whose results are out is finished: it stays browsable, but is no longer current.
FINISHED_STAGES = (Stage.PUBLISHED, Stage.IMPLEMENTATION)


def current_edition(district: Unit | None = None) -> Edition | None:
    """The newest edition not yet published (or implemented); else the newest of all."""
    editions = Edition.objects.select_related("district").order_by("-created_at", "-pk")
    if district is not None:
        editions = editions.filter(district=district)
    return editions.exclude(stage__in=FINISHED_STAGES).first() or editions.first()


def live_grants(edition: Edition, grantee: Unit | None = None):
    grants = PowerGrant.objects.filter(edition=edition, revoked_at__isnull=True)
    if grantee is not None:
        grants = grants.filter(grantee=grantee)
    return grants.select_related("grantor", "grantee", "granted_by")


def _grantees(unit: Unit) -> list[int]:
    return [unit.pk, unit.parent_id] if unit.kind == Unit.Kind.COMMUNITY else [unit.pk]


def _held(grantees: list[int], rows) -> set[str]:
    """The powers every one of `grantees` holds, from (grantee_id, power) rows."""
    held: dict[int, set[str]] = {pk: set() for pk in grantees}
    for grantee, power in rows:
        held[grantee].add(power)
    return set.intersection(*held.values())


_GRANTS = "SELECT grantee_id, power FROM editions_powergrant WHERE edition_id = %s AND revoked_at IS NULL AND grantee_id IN ({})"
# The user's roles in force as (role, unit_id): what editions.access decides on (user.roles).
ROLES_IN_FORCE = "SELECT role, unit_id FROM accounts_roleassignment WHERE user_id = %s AND revoked_at IS NULL"


def granted_powers(edition: Edition, unit: Unit) -> set[str]:
    """Powers `unit` holds in force: its own grant, and (for a community) its street's too
    (one query for both)."""
    grantees = _grantees(unit)
    with connection.cursor() as cursor:  # a plain statement: every station desk request asks it
        cursor.execute(_GRANTS.format(", ".join(["%s"] * len(grantees))), [edition.pk, *grantees])
        return _held(grantees, cursor.fetchall())


def roles_and_powers(user_pk: int, edition: Edition, unit: Unit) -> tuple[list[tuple[str, int]], set[str]]:
    """The user's roles in force as (role, unit_id), and granted_powers(edition, unit), in one
    statement: what a decision on an action that needs a power reads (editions.access)."""
    grantees = _grantees(unit)
    with connection.cursor() as cursor:
        grants = _GRANTS.format(", ".join(["%s"] * len(grantees)))
        cursor.execute(f"SELECT 'r', r.role, r.unit_id FROM ({ROLES_IN_FORCE}) r UNION ALL "  # noqa: S608  # nosec B608 - placeholders only
                       f"SELECT 'p', g.power, g.grantee_id FROM ({grants}) g", [user_pk, edition.pk, *grantees])
        rows = cursor.fetchall()
    roles = [(name, unit_id) for kind, name, unit_id in rows if kind == "r"]
    return roles, _held(grantees, [(unit_id, name) for kind, name, unit_id in rows if kind == "p"])


def edition_units(edition: Edition):
    """The streets and communities taking part: during set-up every live (not retired) one of
    the district; from collection on, those with a budget commitment in this edition."""
    beneath = Unit.objects.filter(Q(parent=edition.district) | Q(parent__parent=edition.district))
    if edition.stage == Stage.SETUP:
        return beneath.live()
    return beneath.filter(pk__in=BudgetCommitment.objects.filter(edition=edition).values("unit_id"))


def budget_of(edition: Edition, unit: Unit) -> int | None:
    row = BudgetCommitment.objects.filter(edition=edition, unit=unit).first()
    return row.amount if row else None


def budgets_by_unit(edition: Edition) -> dict[int, int]:
    return dict(BudgetCommitment.objects.filter(edition=edition).values_list("unit_id", "amount"))


@dataclass(frozen=True)
class PlanChangeRow:
    """A re-planning of a stage's dates (the first planning is not listed)."""

    at: datetime
    actor: str
    previous_start: datetime | None
    previous_end: datetime | None
    new_start: datetime
    new_end: datetime | None
    stage_had_started: bool
    reason: str


@dataclass(frozen=True)
class TimelineRow:
    stage: str
    label: str
    planned_start: datetime | None
    planned_end: datetime | None
    planned_note: str
    entered_at: datetime | None
    entered_by: str
    is_current: bool
    is_done: bool
    replans: tuple[PlanChangeRow, ...] = ()


def edition_timeline(edition: Edition) -> list[TimelineRow]:
    plans = {p.stage: p for p in StagePlan.objects.filter(edition=edition)}
    entered = {}
    for change in StageChange.objects.filter(edition=edition).select_related("actor"):
        entered[change.to_stage] = change
    replans: dict[str, list[PlanChangeRow]] = {}
    for c in (StagePlanChange.objects.filter(edition=edition, previous_starts_at__isnull=False)
              .select_related("actor")):
        replans.setdefault(c.stage, []).append(PlanChangeRow(
            at=c.at, actor=str(c.actor), previous_start=c.previous_starts_at,
            previous_end=c.previous_ends_at, new_start=c.starts_at, new_end=c.ends_at,
            stage_had_started=c.stage_had_started, reason=c.reason))
    current_index = STAGE_ORDER.index(edition.stage)
    rows = []
    for index, stage in enumerate(STAGE_ORDER):
        plan, change = plans.get(stage), entered.get(stage)
        rows.append(
            TimelineRow(
                stage=stage,
                label=Stage(stage).label,
                planned_start=plan.starts_at if plan else None,
                planned_end=plan.ends_at if plan else None,
                planned_note=plan.note if plan else "",
                entered_at=change.at if change else (edition.created_at if index == 0 else None),
                entered_by=str(change.actor) if change else "",
                is_current=index == current_index,
                is_done=index < current_index,
                replans=tuple(replans.get(stage, ())),
            )
        )
    return rows


def editions_in_order(district: Unit | None = None) -> list[Edition]:
    """Every edition, the current one first, then the rest newest first."""
    editions = Edition.objects.select_related("district").order_by("-created_at", "-pk")
    if district is not None:
        editions = editions.filter(district=district)
    editions = list(editions)
    running = [e for e in editions if e.stage not in FINISHED_STAGES]
    current = running[0] if running else (editions[0] if editions else None)
    return ([current] if current else []) + [e for e in editions if e != current]


def stage_plans(edition: Edition) -> dict[str, StagePlan]:
    return {p.stage: p for p in StagePlan.objects.filter(edition=edition)}


@dataclass(frozen=True)
class OverdueStage:
    stage: str
    label: str
    planned_end: datetime
    late: timedelta


def overdue_stages(edition: Edition, now: datetime) -> list[OverdueStage]:
    """Stages whose planned window has passed while the edition is still in them (the current
    stage, when its planned end is before `now`), with how late."""
    plan = StagePlan.objects.filter(edition=edition, stage=edition.stage).first()
    if plan is None or plan.ends_at is None or plan.ends_at >= now:
        return []
    return [OverdueStage(edition.stage, Stage(edition.stage).label, plan.ends_at, now - plan.ends_at)]
