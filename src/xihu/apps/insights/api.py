"""JSON API (django-ninja): the evaluation, the participation figures and the abuse dashboard,
the same reads as the pages. Mounted at /api/insights/."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xihu.apps.editions.models import Edition
from xihu.apps.insights.analytics.page import SPECS, figure_data
from xihu.apps.insights.dashboard import dashboard
from xihu.apps.insights.evaluation.report import evaluation_report

router = Router(tags=["insights"])


class LinkOut(Schema):
    label: str
    url: str
    kind: str


class FindingOut(Schema):
    text: str
    ok: bool | None
    links: list[LinkOut]


class EvaluationUnitOut(Schema):
    code: str
    name: str
    verdict: str
    findings: list[FindingOut]


class TestOut(Schema):
    key: str
    title: str
    question: str
    verdict: str
    findings: list[FindingOut]
    units: list[EvaluationUnitOut]


class EvaluationOut(Schema):
    edition: str
    stage: str
    computed_at: str
    tests: list[TestOut]
    verdicts: dict
    facts: dict


class PointOut(Schema):
    key: str
    value: float
    name: str
    name_en: str
    extra: dict


class ParticipationOut(Schema):
    edition: str
    figures: dict[str, list[PointOut]]


class ItemOut(Schema):
    unit: str
    text: str
    links: list[LinkOut]


class SectionOut(Schema):
    key: str
    title: str
    items: list[ItemOut]
    people: list[dict]


class DashboardOut(Schema):
    edition: str
    sections: list[SectionOut]


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("district"), slug=slug)


def _links(links) -> list[dict]:
    return [{"label": link.label, "url": link.url, "kind": link.kind} for link in links]


def _findings(findings) -> list[dict]:
    return [{"text": f.text, "ok": f.ok, "links": _links(f.links)} for f in findings]


@router.get("/editions/{slug}/evaluation", response=EvaluationOut)
def get_evaluation(request, slug: str):
    """The three tests: verdicts per edition and per community, findings with their evidence,
    and the facts they were judged on (the same as evaluation.json in the export)."""
    report = evaluation_report(_edition(slug))
    return {
        "edition": report.edition.slug, "stage": report.edition.stage,
        "computed_at": report.facts["computed_at"], "verdicts": report.verdicts, "facts": report.facts,
        "tests": [{"key": t.key, "title": t.title, "question": t.question, "verdict": t.verdict,
                   "findings": _findings(t.findings),
                   "units": [{"code": u.code, "name": u.name, "verdict": u.verdict,
                              "findings": _findings(u.findings)} for u in t.units]}
                  for t in report.tests],
    }


@router.get("/editions/{slug}/analytics", response=ParticipationOut)
def get_analytics(request, slug: str):
    """Every participation figure of the edition, by key (what lines up across editions)."""
    edition = _edition(slug)
    data = figure_data(edition)
    return {"edition": edition.slug, "figures": {
        spec.key: [{"key": p.key, "value": p.value, "name": p.name, "name_en": p.name_en,
                    "extra": p.extra} for p in data[spec.key]] for spec in SPECS}}


@router.get("/editions/{slug}/dashboard", response=DashboardOut)
def get_dashboard(request, slug: str):
    """The abuse dashboard's items, each with its public-log entries."""
    board = dashboard(_edition(slug))
    return {"edition": board.edition.slug, "sections": [
        {"key": s.key, "title": s.title,
         "items": [{"unit": i.unit, "text": i.text, "links": _links(i.links)} for i in s.items],
         "people": [{k: v for k, v in p.items() if k != "links"} | {"links": _links(p["links"])}
                    for p in s.people]}
        for s in board.sections]}
