"""Registering a voter at a station: one community and one street ballot per person per
edition, whatever station or box, enforced by the database's unique constraint."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import BallotKind
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.voting import hot
from xihu.apps.voting.ages import age_band
from xihu.apps.voting.eligibility import check_voter
from xihu.apps.voting.models import Box, Registration
from xihu.apps.voting.services.common import ballots_for, local_day, require_open, require_window
from xihu.apps.voting.tablet import issue_token
from xihu.clock import local_minute
from xihu.errors import Refused


@dataclass(frozen=True)
class Registered:
    registrations: list[Registration]
    token: str  # for the tablet (electronic ballots); empty for paper


def _first_registration_refusal(edition, kinds, key) -> Refused | None:
    earlier = (Registration.objects.filter(edition=edition, ballot_kind__in=kinds, voter_key=key)
               .select_related("station", "community").order_by("registered_at").first())
    if earlier is None:
        return None
    return Refused(
        _("Already registered for the %(kind)s ballot on %(when)s at %(station)s (%(unit)s); "
          "one ballot of each kind per person.")
        % {"kind": BallotKind(earlier.ballot_kind).label,
           "when": local_minute(earlier.registered_at),
           "station": earlier.station, "unit": earlier.community}
    )


_COLUMNS = ("edition_id", "ballot_kind", "voter_key", "community_id", "station_id", "box_id", "officer_id",
            "registered_at", "basis", "proof", "mode", "age_band")


def _insert_new(rows: list[Registration]) -> bool:
    """INSERT the rows in one statement; False when any would be a second registration of the
    person for that kind (the unique constraint decides, without a savepoint: the caller then
    refuses, which rolls back any row that went in). The rows get their ids."""
    adapt = connection.ops.adapt_datetimefield_value
    values = [adapt(row.registered_at) if column == "registered_at" else getattr(row, column)
              for row in rows for column in _COLUMNS]
    one = f"({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO voting_registration ({', '.join(_COLUMNS)}) VALUES "  # noqa: S608  # nosec B608 - fixed names
                       f"{', '.join([one] * len(rows))} ON CONFLICT DO NOTHING RETURNING id, ballot_kind", values)
        ids = dict((kind, pk) for pk, kind in cursor.fetchall())
    if len(ids) < len(rows):
        return False
    for row in rows:
        row.pk = ids[row.ballot_kind]
        row._state.adding, row._state.db = False, connection.alias
    return True


@transaction.atomic
def voter_register(*, box: Box, officer, id_number: str, name: str = "", basis: str,
                   proof: str = "", resident: RegisteredResident | None = None,
                   kinds: tuple[str, ...] = (BallotKind.COMMUNITY, BallotKind.STREET),
                   mode: str = Registration.Mode.PAPER, now: datetime | None = None,
                   desk_state: tuple[tuple | None, bool] | None = None) -> Registered:
    """Record that this person receives these ballots here, or refuse with the reasons (with
    where and when, if they were registered before). `desk_state`: the box's latest seal and
    whether the officer is on shift at its station on `now`'s day, as the desk read them with
    its page at the start of the request (hot.desk_scope); read here when not given."""
    now = now or timezone.now()
    station, community = box.station, box.community
    edition = station.edition
    require(officer, "run_station", community, edition)
    require_window(edition, now)
    seal, on_shift = desk_state or hot.desk_state(box.pk, station.pk, officer.pk, local_day(now))
    require_open(box, seal)
    if not on_shift:
        raise Refused(_("You are not on shift at %(station)s today.") % {"station": station})
    kinds = tuple(dict.fromkeys(kinds))
    if not kinds or any(k not in BallotKind.values for k in kinds):
        raise Refused(_("Choose the ballots the person receives."))
    if mode not in Registration.Mode.values:
        raise Refused(_("Choose paper or electronic."))
    voter = check_voter(community=community, id_number=id_number, name=name, basis=basis,
                        proof=proof, resident=resident, min_age=edition.min_age, on=local_day(now))
    ballots = ballots_for(edition, community, kinds)
    band = age_band(voter.birth_date, local_day(now))
    rows = [Registration(edition=edition, ballot_kind=kind, voter_key=voter.key, community=community,
                         station=station, box=box, officer=officer, registered_at=now, basis=voter.basis,
                         proof=voter.proof, mode=mode, age_band=band) for kind in kinds]
    # The unique constraint decides: a person registered before, here or anywhere, is not
    # inserted again, and the refusal says where and when.
    try:
        inserted = _insert_new(rows)
    except IntegrityError:
        if connection.vendor != "sqlite":
            raise
        inserted = False  # SQLite's append-only guard refuses a taken key before ON CONFLICT does
    if not inserted:
        raise (_first_registration_refusal(edition, kinds, voter.key)
               or Refused(_("This person was registered at the same moment elsewhere.")))
    ledger_append(actor=officer, action="voting.register", obj=rows[0], payload={
        "community": community.code, "station": station.pk, "box": box.pk,
        "kinds": list(kinds), "basis": voter.basis, "proof": voter.proof, "mode": mode,
    })
    token = ""
    if mode == Registration.Mode.ELECTRONIC:
        token = issue_token(ballot_pks=[b.pk for b in ballots], box_pk=box.pk)
    return Registered(registrations=rows, token=token)
