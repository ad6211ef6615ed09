"""Nightly seals, reopening, and the public flags on boxes."""

from datetime import date, datetime

import pytest
from django.db import DatabaseError, transaction

from tests.voting.conftest import CST, MONDAY_NOON, id_number
from xihu.apps.voting import selectors, services
from xihu.apps.voting.models import Seal
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
EVENING = datetime(2018, 1, 29, 20, 0, tzinfo=CST)
MORNING = datetime(2018, 1, 30, 8, 30, tzinfo=CST)


def _seal(box, people, paper, number="S-001", at=EVENING):
    return services.box_seal(box=box, officer_a=people["officer"], officer_b=people["officer2"],
                             seal_number=number, paper_in_box=paper, now=at)


def _reopen(box, people, paper, number="S-001", intact=True, note="", at=MORNING):
    return services.box_reopen(box=box, officer_a=people["officer2"], officer_b=people["staff"],
                               seal_number_found=number, intact=intact, paper_in_box=paper, note=note, now=at)


def _flags(edition, box):
    return next(s for s in selectors.box_states(edition) if s.box == box).flags


def test_seal_counts_electronic_ballots_and_declared_paper(registered, ballots, box, people, edition):
    registered()  # paper: a community sheet and a street sheet go into the box
    token = registered(mode="electronic", basis="work", proof="work_card", name="乙",
                       id_number=id_number(date(1980, 1, 1), 4)).token
    services.ballot_cast_electronic(token=token, marks={ballots["community"].pk: [1]}, now=MONDAY_NOON)
    seal = _seal(box, people, paper=2)
    assert (seal.electronic_in_box, seal.paper_in_box, seal.ballots_in_box) == (2, 2, 4)
    reopen = _reopen(box, people, paper=2)
    assert reopen.kind == "reopen" and reopen.intact is True and reopen.ballots_in_box == 4
    assert _flags(edition, box) == []


def test_sealed_box_refuses_registrations_and_a_second_seal(registered, box, people):
    _seal(box, people, paper=0)
    with pytest.raises(Refused, match="sealed|封"):
        registered(now=datetime(2018, 1, 29, 21, 0, tzinfo=CST))
    with pytest.raises(Refused):
        _seal(box, people, paper=0, at=datetime(2018, 1, 29, 21, 0, tzinfo=CST))


def test_reopen_needs_a_sealed_box_and_two_different_officers(box, people):
    with pytest.raises(Refused):
        _reopen(box, people, paper=0)
    with pytest.raises(Refused, match="two different|两名"):
        services.box_seal(box=box, officer_a=people["officer"], officer_b=people["officer"],
                          seal_number="S", paper_in_box=0, now=EVENING)
    with pytest.raises(Refused):
        services.box_seal(box=box, officer_a=people["officer"], officer_b=people["stranger"],
                          seal_number="S", paper_in_box=0, now=EVENING)


def test_reopening_count_different_from_the_seal_is_flagged(registered, box, people, edition):
    registered()
    _seal(box, people, paper=2)
    _reopen(box, people, paper=3)
    flags = _flags(edition, box)
    assert len(flags) == 1 and "3" in flags[0] and "2" in flags[0]


def test_broken_seal_and_changed_seal_number_are_flagged(box, people, edition):
    _seal(box, people, paper=0)
    with pytest.raises(Refused):
        _reopen(box, people, paper=0, intact=False)  # a broken seal needs a description
    _reopen(box, people, paper=0, intact=False, number="S-999", note="封条被撕开")
    assert len(_flags(edition, box)) == 2


def test_paper_declared_at_the_seal_is_checked_against_paper_handed_out(registered, box, people, edition):
    registered(now=MONDAY_NOON)
    _seal(box, people, paper=4)
    assert any("4" in f for f in _flags(edition, box))


def test_seals_are_append_only(box, people):
    _seal(box, people, paper=0)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Seal.objects.update(ballots_in_box=99)
    assert not Seal.objects.filter(ballots_in_box=99).exists()


def test_each_seal_commits_to_the_box_contents_and_an_overnight_change_is_caught(registered, ballots, box,
                                                                                 people, edition):
    """The seal's log entry carries order-free digests of the box's electronic ballots and paper
    entries; a ballot changed overnight (guards dropped with raw SQL) is caught at the reopening."""
    import json

    from django.db import connection

    from tests.results.test_attacks import castballot_guard, raw
    from xihu.apps.ledger.models import LedgerEntry
    from xihu.apps.voting import commitments
    from xihu.apps.voting.models import BallotReceipt, CastBallot

    token = registered(mode="electronic").token
    services.ballot_cast_electronic(token=token, marks={ballots["community"].pk: [1, 2]}, now=MONDAY_NOON)
    seal = _seal(box, people, paper=1)
    payload = LedgerEntry.objects.get(action="voting.box_seal", object_id=str(seal.pk)).payload
    assert payload["electronic"] == 2 and payload["box_key"] == commitments.box_key(box)
    assert payload["electronic_digest"] == commitments.electronic_digest(box)[1]
    # No marks and no receipt in the entry: only the order-free digests and counts.
    assert "choices" not in json.dumps(payload) and payload["receipts"] == 2
    assert not any(r.receipt_hash in json.dumps(payload) for r in BallotReceipt.objects.all())
    assert commitments.box_breaches(box) == []
    cast = CastBallot.objects.get(box=box, ballot=ballots["community"])
    with castballot_guard():
        raw("UPDATE voting_castballot SET choices = %s WHERE id = %s",
            [json.dumps([3]), cast.pk.hex if connection.vendor == "sqlite" else cast.pk])
    assert [b.key.split(":")[0] for b in commitments.box_breaches(box)] == ["sealdigest"]
    reopened = _reopen(box, people, paper=1)
    overnight = next(b for b in commitments.box_breaches(box) if b.key.startswith("overnight:"))
    from datetime import UTC

    from django.utils import timezone

    assert timezone.localtime(reopened.at).strftime("%Y-%m-%d %H:%M") in overnight.text  # local time
    assert reopened.at.astimezone(UTC).strftime("%H:%M") not in overnight.text  # not UTC (Shanghai is +8)
