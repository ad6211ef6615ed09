"""Public JSON reads of the assemblies: schedule and the ranked list (counted by the engine)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xihu.apps.assemblies import selectors
from xihu.apps.assemblies.models import Assembly
from xihu.apps.organisation.models import Unit
from xihu.apps.web.scoping import api_edition

router = Router(tags=["assemblies"])


class AssemblyOut(Schema):
    unit: str
    venue: str
    starts_at: datetime
    tables: int
    max_choices: int
    open_to_all: bool
    projects: int


class RankOut(Schema):
    rank: int
    tied: bool
    number: int
    project: int
    title: str
    level: str
    votes: int


class RankingOut(Schema):
    unit: str
    ballots: int
    valid: int
    blank: int
    invalid: dict[str, int]
    rows: list[RankOut]


def _assembly_out(assembly: Assembly) -> dict:
    return {"unit": assembly.unit.code, "venue": assembly.venue, "starts_at": assembly.starts_at,
            "tables": assembly.tables, "max_choices": assembly.max_choices,
            "open_to_all": assembly.open_to_all, "projects": assembly.items.count()}


@router.get("/", response=list[AssemblyOut])
def list_assemblies(request, edition: str | None = None):
    """The assemblies of an edition (`edition`: its short name; default the current one)."""
    edition = api_edition(edition)
    return [_assembly_out(a) for a in Assembly.objects.filter(edition=edition).select_related("unit")]


@router.get("/{unit}/ranking", response=RankingOut)
def get_ranking(request, unit: str, edition: str | None = None):
    community = get_object_or_404(Unit, code=unit, kind=Unit.Kind.COMMUNITY)
    assembly = selectors.assembly_for(api_edition(edition, community.district), community)
    if assembly is None:
        from django.http import Http404

        raise Http404
    tally = selectors.plenary_tally(assembly)
    rows = [{"rank": r.rank, "tied": r.tied, "number": r.number, "project": r.project.pk,
             "title": r.project.title, "level": r.project.level, "votes": r.votes}
            for r in selectors.ranking(assembly, tally)]
    return {"unit": unit, "ballots": tally.ballots, "valid": tally.valid, "blank": tally.blank,
            "invalid": tally.invalid, "rows": rows}
