"""Participation figures: one selector per figure, each taking an edition and returning plain
points (key, value, and what the label needs), read with one or two GROUP BY queries.

Keys are what stays the same from one edition to the next (a channel, a unit's code, an age
band, an organisation, the n-th day of voting), so two editions' figures line up by key."""

from dataclasses import dataclass, field

from django.db.models import Count, F

from xihu.apps.assemblies.models import Attendee
from xihu.apps.editions.models import Edition
from xihu.apps.insights.days import per_day
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.proposals.models import Channel, CollectorType, Proposal, Visit
from xihu.apps.results.models import CountMember
from xihu.apps.voting.ages import AgeBand
from xihu.apps.voting.models import Registration, Shift, Station

TOP_BUILDINGS = 15


@dataclass(frozen=True)
class Point:
    key: str
    value: float
    name: str = ""      # a name as recorded (Chinese), when the key is not a fixed choice
    name_en: str = ""
    extra: dict = field(default_factory=dict)


def _choices(rows: dict, choices) -> list[Point]:
    return [Point(value, rows.get(value, 0)) for value, _label in choices]


def proposals_by_channel(edition: Edition) -> list[Point]:
    rows = dict(Proposal.objects.filter(edition=edition).values_list("channel")
                .annotate(n=Count("pk")).order_by())
    return _choices(rows, Channel.choices)


def proposals_by_collector(edition: Edition) -> list[Point]:
    rows = dict(Proposal.objects.filter(edition=edition).values_list("collector_type")
                .annotate(n=Count("pk")).order_by())
    return _choices(rows, CollectorType.choices)


def visits_by_collector(edition: Edition) -> list[Point]:
    """Door-to-door visits by who went, with the proposals those visits gave (the study's
    comparison: volunteers did best)."""
    visits = dict(Visit.objects.filter(edition=edition).values_list("collector_type")
                  .annotate(n=Count("pk")).order_by())
    given = dict(Proposal.objects.filter(edition=edition, visit__isnull=False)
                 .values_list("visit__collector_type").annotate(n=Count("pk")).order_by())
    return [Point(value, visits.get(value, 0), extra={"proposals": given.get(value, 0)})
            for value, _label in CollectorType.choices[:3]]


def yield_by_collector(edition: Edition) -> list[Point]:
    """Proposals per 100 visits, by who went."""
    return [Point(p.key, round(100 * p.extra["proposals"] / p.value, 1) if p.value else 0.0,
                  extra={"proposals": p.extra["proposals"], "visits": p.value})
            for p in visits_by_collector(edition)]


def _organisations() -> dict[int, SocialOrganisation]:
    return {o.pk: o for o in SocialOrganisation.objects.exclude(kind=SocialOrganisation.Kind.EXPERT_GROUP)}


def _per_organisation(counts: dict[int, int], organisations: dict[int, SocialOrganisation]) -> list[Point]:
    return [Point(str(pk), counts.get(pk, 0), o.name, o.name_en) for pk, o in sorted(organisations.items())]


def proposals_by_organisation(edition: Edition) -> list[Point]:
    counts = dict(Proposal.objects.filter(edition=edition, organisation__isnull=False)
                  .values_list("organisation").annotate(n=Count("pk")).order_by())
    return _per_organisation(counts, _organisations())


def visits_by_organisation(edition: Edition) -> list[Point]:
    counts = dict(Visit.objects.filter(edition=edition, organisation__isnull=False)
                  .values_list("organisation").annotate(n=Count("pk")).order_by())
    return _per_organisation(counts, _organisations())


def _buildings(rows) -> list[Point]:
    return [Point(f"{r['code']}/{r['building']}", r["n"], f"{r['cname']} · {r['building']}",
                  f"{r['cname_en'] or r['cname']} · {r['building']}") for r in rows]


def proposals_by_building(edition: Edition) -> list[Point]:
    rows = (Proposal.objects.filter(edition=edition).exclude(building="")
            .values("building", code=F("community__code"), cname=F("community__name"),
                    cname_en=F("community__name_en"))
            .annotate(n=Count("pk")).order_by("-n", "code", "building")[:TOP_BUILDINGS])
    return _buildings(rows)


def visits_by_building(edition: Edition) -> list[Point]:
    rows = (Visit.objects.filter(edition=edition)
            .values(building=F("household__building"), code=F("household__community__code"),
                    cname=F("household__community__name"),
                    cname_en=F("household__community__name_en"))
            .annotate(n=Count("pk")).order_by("-n", "code", "building")[:TOP_BUILDINGS])
    return _buildings(rows)


# ---------------------------------------------------------------- turnout

def _communities(edition: Edition) -> list[Unit]:
    return list(Unit.objects.filter(parent__parent=edition.district, kind=Unit.Kind.COMMUNITY)
                .select_related("parent").order_by("parent__code", "code"))


