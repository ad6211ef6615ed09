"""What the maps show: proposals with a map point, projects at the mean point of their live
sources, and funded works with their implementation status. Read only; no proposer's name or
contact (the maps are public, like the project pages)."""

from dataclasses import dataclass
from decimal import Decimal

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Project, ProjectSource, Proposal
from xihu.apps.results.selectors import funded_items

PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Point:
    kind: str  # "proposal", "project" or "funded"
    title: str
    latitude: Decimal
    longitude: Decimal
    place: str = ""
    status: str = ""  # implementation status value of a funded work ("" when not started)
    status_label: str = ""
    pk: int | None = None  # the project's, or the funded ballot item's (for the link to its page)


def _units(unit: Unit) -> list[int]:
    """The unit and every unit under it (a street's communities, a district's whole tree)."""
    ids, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def _mean(points: list[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal] | None:
    if not points:
        return None
    n = len(points)
    return (sum((p[0] for p in points), Decimal(0)) / n).quantize(PLACES), \
        (sum((p[1] for p in points), Decimal(0)) / n).quantize(PLACES)


def proposal_points(edition: Edition, unit: Unit) -> list[Point]:
    rows = (Proposal.objects.filter(edition=edition, community_id__in=_units(unit),
                                    latitude__isnull=False, longitude__isnull=False)
            .order_by("pk").values_list("title", "latitude", "longitude", "location_text"))
    return [Point("proposal", t, lat, lng, place) for t, lat, lng, place in rows]


def project_places(project_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """Each project's mean point over its live source proposals that have one."""
    points: dict[int, list] = {}
    for pid, lat, lng in (ProjectSource.objects.filter(project_id__in=project_ids, released_at__isnull=True,
                                                       proposal__latitude__isnull=False,
                                                       proposal__longitude__isnull=False)
                          .values_list("project_id", "proposal__latitude", "proposal__longitude")):
        points.setdefault(pid, []).append((lat, lng))
    return {pid: _mean(p) for pid, p in points.items()}


def project_points(edition: Edition, unit: Unit) -> list[Point]:
    projects = list(Project.objects.live().filter(edition=edition, unit_id__in=_units(unit)))
    places = project_places([p.pk for p in projects])
    return [Point("project", p.title, *places[p.pk], p.location_text, pk=p.pk)
            for p in projects if p.pk in places]


def funded_points(edition: Edition, unit: Unit | None = None) -> tuple[list[Point], list]:
    """The funded works with a map point, and those without one (listed under the map)."""
    rows = funded_items(edition)
    if unit is not None:
        within = set(_units(unit))
        rows = [r for r in rows if r.item.ballot.unit_id in within]
    places = project_places([r.item.project_id for r in rows])
    points, unplaced = [], []
    for r in rows:
        latest = r.latest
        if r.item.project_id not in places:
            unplaced.append(r)
            continue
        points.append(Point("funded", r.item.title, *places[r.item.project_id],
                            r.item.project.location_text, latest.status if latest else "",
                            str(r.status_label), pk=r.item.pk))
    return points, unplaced
