"""Electronic ballots: the tablet token, validity by the engine, receipts, and secrecy."""

import uuid
from datetime import datetime

import pytest
from django.db import DatabaseError, transaction

from tests.voting.conftest import CST, MONDAY_NOON, id_number
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.voting import selectors, services
from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, CastBallot, Registration
from xihu.apps.voting.receipts import receipt_hash
from xihu.apps.voting.services.ballots import tablet_ballots
from xihu.engine import seals
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _vote(registered, ballots, community_marks, street_marks=(), **kwargs):
    token = registered(mode="electronic", **kwargs).token
    return services.ballot_cast_electronic(
        token=token, marks={ballots["community"].pk: list(community_marks),
                            ballots["street"].pk: list(street_marks)}, now=MONDAY_NOON)


def test_electronic_ballot_waits_sealed_and_is_recorded_with_day_box_and_marks_at_the_seal(
        registered, ballots, box, seal_box):
    receipts = _vote(registered, ballots, [3, 1], [2])
    assert len(receipts) == 2
    # Until the box is sealed, nothing readable is stored: one encrypted envelope.
    assert not CastBallot.objects.exists()
    envelope = BallotEnvelope.objects.get()
    assert envelope.box_id == box.pk and b"[1,3]" not in bytes(envelope.sealed)
    seal_box()
    assert not BallotEnvelope.objects.exists()
    cast = {c.ballot_id: c for c in CastBallot.objects.all()}
    assert cast[ballots["community"].pk].choices == [1, 3]
    assert cast[ballots["community"].pk].status == "valid"
    assert cast[ballots["street"].pk].day.isoformat() == "2018-01-29"
    assert {c.box_id for c in cast.values()} == {box.pk}
    assert {c.source for c in cast.values()} == {"electronic"}


def test_over_vote_is_invalid_as_a_whole_and_blank_is_blank(registered, ballots, seal_box):
    _vote(registered, ballots, [1, 2, 3, 4, 5, 6], [])
    seal_box()
    cast = {c.ballot_id: c for c in CastBallot.objects.all()}
    community = cast[ballots["community"].pk]
    assert (community.status, community.invalid_reason) == ("invalid", "over_vote")
    assert community.choices == [1, 2, 3, 4, 5, 6]
    assert cast[ballots["street"].pk].status == "blank"


def test_exactly_five_marks_is_valid(registered, ballots, seal_box):
    _vote(registered, ballots, [1, 2, 3, 4, 5], [6])
    seal_box()
    assert set(CastBallot.objects.values_list("status", flat=True)) == {"valid"}


def test_a_token_votes_once(registered, ballots):
    token = registered(mode="electronic").token
    marks = {ballots["community"].pk: [1]}
    services.ballot_cast_electronic(token=token, marks=marks, now=MONDAY_NOON)
    with pytest.raises(Refused, match="already used|已使用"):
        services.ballot_cast_electronic(token=token, marks=marks, now=MONDAY_NOON)
    with pytest.raises(Refused):
        tablet_ballots(token)
    assert BallotEnvelope.objects.count() == 1 and BallotReceipt.objects.count() == 2


def test_a_forged_token_is_refused(registered, ballots):
    token = registered(mode="electronic").token
    with pytest.raises(Refused):
        services.ballot_cast_electronic(token=token[:-2] + "xx", marks={}, now=MONDAY_NOON)


def test_after_the_close_the_tablet_refuses(registered, ballots):
    token = registered(mode="electronic").token
    with pytest.raises(Refused):
        services.ballot_cast_electronic(token=token, marks={}, now=datetime(2018, 2, 3, 17, 0, tzinfo=CST))


def test_receipt_proves_inclusion_against_the_seal_and_reveals_no_content(registered, ballots, edition,
                                                                          box, seal_box):
    receipts = _vote(registered, ballots, [2], [1])
    _vote(registered, ballots, [3], [1], basis="work", proof="work_card", name="乙",
          id_number=id_number(datetime(1981, 1, 1).date(), 7))
    waiting = services.receipt_check(receipts[0].code.lower().replace("-", " "))
    assert waiting is not None and waiting.box == box and waiting.seal is None
    assert services.receipt_check("AAAA-BBBB-CCCC-DDDD") is None
    seal = seal_box()
    found = services.receipt_check(receipts[0].code)
    assert found.seal == seal and found.verified and found.size == 4
    # The proof checks with the engine alone, against the digest the seal's log entry holds.
    entry = LedgerEntry.objects.get(action="voting.box_seal", object_id=str(seal.pk))
    assert found.digest == entry.payload["receipts_digest"] and entry.payload["receipts"] == 4
    proof = found.proof
    assert seals.verify_receipt(receipt_hash(receipts[0].code), proof["index"], proof["size"],
                                [bytes.fromhex(h) for h in proof["path"]], proof["digest"])
    assert not seals.verify_receipt(receipt_hash("AAAA-BBBB-CCCC-DDDD"), proof["index"], proof["size"],
                                    [bytes.fromhex(h) for h in proof["path"]], proof["digest"])
    published = selectors.receipt_export(edition)
    assert {row["receipt_hash"] for row in published} == set(BallotReceipt.objects.values_list("receipt_hash", flat=True))
    # the published receipt list names no ballot and no content, and neither does the proof
    assert all(set(row) == {"box", "receipt_hash"} for row in published)
    assert all(r.code.replace("-", "") not in str(published) for r in receipts)
    assert "choices" not in str(proof) and "[2]" not in str(proof)


def test_a_receipt_changed_in_the_database_fails_its_proof_and_flags_the_box(registered, ballots, box,
                                                                             seal_box):
    from tests.results.test_attacks import Dropped, raw
    from xihu.apps.voting import commitments

    receipts = _vote(registered, ballots, [2], [1])
    seal_box()
    assert commitments.box_breaches(box) == []
    with Dropped("voting_ballotreceipt", ["voting_ballotreceipt_no_update", "voting_ballotreceipt_no_replace"],
                 ["voting_ballotreceipt_append_only"]):
        raw("UPDATE voting_ballotreceipt SET receipt_hash = %s WHERE receipt_hash = %s",
            ["0" * 64, receipt_hash(receipts[1].code)])
    assert not services.receipt_check(receipts[0].code).verified
    assert [b.key.split(":")[0] for b in commitments.box_breaches(box)] == ["receipts"]


def test_cast_ballots_and_receipts_are_append_only(registered, ballots, seal_box):
    _vote(registered, ballots, [1])
    seal_box()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        BallotReceipt.objects.all().delete()
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
