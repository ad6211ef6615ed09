"""Reads for voting week: stations and boxes, seal flags, live turnout, bursts, the export."""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.voting.models import (
    BallotReceipt,
    Box,
    CastBallot,
    Registration,
    Seal,
    Station,
    TurnoutTarget,
)
from xihu.clock import local_minute


def stations_of(edition: Edition, community: Unit):
    return (Station.objects.filter(edition=edition, community=community)
            .prefetch_related("boxes").order_by("kind", "name"))


def boxes_of(edition: Edition, community: Unit):
    return (Box.objects.filter(station__edition=edition, community=community)
            .select_related("station").order_by("station__name", "code"))


def register_lookup(community: Unit, name: str, limit: int = 20):
    """Register entries of the community whose name starts with `name`."""
    if not name.strip():
        return RegisteredResident.objects.none()
    return (RegisteredResident.objects.filter(household__community=community, name__startswith=name.strip())
            .select_related("household").order_by("name", "birth_date")[:limit])


# ---------------------------------------------------------------- seals and boxes

@dataclass
class BoxState:
    box: Box
    seals: list[Seal]
    flags: list[str] = field(default_factory=list)
    paper_registered: int = 0
    electronic_cast: int = 0

    @property
    def sealed(self) -> bool:
        return bool(self.seals) and self.seals[-1].kind == Seal.Kind.SEAL


def box_states(edition: Edition, community: Unit | None = None) -> list[BoxState]:
    """Every box with its seal history and what is wrong with it: a reopening that differs from
    the seal before it (count, seal number, or a broken seal), or paper sheets declared at a seal
    that differ from the paper ballots registered at that box until then."""
    boxes = Box.objects.filter(station__edition=edition).select_related("station", "community")
    if community is not None:
        boxes = boxes.filter(community=community)
    boxes = list(boxes.order_by("community__code", "station__name", "code"))
    paper = Registration.objects.filter(box=OuterRef("box"), mode=Registration.Mode.PAPER)
    handed_out = Subquery(paper.filter(registered_at__lte=OuterRef("at")).order_by().values("box")
                          .annotate(n=Count("id")).values("n"), output_field=IntegerField())
    seals = defaultdict(list)
    for seal in (Seal.objects.filter(box__in=boxes).select_related("officer_a", "officer_b")
                 .annotate(paper_handed_out=Coalesce(handed_out, 0)).order_by("at", "pk")):
        seals[seal.box_id].append(seal)
    paper_total = dict(Registration.objects.filter(box__in=boxes, mode=Registration.Mode.PAPER)
                       .values_list("box_id").annotate(n=Count("id")))
    # Electronic ballots cast so far: one receipt each (the ballots themselves wait encrypted
    # in their box until it is sealed).
    electronic = dict(BallotReceipt.objects.filter(box__in=boxes).values_list("box_id").annotate(n=Count("id")))
    states = []
    for box in boxes:
        state = BoxState(box=box, seals=seals[box.pk], paper_registered=paper_total.get(box.pk, 0),
                         electronic_cast=electronic.get(box.pk, 0))
        state.flags = _seal_flags(state.seals)
        states.append(state)
    return states


def _seal_flags(seals: list[Seal]) -> list[str]:
    flags = []
    previous = None
    for seal in seals:
        when = local_minute(seal.at)
        if seal.kind == Seal.Kind.SEAL:
            registered = seal.paper_handed_out
            if seal.paper_in_box != registered:
                flags.append(_("%(when)s: %(declared)s paper sheets declared at the seal, but %(registered)s "
                               "paper ballots were handed out at this box.")
                             % {"when": when, "declared": seal.paper_in_box, "registered": registered})
        elif previous is not None:
            if seal.intact is False:
                flags.append(_("%(when)s: the seal was found broken.") % {"when": when})
            if seal.seal_number != previous.seal_number:
                flags.append(_("%(when)s: seal number %(found)s found, %(sealed)s was sealed.")
                             % {"when": when, "found": seal.seal_number, "sealed": previous.seal_number})
            if seal.ballots_in_box != previous.ballots_in_box:
                flags.append(_("%(when)s: %(found)s ballots at reopening, %(sealed)s at the seal.")
                             % {"when": when, "found": seal.ballots_in_box, "sealed": previous.ballots_in_box})
        previous = seal
    return flags


# ---------------------------------------------------------------- turnout

@dataclass(frozen=True)
class TurnoutRow:
    unit: Unit
    voters: int
    residents: int
    target: int | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.voters / self.residents if self.residents else 0.0

    @property
    def reached(self) -> bool | None:
        return None if self.target is None else self.percent >= self.target


