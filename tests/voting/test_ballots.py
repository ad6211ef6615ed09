"""Electronic ballots: the tablet token, validity by the engine, receipts, and secrecy."""

import uuid
from datetime import datetime

import pytest
from django.db import DatabaseError, transaction

from tests.voting.conftest import CST, MONDAY_NOON, id_number
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.voting import selectors, services
from xihu.apps.voting.models import CastBallot, Registration
from xihu.apps.voting.services.ballots import tablet_ballots
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _vote(registered, ballots, community_marks, street_marks=(), **kwargs):
    token = registered(mode="electronic", **kwargs).token
    return services.ballot_cast_electronic(
        token=token, marks={ballots["community"].pk: list(community_marks),
                            ballots["street"].pk: list(street_marks)}, now=MONDAY_NOON)


def test_electronic_ballot_is_recorded_with_day_box_and_marks_only(registered, ballots, box):
    receipts = _vote(registered, ballots, [3, 1], [2])
    cast = {c.ballot_id: c for c in CastBallot.objects.all()}
    assert cast[ballots["community"].pk].choices == [1, 3]
    assert cast[ballots["community"].pk].status == "valid"
    assert cast[ballots["street"].pk].day.isoformat() == "2018-01-29"
    assert {c.box_id for c in cast.values()} == {box.pk}
    assert {c.source for c in cast.values()} == {"electronic"}
    assert len(receipts) == 2


def test_over_vote_is_invalid_as_a_whole_and_blank_is_blank(registered, ballots):
    _vote(registered, ballots, [1, 2, 3, 4, 5, 6], [])
    cast = {c.ballot_id: c for c in CastBallot.objects.all()}
    community = cast[ballots["community"].pk]
    assert (community.status, community.invalid_reason) == ("invalid", "over_vote")
    assert community.choices == [1, 2, 3, 4, 5, 6]
    assert cast[ballots["street"].pk].status == "blank"


def test_exactly_five_marks_is_valid(registered, ballots):
    _vote(registered, ballots, [1, 2, 3, 4, 5], [6])
    assert set(CastBallot.objects.values_list("status", flat=True)) == {"valid"}


def test_a_token_votes_once(registered, ballots):
    token = registered(mode="electronic").token
    marks = {ballots["community"].pk: [1]}
    services.ballot_cast_electronic(token=token, marks=marks, now=MONDAY_NOON)
    with pytest.raises(Refused, match="already used|已使用"):
        services.ballot_cast_electronic(token=token, marks=marks, now=MONDAY_NOON)
    with pytest.raises(Refused):
        tablet_ballots(token)
    assert CastBallot.objects.count() == 2


def test_a_forged_token_is_refused(registered, ballots):
    token = registered(mode="electronic").token
    with pytest.raises(Refused):
        services.ballot_cast_electronic(token=token[:-2] + "xx", marks={}, now=MONDAY_NOON)


def test_after_the_close_the_tablet_refuses(registered, ballots):
    token = registered(mode="electronic").token
    with pytest.raises(Refused):
        services.ballot_cast_electronic(token=token, marks={}, now=datetime(2018, 2, 3, 17, 0, tzinfo=CST))


def test_receipt_proves_inclusion_and_reveals_no_content(registered, ballots, edition):
    receipts = _vote(registered, ballots, [2], [1])
    found = services.receipt_check(receipts[0].code.lower().replace("-", " "))
    assert found is not None and found.box_id
    assert services.receipt_check("AAAA-BBBB-CCCC-DDDD") is None
    published = selectors.receipt_export(edition)
    assert {row["receipt_hash"] for row in published} == set(CastBallot.objects.values_list("receipt_hash", flat=True))
    # the published receipt list names no ballot and no content
    assert all(set(row) == {"box", "receipt_hash"} for row in published)
    assert all(r.code.replace("-", "") not in str(published) for r in receipts)


def test_cast_ballots_carry_nothing_that_links_them_to_a_registration(registered, ballots, resident):
    fields = {f.name: f for f in CastBallot._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "ballot", "box", "day", "choices", "status", "invalid_reason", "source",
                           "receipt_hash"}
    assert fields["day"].get_internal_type() == "DateField"
    assert not any(f.get_internal_type() in ("DateTimeField", "TimeField") for f in fields.values())
    assert not any(f.is_relation and f.related_model.__name__ in ("User", "Registration", "Shift")
                   for f in fields.values())
    assert not any(f.is_relation and f.related_model is CastBallot
                   for f in Registration._meta.get_fields() if f.concrete)
    for serial in range(12):
        _vote(registered, ballots, [serial % 7 + 1], basis="work", proof="work_card", name=f"人{serial}",
              id_number=id_number(datetime(1980, 1, 1).date(), serial + 100))
    cast = list(CastBallot.objects.all())
    assert all(c.id.version == 4 for c in cast)
    # the export and the default order follow the random id, not the order of casting
    exported = [row["id"] for row in selectors.cast_ballot_export(ballots["community"].edition)]
    assert exported == sorted(exported)
    assert [str(c.id) for c in CastBallot.objects.all()] == sorted(str(c.id) for c in cast)
    # the ledger records that a box received ballots, never which ballot or what it says
    for entry in LedgerEntry.objects.filter(action="voting.ballot_cast"):
        assert entry.object_type == "voting.box"
        text = str(entry.payload)
        assert not any(str(c.id) in text for c in cast)
        assert "choices" not in text and resident.id_key not in text


def test_cast_ballots_are_append_only(registered, ballots):
    _vote(registered, ballots, [1])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CastBallot.objects.update(choices=[2])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CastBallot.objects.all().delete()
    assert CastBallot.objects.filter(choices=[1]).count() == 1


def test_registrations_are_append_only(registered):
    registered()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Registration.objects.update(voter_key="x")
    assert not Registration.objects.filter(voter_key="x").exists()


def test_random_ids_are_uuid4():
    assert uuid.UUID(str(CastBallot._meta.pk.default())).version == 4
