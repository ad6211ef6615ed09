"""The batch services apply the per-row rules: a refusal refuses the whole batch."""

from datetime import date, datetime, timedelta

import pytest

from tests.voting.conftest import CST, MONDAY_NOON, id_number, set_stage
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.voting import services
from xihu.apps.voting.models import CastBallot, PaperEntry, Registration
from xihu.apps.voting.services.batch import SheetIn, VoterIn
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _voter(n, at=MONDAY_NOON, birth=date(1980, 1, 1)):
    return VoterIn(id_number=id_number(birth, n), basis="work", proof="work_card", name=f"人{n}", at=at)


def test_batch_registers_everyone_with_one_ledger_entry(box, on_shift, people, ballots):
    from xihu.apps.ledger.models import LedgerEntry

    before = LedgerEntry.objects.count()
    services.voters_register_batch(box=box, officer=people["officer"],
                                   voters=[_voter(n, MONDAY_NOON + timedelta(minutes=n)) for n in range(5)])
    assert Registration.objects.count() == 10
    assert LedgerEntry.objects.count() == before + 1


@pytest.mark.parametrize("bad", [
    _voter(1, at=datetime(2018, 2, 3, 17, 0, tzinfo=CST)),       # after the close
    _voter(2, birth=date(2003, 1, 30)),                            # 14 on the day
    VoterIn(id_number=id_number(date(1980, 1, 1), 3), basis="work", at=MONDAY_NOON),  # no proof
])
def test_one_bad_voter_refuses_the_batch(box, on_shift, people, ballots, bad):
    with pytest.raises(Refused):
        services.voters_register_batch(box=box, officer=people["officer"], voters=[_voter(10), bad])
    assert not Registration.objects.exists()


def test_batch_refuses_people_registered_before_or_twice(registered, box, people, ballots):
    registered(basis="work", proof="work_card", name="人1", id_number=id_number(date(1980, 1, 1), 1))
    with pytest.raises(Refused):
        services.voters_register_batch(box=box, officer=people["officer"], voters=[_voter(1)])
    with pytest.raises(Refused):
        services.voters_register_batch(box=box, officer=people["officer"], voters=[_voter(5), _voter(5)])
    assert Registration.objects.count() == 2


def test_paper_batch_counts_matches_and_leaves_mismatches(box, people, ballots, edition):
    set_stage(edition, "counting")
    b = ballots["community"].pk
    counted, mismatched = services.paper_enter_batch(
        box=box, first_operator=people["counter"], second_operator=people["counter2"], now=MONDAY_NOON,
        sheets=[SheetIn(sheet_id(b, 1), [1, 2], [2, 1]), SheetIn(sheet_id(b, 2), [], []),
                SheetIn(sheet_id(b, 3), [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]), SheetIn(sheet_id(b, 4), [1], [2])])
    assert (counted, mismatched) == (3, [sheet_id(b, 4)])
    assert sorted(CastBallot.objects.values_list("status", flat=True)) == ["blank", "invalid", "valid"]
    assert PaperEntry.objects.count() == 8
    with pytest.raises(Refused):  # entered before: never a second ballot from a sheet
        services.paper_enter_batch(box=box, first_operator=people["counter"], second_operator=people["counter2"],
                                   now=MONDAY_NOON, sheets=[SheetIn(sheet_id(b, 1), [1], [1])])
    with pytest.raises(Refused):
        services.paper_enter_batch(box=box, first_operator=people["counter"], second_operator=people["counter"],
                                   now=MONDAY_NOON, sheets=[SheetIn(sheet_id(b, 9), [1], [1])])
    services.paper_adjudicate(sheet_id=sheet_id(b, 4), counter=people["counter"], scrutineer=people["scrutineer"],
                              choices=[2], note="第二次录入正确", now=MONDAY_NOON)
    assert CastBallot.objects.count() == 4