def turnout_by_unit(edition: Edition) -> list[Point]:
    """Community-ballot voters as a share of each community's registered residents (%), then
    street-ballot voters per street."""
    community = dict(Registration.objects.filter(edition=edition, ballot_kind="community")
                     .values_list("community_id").annotate(n=Count("pk")).order_by())
    street = dict(Registration.objects.filter(edition=edition, ballot_kind="street")
                  .values_list("community__parent_id").annotate(n=Count("pk")).order_by())
    units = _communities(edition)
    streets = {u.parent_id: u.parent for u in units}
    points = []
    for s in sorted(streets.values(), key=lambda u: u.code):
        n = street.get(s.pk, 0)
        residents = s.residents or sum(c.residents for c in units if c.parent_id == s.pk)
        points.append(Point(s.code, round(100 * n / residents, 1) if residents else 0.0, s.name,
                            s.name_en, {"voters": n, "residents": residents, "street": True}))
    for c in units:
        n = community.get(c.pk, 0)
        points.append(Point(c.code, round(100 * n / c.residents, 1) if c.residents else 0.0, c.name,
                            c.name_en, {"voters": n, "residents": c.residents, "street": False}))
    return points


def turnout_by_day(edition: Edition) -> list[Point]:
    """People registered per local day of voting (a person taking both ballots counts once);
    the key is the day's number in the voting week, so editions compare day by day."""
    days = sorted(per_day(Registration.objects.filter(edition=edition)).get(None, {}).items())
    first = days[0][0] if days else None
    return [Point(str((day - first).days + 1), n, day.isoformat()) for day, n in days]


def turnout_by_station(edition: Edition) -> list[Point]:
    counts = dict(Registration.objects.filter(edition=edition).values_list("station_id")
                  .annotate(n=Count("voter_key", distinct=True)).order_by())
    stations = (Station.objects.filter(edition=edition).select_related("community")
                .order_by("community__code", "name"))
    return [Point(f"{s.community.code}/{s.name}", counts.get(s.pk, 0), f"{s.community.name} · {s.name}",
                  f"{s.community.name_en or s.community.name} · {s.name}", {"kind": s.kind})
            for s in stations]


def turnout_by_age(edition: Edition) -> list[Point]:
    """People who voted, per age band on the day (registrations before bands were kept: unknown)."""
    counts = dict(Registration.objects.filter(edition=edition).values_list("age_band")
                  .annotate(n=Count("voter_key", distinct=True)).order_by())
    points = [Point(value, counts.get(value, 0)) for value, _label in AgeBand.choices]
    if counts.get(""):
        points.append(Point("", counts[""]))
    return points


# ---------------------------------------------------------------- social organisations per stage

ACTIVITIES = ("visits", "proposals", "advisers", "stations", "shifts", "counts")


def organisation_activity(edition: Edition) -> list[Point]:
    """For each social organisation, its activity in each stage: door-to-door visits and proposals
    (collection), technical advisers seated at round tables (assembly), stations staffed and
    shifts worked by its members (voting), count sessions its members sat in (counting)."""
    organisations = _organisations()
    visits = dict(Visit.objects.filter(edition=edition, organisation__isnull=False)
                  .values_list("organisation").annotate(n=Count("pk")).order_by())
    proposals = dict(Proposal.objects.filter(edition=edition, organisation__isnull=False)
                     .values_list("organisation").annotate(n=Count("pk")).order_by())
    advisers = dict(Attendee.objects.filter(assembly__edition=edition, organisation__isnull=False,
                                            table_role=Attendee.TableRole.ADVISER,
                                            checked_in_at__isnull=False, table_no__isnull=False)
                    .values_list("organisation").annotate(n=Count("pk")).order_by())
    shifts = {r["officer__organisations"]: r for r in (
        Shift.objects.filter(station__edition=edition, officer__organisations__isnull=False)
        .values("officer__organisations")
        .annotate(shifts=Count("pk", distinct=True), stations=Count("station", distinct=True)).order_by())}
    counts = dict(CountMember.objects.filter(session__edition=edition, user__organisations__isnull=False)
                  .values_list("user__organisations").annotate(n=Count("session", distinct=True)).order_by())
    points = []
    for pk, o in sorted(organisations.items()):
        row = {"visits": visits.get(pk, 0), "proposals": proposals.get(pk, 0),
               "advisers": advisers.get(pk, 0), "stations": shifts.get(pk, {}).get("stations", 0),
               "shifts": shifts.get(pk, {}).get("shifts", 0), "counts": counts.get(pk, 0)}
        points.append(Point(str(pk), sum(row.values()), o.name, o.name_en, {"kind": o.kind, **row}))
    return points
