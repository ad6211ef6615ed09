"""Build the voting week's records directly (the contract models), for counting tests."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.ballots.services import ballot_fingerprint, ballot_fingerprint_data
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import Project
from xihu.apps.voting.commitments import seal_payload
from xihu.apps.voting.models import Box, CastBallot, Registration, Seal, Station
from xihu.engine.ballots import check_approval

CST = ZoneInfo("Asia/Shanghai")


def make_ballot(edition, unit, kind, items, *, actor, budget=None, max_choices=5) -> Ballot:
    """items: [(title, amount), ...] numbered from 1 in this order."""
    budget = budget if budget is not None else (300_000 if kind == "community" else 1_000_000)
    ballot = Ballot.objects.create(edition=edition, unit=unit, kind=kind, max_choices=max_choices,
                                   budget=budget)
    for number, (title, amount) in enumerate(items, start=1):
        project = Project.objects.create(edition=edition, unit=unit, level=kind, title=title,
                                         created_by=actor)
        BallotItem.objects.create(ballot=ballot, number=number, project=project, title=title,
                                  amount=amount)
    data = ballot_fingerprint_data(ballot)
    fingerprint = ballot_fingerprint(ballot)
    Ballot.objects.filter(pk=ballot.pk).update(fingerprint=fingerprint, frozen_at=timezone.now(),
                                               frozen_by=actor)
    ballot.refresh_from_db()
    # what ballot_freeze records in the log
    ledger_append(actor=actor, action="ballots.freeze", obj=ballot, payload={**data, "fingerprint": fingerprint})
    return ballot


def make_box(edition, community, station_name, code, kind="fixed") -> Box:
    station, _ = Station.objects.get_or_create(edition=edition, community=community,
                                               name=station_name, defaults={"kind": kind})
    return Box.objects.create(station=station, community=community, code=code)


def cast(ballot, box, choices, n=1, *, status=None, reason="", day=date(2018, 2, 1)) -> None:
    """n papers with these marks; status from the engine's check unless given."""
    if status is None:
        check = check_approval([str(c) for c in choices],
                               {str(i) for i in ballot.items.values_list("number", flat=True)},
                               ballot.max_choices)
        status, reason = str(check.status), str(check.reason or "")
    CastBallot.objects.bulk_create([
        CastBallot(ballot=ballot, box=box, day=day, choices=list(choices), status=status,
                   invalid_reason=reason, source="paper") for _ in range(n)])


def seal(box, ballots_in_box, officer_a, officer_b, *, at="2018-02-03 17:00", intact=True) -> Seal:
    made = Seal.objects.create(box=box, kind="seal", at=datetime.fromisoformat(at).replace(tzinfo=CST),
                               ballots_in_box=ballots_in_box, seal_number=f"S-{box.pk}-{at}",
                               intact=intact, officer_a=officer_a, officer_b=officer_b)
    # what box_seal records in the log: the commitment to the box's contents
    ledger_append(actor=officer_a, action="voting.box_seal", obj=made, payload={
        "box": box.pk, "ballots_in_box": ballots_in_box, **seal_payload(box)})
    return made


_KEY = [0]


def register(edition, kind, box, officer, n=1) -> None:
    rows = []
    for _ in range(n):
        _KEY[0] += 1
        rows.append(Registration(edition=edition, ballot_kind=kind, voter_key=f"k{_KEY[0]:08d}",
                                 community=box.community, station=box.station, box=box,
                                 officer=officer))
    Registration.objects.bulk_create(rows)
