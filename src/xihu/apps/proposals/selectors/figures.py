"""Participation figures of collection and screening, and door-to-door progress.

Counts come from the rows themselves (proposals, visits, decisions) with GROUP BY queries."""

from dataclasses import dataclass

from django.db.models import Count, Q

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import (
    Channel,
    CollectorType,
    Decision,
    ExclusionReason,
    Household,
    Proposal,
    ScreeningDecision,
    Visit,
    VisitOutcome,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    share: float  # of the largest bar, 0..100, for the chart width
    extra: str = ""


def bars(pairs: list[tuple[str, int]], extras: dict[str, str] | None = None) -> list[Bar]:
    top = max((v for _l, v in pairs), default=0) or 1
    return [Bar(str(label), value, round(100 * value / top, 1), (extras or {}).get(label, ""))
            for label, value in pairs]


def _scope(unit: Unit, prefix: str = "") -> Q:
    """Rows of the unit: a community, a street's communities, or a district's."""
    path = {Unit.Kind.COMMUNITY: "community", Unit.Kind.STREET: "community__parent"}.get(
        unit.kind, "community__parent__parent")
    return Q(**{prefix + path: unit})


@dataclass
class Figures:
    total: int
    channel: list[Bar]
    collector: list[Bar]
    organisation: list[Bar]
    building: list[Bar]
    community: list[Bar]
    exclusion: list[Bar]
    visits: list[Bar]
    yield_per_visit: list[Bar]


def _labelled(rows, field: str, choices) -> list[tuple[str, int]]:
    counts = {r[field]: r["n"] for r in rows}
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def participation(edition: Edition, unit: Unit) -> Figures:
    proposals = Proposal.objects.filter(_scope(unit), edition=edition)
    per = lambda field: list(proposals.values(field).annotate(n=Count("pk")).order_by())  # noqa: E731
    by_org = [(r["organisation__name"] or "—", r["n"]) for r in
              proposals.filter(organisation__isnull=False).values("organisation__name")
              .annotate(n=Count("pk")).order_by("-n")]
    by_building = [(r["building"], r["n"]) for r in
                   proposals.exclude(building="").values("building").annotate(n=Count("pk"))
                   .order_by("-n", "building")[:30]]
    by_community = [(r["community__name"], r["n"]) for r in
                    proposals.values("community__name", "community__code").annotate(n=Count("pk"))
                    .order_by("community__code")] if unit.kind != Unit.Kind.COMMUNITY else []
    decisions = ScreeningDecision.objects.filter(
        decision=Decision.EXCLUDE, proposal__in=proposals.values("pk"))
    by_reason = _labelled(decisions.values("reason").annotate(n=Count("pk")).order_by(),
                          "reason", ExclusionReason.choices)
    visits = Visit.objects.filter(_scope(unit, "household__"), edition=edition)
    by_outcome = _labelled(visits.values("outcome").annotate(n=Count("pk")).order_by(),
                           "outcome", VisitOutcome.choices)
    return Figures(
        total=proposals.count(),
        channel=bars(_labelled(per("channel"), "channel", Channel.choices)),
        collector=bars(_labelled(per("collector_type"), "collector_type", CollectorType.choices)),
        organisation=bars(by_org),
        building=bars(by_building),
        community=bars(by_community),
        exclusion=bars(by_reason),
        visits=bars(by_outcome),
        yield_per_visit=_yield(visits, proposals),
    )


def _yield(visits, proposals) -> list[Bar]:
    """Proposals per visit by who went: the study's comparison (volunteers did best)."""
    made = dict(visits.values_list("collector_type").annotate(n=Count("pk")).order_by())
    given = dict(proposals.filter(visit__isnull=False).values_list("visit__collector_type")
                 .annotate(n=Count("pk")).order_by())
    pairs, extras = [], {}
    for value, label in CollectorType.choices[:3]:
        n = made.get(value, 0)
        rate = given.get(value, 0) / n if n else 0.0
        pairs.append((str(label), round(rate * 100)))
        extras[str(label)] = f"{given.get(value, 0)} / {n}"
    top = max((v for _l, v in pairs), default=0) or 1
    return [Bar(label, value, round(100 * value / top, 1), extras[label]) for label, value in pairs]


@dataclass(frozen=True)
class BuildingProgress:
    building: str
    households: int
    visited: int
    proposals: int

    @property
    def share(self) -> float:
        return round(100 * self.visited / self.households, 1) if self.households else 0.0


def building_progress(edition: Edition, community: Unit, buildings: list[str] | None = None):
    households = Household.objects.filter(community=community)
    if buildings is not None:
        households = households.filter(building__in=buildings)
    rows = households.values("building").annotate(
        n=Count("pk", distinct=True),
        visited=Count("visits__household", distinct=True, filter=Q(visits__edition=edition)),
    ).order_by("building")
    made = dict(Proposal.objects.filter(edition=edition, community=community).exclude(building="")
                .values_list("building").annotate(n=Count("pk")).order_by())
    return [BuildingProgress(r["building"], r["n"], r["visited"], made.get(r["building"], 0)) for r in rows]


def collector_progress(edition: Edition, community: Unit) -> list[dict]:
    """Visits and proposals per collector, with the organisation they went for."""
    visits = {r["collector"]: r for r in Visit.objects.filter(edition=edition, household__community=community)
              .values("collector").annotate(n=Count("pk")).order_by()}
    rows = (Proposal.objects.filter(edition=edition, community=community, collector__isnull=False)
            .values("collector", "collector__username", "collector__display_name", "organisation__name")
            .annotate(n=Count("pk")).order_by("-n"))
    out, seen = [], set()
    for r in rows:
        seen.add(r["collector"])
        out.append({"name": r["collector__display_name"] or r["collector__username"],
                    "organisation": r["organisation__name"] or "", "proposals": r["n"],
                    "visits": visits.get(r["collector"], {}).get("n", 0)})
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk([k for k in visits if k not in seen])
    for pk, user in users.items():
        out.append({"name": str(user), "organisation": "", "proposals": 0, "visits": visits[pk]["n"]})
    return out
