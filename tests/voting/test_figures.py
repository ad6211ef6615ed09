"""Live figures: turnout per street and community with targets, per day and station; bursts."""

from datetime import date, datetime, timedelta

import pytest

from tests.voting.conftest import CST, MONDAY_NOON, id_number
from xihu.apps.voting import selectors, services
from xihu.apps.voting.models import Registration
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _workers(registered, count, start, step_seconds, officer=None, serial0=0, kinds=("community", "street")):
    for n in range(count):
        kwargs = dict(basis="work", proof="work_card", name=f"工{n}", kinds=kinds,
                      id_number=id_number(date(1985, 1, 1), serial0 + n), now=start + timedelta(seconds=step_seconds * n))
        if officer is not None:
            kwargs["officer"] = officer
        registered(**kwargs)


def test_turnout_per_street_and_community_with_the_target(registered, edition, tree, people):
    from tests.factories import make_user

    _workers(registered, 10, MONDAY_NOON, 120)
    nanpu_officer = make_user("street_officer", tree["s1"], "s1_target")
    services.turnout_target_set(edition=edition, street=tree["s1"], percent=50, actor=nanpu_officer)
    with pytest.raises(Refused):
        services.turnout_target_set(edition=edition, street=tree["s2"], percent=50, actor=nanpu_officer)
    streets, communities = selectors.turnout(edition)
    s1 = next(r for r in streets if r.unit == tree["s1"])
    s2 = next(r for r in streets if r.unit == tree["s2"])
    a = next(r for r in communities if r.unit == tree["s1a"])
    assert (a.voters, a.residents) == (10, 1000) and a.percent == pytest.approx(1.0)
    assert s1.voters == 10 and s1.target == 50 and s1.reached is False
    assert s2.target is None and s2.reached is None


def test_per_day_and_per_station_count_people_once(registered, edition):
    _workers(registered, 3, MONDAY_NOON, 600)
    _workers(registered, 2, MONDAY_NOON + timedelta(days=1), 600, serial0=10)
    assert selectors.voters_by_day(edition) == [(date(2018, 1, 29), 3), (date(2018, 1, 30), 2)]
    [(station, n)] = selectors.voters_by_station(edition)
    assert n == 5


def test_a_burst_by_one_officer_is_flagged_and_a_steady_pace_is_not(registered, edition, people):
    _workers(registered, 15, MONDAY_NOON, 40)  # 15 people in under 10 minutes
    _workers(registered, 15, datetime(2018, 1, 30, 9, 0, tzinfo=CST), 120, officer=people["officer2"],
             serial0=100)  # one every two minutes
    found = selectors.bursts(edition)
    assert len(found) == 1 and found[0].officer == "officer_a" and found[0].people == 15
    assert selectors.bursts(edition, people=16) == []
    assert len(selectors.bursts(edition, people=5, minutes=10)) == 2


def test_two_separate_bursts_are_reported_separately(registered, edition):
    _workers(registered, 6, MONDAY_NOON, 10)
    _workers(registered, 6, MONDAY_NOON + timedelta(hours=2), 10, serial0=50)
    assert [b.people for b in selectors.bursts(edition, people=5, minutes=5)] == [6, 6]


def test_burst_threshold_is_configurable(settings, registered, edition):
    settings.XIHU_VOTING_BURST_PEOPLE = 3
    settings.XIHU_VOTING_BURST_MINUTES = 1
    _workers(registered, 3, MONDAY_NOON, 10)
    assert selectors.burst_threshold() == (3, 1)
    assert len(selectors.bursts(edition)) == 1
    assert Registration.objects.count() == 6
