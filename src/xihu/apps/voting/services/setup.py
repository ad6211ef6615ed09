"""Setting up voting week: stations, boxes, officer shifts, and a street's turnout target."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.voting.models import Box, Shift, Station, TurnoutTarget
from xihu.apps.voting.permissions import require_setup, require_target_setter
from xihu.errors import Refused


@transaction.atomic
def station_create(*, edition: Edition, community: Unit, kind: str, name: str, location: str = "",
                   actor) -> Station:
    require_setup(actor, community, edition)
    if kind not in Station.Kind.values:
        raise Refused(_("Unknown kind of station."))
    if not name.strip():
        raise Refused(_("A station needs a name."))
    station = Station.objects.create(edition=edition, community=community, kind=kind,
                                     name=name.strip(), location=location.strip())
    ledger_append(actor=actor, action="voting.station_create", obj=station, payload={
        "community": community.code, "kind": kind, "name": station.name, "location": station.location,
    })
    return station


@transaction.atomic
def box_create(*, station: Station, code: str, actor) -> Box:
    require_setup(actor, station.community, station.edition)
    code = code.strip()
    if not code:
        raise Refused(_("A box needs a number."))
    if Box.objects.filter(station=station, code=code).exists():
        raise Refused(_("Station %(station)s already has a box %(code)s.") % {"station": station, "code": code})
    box = Box.objects.create(station=station, community=station.community, code=code)
    ledger_append(actor=actor, action="voting.box_create", obj=box, payload={
        "station": station.pk, "community": station.community.code, "code": code,
    })
    return box


@transaction.atomic
def shift_add(*, station: Station, officer, day: date, starts: time = time(8, 30),
              ends: time = time(17, 30), actor) -> Shift:
    return shifts_add(station=station, officer=officer, days=[day], starts=starts, ends=ends, actor=actor)[0]


@transaction.atomic
def shifts_add(*, station: Station, officer, days: list[date], starts: time = time(8, 30),
               ends: time = time(17, 30), actor) -> list[Shift]:
    """An officer on duty at the station on each of these days (one ledger entry)."""
    require_setup(actor, station.community, station.edition)
    if not officer.roles.filter(unit=station.community,
                                role__in=[Role.STATION_OFFICER, Role.COMMUNITY_STAFF]).exists():
        raise Refused(_("%(user)s is not a station officer or staff of %(unit)s.")
                      % {"user": officer, "unit": station.community})
    if ends <= starts:
        raise Refused(_("A shift must end after it starts."))
    if Shift.objects.filter(station=station, officer=officer, day__in=days).exists():
        raise Refused(_("%(user)s already has a shift there that day.") % {"user": officer})
    shifts = [Shift.objects.create(station=station, officer=officer, day=day, starts=starts, ends=ends,
                                   created_by=actor) for day in sorted(set(days))]
    ledger_append(actor=actor, action="voting.shift_add", obj=shifts[0], payload={
        "station": station.pk, "officer": officer.get_username(),
        "days": [s.day.isoformat() for s in shifts], "starts": starts.isoformat(), "ends": ends.isoformat(),
    })
    return shifts


@transaction.atomic
def turnout_target_set(*, edition: Edition, street: Unit, percent: int, actor,
                       now: datetime | None = None) -> TurnoutTarget:
    """A street announces the turnout it aims for; it is shown publicly beside the turnout."""
    require_target_setter(actor, street, edition)
    if not 0 < percent <= 100:
        raise Refused(_("A turnout target is a percentage between 1 and 100."))
    if TurnoutTarget.objects.filter(edition=edition, unit=street).exists():
        raise Refused(_("%(unit)s has already set its turnout target.") % {"unit": street})
    target = TurnoutTarget.objects.create(edition=edition, unit=street, percent=percent, set_by=actor,
                                          set_at=now or timezone.now())
    ledger_append(actor=actor, action="voting.turnout_target", obj=target, payload={
        "street": street.code, "percent": percent,
    })
    return target
