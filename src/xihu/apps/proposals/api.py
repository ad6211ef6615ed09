"""JSON API for proposals (django-ninja): public reads only, never a proposer's contact.

Mounted at /api/proposals/: receipt lookup, a unit's summary table (live projects with their
source receipts), a project with its provenance, and the participation figures."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Project, ProjectSource
from xihu.apps.proposals.selectors.figures import participation
from xihu.apps.proposals.selectors.proposals import proposal_by_receipt, proposal_history
from xihu.apps.proposals.selectors.summary import latest_report, summary_digest, summary_table
from xihu.apps.web.scoping import api_edition

router = Router(tags=["proposals"])


class EventOut(Schema):
    at: datetime
    text: str
    detail: str


class ReceiptOut(Schema):
    receipt_code: str
    community: str
    title: str
    content: str
    location: str
    category: str
    level: str
    channel: str
    status: str
    project: int | None
    history: list[EventOut]


class SourceOut(Schema):
    receipt_code: str
    content: str
    location: str
    linked_at: datetime
    released_at: datetime | None


class ProjectOut(Schema):
    id: int
    unit: str
    level: str
    title: str
    description: str
    category: str
    location: str
    mode: str
    live: bool
    sources: list[SourceOut]


class SummaryRowOut(Schema):
    id: int
    title: str
    location: str
    category: str
    mode: str
    sources: list[str]


class SummaryOut(Schema):
    unit: str
    planned_tables: int
    per_table: int
    target: int
    projects: int
    proposals: int
    digest: str
    reported_at: datetime | None
    reported_digest: str | None
    rows: list[SummaryRowOut]


class BarOut(Schema):
    label: str
    value: int


class FiguresOut(Schema):
    unit: str
    total: int
    channel: list[BarOut]
    collector: list[BarOut]
    organisation: list[BarOut]
    building: list[BarOut]
    community: list[BarOut]
    exclusion: list[BarOut]
    visits: list[BarOut]


def _status(state: str | None, project_id: int | None) -> str:
    if state in ("exclude", "confirm"):
        return "excluded" if state == "exclude" else "exclusion_confirmed"
    return "listed" if project_id else "received"


@router.get("/receipts/{code}", response=ReceiptOut)
def get_receipt(request, code: str):
    proposal = proposal_by_receipt(code)
    if proposal is None:
        raise HttpError(404, "no proposal has this receipt code")
    return {
        "receipt_code": proposal.receipt_code, "community": proposal.community.code,
        "title": proposal.title, "content": proposal.content, "location": proposal.location_text,
        "category": proposal.category, "level": proposal.level, "channel": proposal.channel,
        "status": _status(proposal.state, proposal.live_project_id),
        "project": proposal.live_project_id,
        "history": [{"at": e.at, "text": str(e.text), "detail": str(e.detail)}
                    for e in proposal_history(proposal)],
    }


@router.get("/projects/{project_id}", response=ProjectOut)
def get_project(request, project_id: int):
    project = get_object_or_404(Project.objects.select_related("unit"), pk=project_id)
    links = ProjectSource.objects.filter(project=project).select_related("proposal").order_by("proposal_id")
    return {
        "id": project.pk, "unit": project.unit.code, "level": project.level, "title": project.title,
        "description": project.description, "category": project.category,
        "location": project.location_text, "mode": project.mode, "live": project.is_live,
        "sources": [{"receipt_code": s.proposal.receipt_code, "content": s.proposal.content,
                     "location": s.proposal.location_text, "linked_at": s.created_at,
                     "released_at": s.released_at} for s in links],
    }


def _unit_edition(code: str, slug: str | None):
    unit = get_object_or_404(Unit.objects.select_related("parent__parent"), code=code)
    return unit, api_edition(slug, unit.district)


@router.get("/units/{code}/summary", response=SummaryOut)
def get_summary(request, code: str, edition: str | None = None):
    """A unit's summary table in an edition (`edition`: its short name; default the current one)."""
    unit, edition = _unit_edition(code, edition)
    table = summary_table(edition, unit)
    report = latest_report(edition, unit)
    return {
        "unit": unit.code, "planned_tables": table.planned_tables, "per_table": table.per_table,
        "target": table.target, "projects": len(table.rows), "proposals": table.proposals,
        "digest": summary_digest(table),
        "reported_at": report.reported_at if report else None,
        "reported_digest": report.digest if report else None,
        "rows": [{"id": p.pk, "title": p.title, "location": p.location_text, "category": p.category,
                  "mode": p.mode, "sources": [s.proposal.receipt_code for s in p.live_sources]}
                 for p in table.rows],
    }


@router.get("/units/{code}/figures", response=FiguresOut)
def get_figures(request, code: str, edition: str | None = None):
    """A unit's participation figures (`edition`: its short name; default the current one)."""
    unit, edition = _unit_edition(code, edition)
    figures = participation(edition, unit)

    def out(bars):
        return [{"label": b.label, "value": b.value} for b in bars]

    return {"unit": unit.code, "total": figures.total, "channel": out(figures.channel),
            "collector": out(figures.collector), "organisation": out(figures.organisation),
            "building": out(figures.building), "community": out(figures.community),
            "exclusion": out(figures.exclusion), "visits": out(figures.visits)}
