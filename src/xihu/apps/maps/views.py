"""Public maps of an edition: the funded works with their implementation status, and one unit's
proposals, projects and funded works. Each map has its list underneath (the accessible and
no-JavaScript fallback, and what the map reads its points from)."""

from django.shortcuts import render

from xihu.apps.maps.selectors import funded_points, project_points, proposal_points
from xihu.apps.results.models import ImplementationUpdate
from xihu.apps.web.scoping import scoped, unit_or_404


def _legend():
    return [("st-none", ImplementationUpdate.Status.PLANNED.label)] + [
        (f"st-{s.value}", s.label) for s in ImplementationUpdate.Status if s != ImplementationUpdate.Status.PLANNED]


@scoped
def funded(request, edition):
    points, unplaced = funded_points(edition)
    return render(request, "maps/funded.html", {
        "edition": edition, "points": points, "unplaced": unplaced, "legend": _legend(),
    })


@scoped
def unit_map(request, edition, unit):
    unit = unit_or_404(edition, unit)
    funded, unplaced = funded_points(edition, unit)
    return render(request, "maps/unit.html", {
        "edition": edition, "unit": unit, "proposals": proposal_points(edition, unit),
        "projects": project_points(edition, unit), "funded": funded, "legend": _legend(),
    })