def turnout_targets(edition: Edition) -> dict[int, TurnoutTarget]:
    """The turnout targets streets set for themselves in this edition, by street id (a street
    that set none is absent: in the pilot Nanpu set one, Guangrunmen did not). For the results
    and analytics pages: who set it, when, and the percentage."""
    rows = TurnoutTarget.objects.filter(edition=edition).select_related("unit", "set_by")
    return {row.unit_id: row for row in rows}


def turnout(edition: Edition) -> tuple[list[TurnoutRow], list[TurnoutRow]]:
    """(streets, communities): registrations for the street / community ballot divided by the
    unit's registered residents, with the street's target where it set one."""
    community_counts = dict(Registration.objects.filter(edition=edition, ballot_kind="community")
                            .values_list("community_id").annotate(n=Count("id")))
    street_counts = dict(Registration.objects.filter(edition=edition, ballot_kind="street")
                         .values_list("community__parent_id").annotate(n=Count("id")))
    targets = dict(TurnoutTarget.objects.filter(edition=edition).values_list("unit_id", "percent"))
    streets = list(Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("code"))
    communities = list(Unit.objects.filter(parent__in=streets).order_by("parent__code", "code"))
    return (
        [TurnoutRow(s, street_counts.get(s.pk, 0), s.residents, targets.get(s.pk)) for s in streets],
        [TurnoutRow(c, community_counts.get(c.pk, 0), c.residents, targets.get(c.pk)) for c in communities],
    )


def voters_by_station(edition: Edition) -> list[tuple[Station, int]]:
    counts = dict(Registration.objects.filter(edition=edition).values_list("station_id")
                  .annotate(n=Count("voter_key", distinct=True)))
    stations = Station.objects.filter(edition=edition).select_related("community").order_by(
        "community__code", "name")
    return [(s, counts.get(s.pk, 0)) for s in stations]


def voters_by_day(edition: Edition, community: Unit | None = None) -> list[tuple[date, int]]:
    """People registered per local day (a person taking both ballots at once counts once): the
    window's first and last registration, then every day's count in one aggregate query (plain
    range comparisons the database does itself, however many days the window has)."""
    rows = Registration.objects.filter(edition=edition)
    if community is not None:
        rows = rows.filter(community=community)
    first, last = rows.aggregate(first=Min("registered_at"), last=Max("registered_at")).values()
    if first is None:
        return []
    zone = timezone.get_current_timezone()
    day, days = timezone.localtime(first, zone).date(), []
    while day <= timezone.localtime(last, zone).date():
        days.append(day)
        day += timedelta(days=1)
    counts = rows.aggregate(**{
        f"d{i}": Count("voter_key", distinct=True, filter=Q(
            registered_at__gte=datetime.combine(d, time.min, tzinfo=zone),
            registered_at__lt=datetime.combine(d + timedelta(days=1), time.min, tzinfo=zone)))
        for i, d in enumerate(days)})
    return [(d, counts[f"d{i}"]) for i, d in enumerate(days) if counts[f"d{i}"]]


# ---------------------------------------------------------------- bursts

def burst_threshold() -> tuple[int, int]:
    """(people, minutes): this many people registered by one officer within this many minutes
    is flagged. Settings XIHU_VOTING_BURST_PEOPLE / _MINUTES or the same environment variables;
    default 15 people in 10 minutes (a careful registration takes more than a minute)."""
    people = getattr(settings, "XIHU_VOTING_BURST_PEOPLE", None) or os.environ.get(
        "XIHU_VOTING_BURST_PEOPLE", "15")
    minutes = getattr(settings, "XIHU_VOTING_BURST_MINUTES", None) or os.environ.get(
        "XIHU_VOTING_BURST_MINUTES", "10")
    return int(people), int(minutes)


@dataclass(frozen=True)
class Burst:
    officer: str
    station: str
    start: datetime
    end: datetime
    people: int
    officer_id: int | None = None
    station_id: int | None = None
    first_registration: int | None = None  # the registration that opens the run (its ledger entry)


