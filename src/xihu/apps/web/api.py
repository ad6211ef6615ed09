"""The JSON API (django-ninja): the same public reads as the pages. OpenAPI at /api/openapi.json."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema

from xihu.apps.assemblies.api import router as assemblies_router
from xihu.apps.ballots.api import router as ballots_router
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import (
    budgets_by_unit,
    edition_timeline,
    granted_powers,
)
from xihu.apps.insights.api import router as insights_router
from xihu.apps.ledger.api import router as ledger_router
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.api import router as proposals_router
from xihu.apps.results.api import router as results_router
from xihu.apps.web.scoping import api_edition
from xihu.apps.web.selectors import actions_for

api = NinjaAPI(title="Xihu PB API", version="1", urls_namespace="api")


class UnitOut(Schema):
    code: str
    kind: str
    name: str
    name_en: str
    parent: str | None
    residents: int


class BudgetOut(Schema):
    unit: str
    amount: int


class StageOut(Schema):
    stage: str
    planned_start: datetime | None
    planned_end: datetime | None
    entered_at: datetime | None
    current: bool


class EditionOut(Schema):
    slug: str
    name: str
    name_en: str
    district: str
    stage: str
    community_budget: int
    street_budget: int
    max_choices: int
    min_age: int
    selection_rule: str
    tie_break: str


class EditionDetailOut(EditionOut):
    budgets: list[BudgetOut]
    timeline: list[StageOut]
    grants: dict[str, list[str]]


class ActionOut(Schema):
    action: str
    unit: str
    allowed: bool
    reasons: list[str]


def _unit_out(unit: Unit) -> dict:
    return {
        "code": unit.code, "kind": unit.kind, "name": unit.name, "name_en": unit.name_en,
        "parent": unit.parent.code if unit.parent else None, "residents": unit.residents,
    }


def _edition_out(edition: Edition) -> dict:
    return {
        "slug": edition.slug, "name": edition.name, "name_en": edition.name_en,
        "district": edition.district.code, "stage": edition.stage,
        "community_budget": edition.community_budget, "street_budget": edition.street_budget,
        "max_choices": edition.max_choices, "min_age": edition.min_age,
        "selection_rule": edition.selection_rule, "tie_break": edition.tie_break,
    }


@api.get("/units", response=list[UnitOut], tags=["organisation"])
def list_units(request):
    return [_unit_out(u) for u in Unit.objects.select_related("parent").order_by("kind", "code")]


@api.get("/units/{code}", response=UnitOut, tags=["organisation"])
def get_unit(request, code: str):
    return _unit_out(get_object_or_404(Unit.objects.select_related("parent"), code=code))


@api.get("/editions", response=list[EditionOut], tags=["editions"])
def list_editions(request):
    return [_edition_out(e) for e in Edition.objects.select_related("district")]


@api.get("/editions/{slug}", response=EditionDetailOut, tags=["editions"])
def get_edition(request, slug: str):
    edition = get_object_or_404(Edition.objects.select_related("district"), slug=slug)
    units = {u.pk: u for u in Unit.objects.all()}
    budgets = budgets_by_unit(edition)
    grants = {
        u.code: sorted(granted_powers(edition, u))
        for u in units.values() if u.kind != Unit.Kind.DISTRICT
    }
    timeline = [
        {"stage": r.stage, "planned_start": r.planned_start, "planned_end": r.planned_end,
         "entered_at": r.entered_at, "current": r.is_current}
        for r in edition_timeline(edition)
    ]
    return {
        **_edition_out(edition),
        "budgets": [{"unit": units[pk].code, "amount": amount} for pk, amount in budgets.items()],
        "timeline": timeline,
        "grants": grants,
    }


@api.get("/me/actions", response=list[ActionOut], tags=["me"])
def my_actions(request, edition: str | None = None):
    """What the logged-in user may do now in an edition (`edition`: its short name; default the
    current one), and why not where refused (empty when anonymous)."""
    if not request.user.is_authenticated:
        return []
    return [
        {"action": r.name, "unit": r.unit.code, "allowed": r.decision.allowed,
         "reasons": r.decision.reasons}
        for r in actions_for(request.user, api_edition(edition))
    ]


STAGE_ROUTERS = {
    "/ledger/": ledger_router,
    "/proposals/": proposals_router,
    "/assemblies/": assemblies_router,
    "/ballots/": ballots_router,
    "/results/": results_router,
    "/insights/": insights_router,
}
for prefix, router in STAGE_ROUTERS.items():
    api.add_router(prefix, router)
