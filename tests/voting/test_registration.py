"""Eligibility, the voting window, shifts, and one ballot of each kind per person."""

from datetime import date, datetime, timedelta

import pytest

from tests.voting.conftest import CLOSES, CST, MONDAY_NOON, OPENS, id_number
from xihu.apps.accounts.identity import identity_key
from xihu.apps.voting import services
from xihu.apps.voting.models import Registration
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def test_register_resident_records_both_ballots_without_the_identity_number(registered, resident):
    result = registered()
    rows = Registration.objects.order_by("ballot_kind")
    assert [r.ballot_kind for r in rows] == ["community", "street"]
    assert {r.voter_key for r in rows} == {resident.id_key}
    assert result.token == ""
    stored = " ".join(str(v) for r in rows.values() for v in r.values())
    assert id_number(resident.birth_date) not in stored


def test_second_registration_anywhere_is_refused_with_where_and_when(registered, edition, people, tree,
                                                                     resident):
    registered()
    other = services.station_create(edition=edition, community=tree["s1a"], kind="stand",
                                    name="菜市场摊位", actor=people["staff"])
    other_box = services.box_create(station=other, code="M1", actor=people["staff"])
    services.shift_add(station=other, officer=people["officer2"], day=date(2018, 1, 30),
                       actor=people["staff"])
    with pytest.raises(Refused) as refusal:
        registered(box=other_box, officer=people["officer2"], now=datetime(2018, 1, 30, 10, tzinfo=CST))
    message = str(refusal.value)
    assert "2018-01-29 12:00" in message and "社区办公室" in message
    assert Registration.objects.count() == 2


def test_street_ballot_is_one_per_person_across_communities(registered, edition, people, tree, admin):
    from tests.factories import make_user
    registered(kinds=("street",), basis="work", proof="employer_letter", name="李四",
               id_number=id_number(date(1990, 1, 1), 7))
    staff_b = make_user("community_staff", tree["s1b"], "staff_b")
    station_b = services.station_create(edition=edition, community=tree["s1b"], kind="fixed",
                                        name="B站", actor=staff_b)
    box_b = services.box_create(station=station_b, code="1", actor=staff_b)
    services.shift_add(station=station_b, officer=people["stranger"], day=MONDAY_NOON.date(), actor=staff_b)
    with pytest.raises(Refused, match="street|街道"):
        services.voter_register(box=box_b, officer=people["stranger"], basis="study", proof="student_card",
                                name="李四", id_number=id_number(date(1990, 1, 1), 7),
                                kinds=("street",), now=MONDAY_NOON)
    # the community ballot of the other community is still theirs to take there
    services.voter_register(box=box_b, officer=people["stranger"], basis="study", proof="student_card",
                            name="李四", id_number=id_number(date(1990, 1, 1), 7),
                            kinds=("community",), now=MONDAY_NOON)


@pytest.mark.parametrize("birth, allowed", [
    (date(2003, 1, 29), True),    # 15th birthday on the day of voting
    (date(2003, 1, 30), False),   # one day short
    (date(2002, 6, 1), True),
])
def test_age_boundary_is_the_birthday(registered, birth, allowed):
    kwargs = dict(basis="declared", proof="tenancy", name="少年", id_number=id_number(birth, 5))
    if allowed:
        registered(**kwargs)
    else:
        with pytest.raises(Refused, match="15"):
            registered(**kwargs)


def test_age_from_the_register_entry(registered, resident):
    from xihu.apps.proposals.models import RegisteredResident

    young = RegisteredResident.objects.create(household=resident.household, name="小明",
                                              birth_date=date(2003, 1, 30))
    with pytest.raises(Refused, match="15"):
        registered(resident=young, name="小明", id_number=id_number(date(2003, 1, 30), 9))
    registered(resident=young, name="小明", id_number=id_number(date(2003, 1, 30), 9),
               now=datetime(2018, 1, 30, 9, 30, tzinfo=CST))


@pytest.mark.parametrize("basis, proof", [("work", "employer_letter"), ("study", "student_card"),
                                          ("declared", "residence_permit")])
def test_work_study_and_declared_residence_need_a_proof(registered, basis, proof):
    number = id_number(date(1995, 3, 3), 11)
    with pytest.raises(Refused, match="proof|证明"):
        registered(basis=basis, proof="", name="王五", id_number=number)
    registered(basis=basis, proof=proof, name="王五", id_number=number)
    assert set(Registration.objects.values_list("basis", "proof")) == {(basis, proof)}


def test_register_entry_of_another_community_or_wrong_id_is_refused(registered, resident, tree):
    from xihu.apps.proposals.models import Household, RegisteredResident

    elsewhere = RegisteredResident.objects.create(
        household=Household.objects.create(community=tree["s1b"], household_no="X", building="1"),
        name="赵六", birth_date=date(1970, 1, 1))
    with pytest.raises(Refused, match="another community|其他社区|另一"):
        registered(resident=elsewhere, name="赵六", id_number=id_number(date(1970, 1, 1)))
    with pytest.raises(Refused, match="does not match|不符"):
        registered(id_number=id_number(resident.birth_date, 2))


def test_invalid_identity_number_is_refused(registered):
    number = id_number(date(1980, 1, 1))
    broken = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(Refused):
        registered(basis="work", proof="work_card", name="甲", id_number=broken)


@pytest.mark.parametrize("moment", [OPENS - timedelta(minutes=1), CLOSES, CLOSES + timedelta(hours=1)])
def test_outside_the_voting_window_is_refused(registered, moment):
    with pytest.raises(Refused):
        registered(now=moment)
    assert not Registration.objects.exists()


def test_at_the_opening_minute_it_is_open(registered):
    registered(now=OPENS)
    assert Registration.objects.count() == 2


def test_officer_without_a_shift_or_from_another_community_is_refused(registered, people, edition):
    from tests.factories import make_user

    off_duty = make_user("station_officer", edition.district.children.first().children.first(), "offduty")
    with pytest.raises(Refused, match="shift|值班"):
        registered(officer=off_duty)
    with pytest.raises(Refused):
        registered(officer=people["stranger"])
    with pytest.raises(Refused):
        registered(officer=people["counter"])


def test_identity_key_is_a_keyed_hash(resident):
    number = id_number(resident.birth_date)
    assert identity_key(number) == resident.id_key and number not in resident.id_key