# Per officer, each person once (their first registration by that officer), numbered in time
# order; for each, the lowest number still within `window_ms` before it (a RANGE frame). A row
# whose window holds `people` or more ends a run. Only those rows leave the database.
_BURST_SQL = """
WITH firsts AS (
    SELECT id, officer_id, station_id, registered_at, {epoch_ms} AS t,
           ROW_NUMBER() OVER (PARTITION BY officer_id, voter_key ORDER BY registered_at, id) AS k
    FROM voting_registration WHERE edition_id = %s
), numbered AS (
    SELECT id, officer_id, station_id, registered_at, t,
           ROW_NUMBER() OVER (PARTITION BY officer_id ORDER BY t, id) AS n
    FROM firsts WHERE k = 1
), windows AS (
    SELECT id, officer_id, registered_at, n,
           MIN(n) OVER (PARTITION BY officer_id ORDER BY t
                        RANGE BETWEEN {window_ms} PRECEDING AND CURRENT ROW) AS start_n
    FROM numbered
)
SELECT w.officer_id, w.n, w.start_n, w.registered_at, s.registered_at, s.station_id, s.id
FROM windows w JOIN numbered s ON s.officer_id = w.officer_id AND s.n = w.start_n
WHERE w.n - w.start_n + 1 >= %s
ORDER BY w.officer_id, w.n
"""
_EPOCH_MS = {
    "sqlite": "CAST(ROUND((julianday(registered_at) - 2440587.5) * 86400000.0) AS INTEGER)",
    "postgresql": "CAST(ROUND(EXTRACT(EPOCH FROM registered_at) * 1000) AS BIGINT)",
}


def _as_datetime(value) -> datetime:
    if isinstance(value, str):  # SQLite returns the stored text of a raw column
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def bursts(edition: Edition, people: int | None = None, minutes: int | None = None) -> list[Burst]:
    """Runs where one officer registered at least `people` people within `minutes` (each run is
    reported once, at its largest extent). The database finds the rows that end a full window;
    only those are read, so the cost does not grow with a calm edition's size in Python."""
    default_people, default_minutes = burst_threshold()
    people, minutes = int(people or default_people), int(minutes or default_minutes)
    sql = _BURST_SQL.format(epoch_ms=_EPOCH_MS[connection.vendor], window_ms=minutes * 60_000)
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition.pk, people])
        rows = cursor.fetchall()
    runs: list[list] = []  # [officer, start_n, end_n, start_at, end_at, station, first_id]
    previous = None
    for officer_id, n, start_n, end_at, start_at, station_id, first_id in rows:
        run = runs[-1] if runs else None
        if (run and previous and previous[0] == officer_id and n == previous[1] + 1
                and start_n <= run[2]):
            run[2], run[4] = n, end_at
        else:
            runs.append([officer_id, start_n, n, start_at, end_at, station_id, first_id])
        previous = (officer_id, n)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk({r[0] for r in runs})
    stations = dict(Station.objects.filter(pk__in={r[5] for r in runs}).values_list("pk", "name"))
    found = [Burst(officer=str(users[o]), station=stations.get(st, ""), start=_as_datetime(sa),
                   end=_as_datetime(ea), people=e - s + 1, officer_id=o, station_id=st,
                   first_registration=first)
             for o, s, e, sa, ea, st, first in runs]
    return sorted(found, key=lambda b: b.start)


# ---------------------------------------------------------------- the public record

EXPORT_PAGE = 10_000


def cast_ballot_export(edition: Edition, after: str = "", limit: int | None = None) -> list[dict]:
    """Cast ballots ordered by their random id (never by when they were cast), one page of
    `limit` after the id `after`."""
    limit = limit or EXPORT_PAGE
    rows = CastBallot.objects.filter(ballot__edition=edition).select_related("ballot__unit").order_by("id")
    if after:
        rows = rows.filter(id__gt=after)
    return [
        {"id": str(c.id), "ballot": c.ballot_id, "unit": c.ballot.unit.code, "kind": c.ballot.kind,
         "box": c.box_id, "day": c.day.isoformat(), "source": c.source, "status": c.status,
         "invalid_reason": c.invalid_reason, "choices": c.choices}
        for c in rows[:limit]
    ]


def receipt_export(edition: Edition) -> list[dict]:
    """Receipt hashes per box, sorted by hash: they prove a ballot is in the record without
    pointing at which one (so a receipt cannot show anyone how its holder voted)."""
    rows = (BallotReceipt.objects.filter(box__station__edition=edition)
            .values_list("box_id", "receipt_hash").order_by("receipt_hash"))
    return [{"box": box, "receipt_hash": digest} for box, digest in rows]


def receipt_rows(edition: Edition, *, after: str = "", limit: int | None = None):
    """(box id, receipt hash) in hash order after `after`, at most `limit` (all: an iterator
    that never holds them all)."""
    rows = (BallotReceipt.objects.filter(box__station__edition=edition, receipt_hash__gt=after)
            .values_list("box_id", "receipt_hash").order_by("receipt_hash"))
    return list(rows[:limit]) if limit is not None else rows.iterator(chunk_size=5000)
