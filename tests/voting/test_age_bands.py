"""A registration keeps the voter's age band on the day of voting, never the birth date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.voting.conftest import MONDAY_NOON, id_number
from xihu.apps.voting import services
from xihu.apps.voting.ages import AgeBand, age_band, age_on, band_of_age
from xihu.apps.voting.models import Registration
from xihu.apps.voting.services.batch import VoterIn

VOTING_DAY = date(2018, 1, 29)


@pytest.mark.parametrize(("birth", "band"), [
    (date(2003, 1, 29), "15-24"),   # 15 on the day itself
    (date(2003, 1, 30), "0-14"),    # 15 tomorrow
    (date(1993, 1, 30), "15-24"),   # 24, turns 25 tomorrow
    (date(1993, 1, 29), "25-34"),
    (date(1983, 1, 29), "35-44"),
    (date(1973, 1, 29), "45-54"),
    (date(1963, 1, 29), "55-64"),
    (date(1953, 1, 30), "55-64"),
    (date(1953, 1, 29), "65+"),
    (date(1920, 6, 1), "65+"),
])
def test_bands_at_their_edges(birth, band):
    assert age_band(birth, VOTING_DAY) == band


def test_a_leap_day_birthday_ages_on_the_first_of_march():
    assert age_on(date(2000, 2, 29), date(2015, 2, 28)) == 14
    assert age_on(date(2000, 2, 29), date(2015, 3, 1)) == 15


@given(birth=st.dates(date(1900, 1, 1), date(2018, 1, 1)), on=st.dates(date(2018, 1, 1), date(2030, 1, 1)))
def test_every_age_falls_in_exactly_one_band_of_ten_years(birth, on):
    age = age_on(birth, on)
    band = band_of_age(age)
    assert band in AgeBand.values
    if band == "65+":
        assert age >= 65
    elif band == "0-14":
        assert age < 15
    else:
        low, high = (int(x) for x in band.split("-"))
        assert low <= age <= high and high - low == 9


@pytest.mark.django_db
def test_the_registration_service_keeps_the_band_from_the_register(registered, resident):
    registered()  # born 1980-05-17: 37 on 2018-01-29
    assert set(Registration.objects.values_list("age_band", flat=True)) == {"35-44"}
    fields = {f.name for f in Registration._meta.get_fields()}
    assert not {"birth_date", "birth", "age"} & fields


@pytest.mark.django_db
def test_the_registration_service_reads_the_band_from_the_identity_number(registered):
    registered(basis="work", proof="work_card", name="工", id_number=id_number(date(1950, 3, 1), 7))
    assert set(Registration.objects.values_list("age_band", flat=True)) == {"65+"}


@pytest.mark.django_db
def test_the_batch_service_keeps_each_voters_band(box, on_shift, people, ballots):
    births = [date(2002, 6, 1), date(1990, 6, 1), date(1990, 6, 2), date(1940, 6, 1)]
    services.voters_register_batch(box=box, officer=people["officer"], voters=[
        VoterIn(id_number=id_number(b, n), basis="work", proof="work_card", name=f"人{n}",
                at=MONDAY_NOON + timedelta(minutes=n)) for n, b in enumerate(births)])
    bands = sorted(Registration.objects.filter(ballot_kind="community").values_list("age_band", flat=True))
    assert bands == ["15-24", "25-34", "25-34", "65+"]
