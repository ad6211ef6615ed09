"""Bursts are found by the database (window functions): the same runs as the plain walk over
every registration that the platform used before, on random registration times."""

from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_user
from tests.voting.conftest import CST
from xihu.apps.editions.models import Edition
from xihu.apps.voting.models import Registration, Station
from xihu.apps.voting.selectors import bursts

pytestmark = pytest.mark.django_db
T0 = datetime(2018, 1, 29, 9, 0, tzinfo=CST)


def reference(rows, people, minutes):
    """The former Python walk: per officer, each person at their first time; a sliding window."""
    window = timedelta(minutes=minutes)
    by_officer = defaultdict(dict)
    for officer, key, at in rows:
        seen = by_officer[officer]
        if key not in seen or at < seen[key]:
            seen[key] = at
    found = []
    for officer, seen in by_officer.items():
        times = sorted(seen.values())
        start, run = 0, None
        for end in range(len(times)):
            while times[end] - times[start] > window:
                start += 1
            if end - start + 1 >= people:
                if run and start <= run[1]:
                    run = (run[0], end)
                else:
                    if run:
                        found.append((officer, times[run[0]], times[run[1]], run[1] - run[0] + 1))
                    run = (start, end)
            elif run and run[1] < end:
                found.append((officer, times[run[0]], times[run[1]], run[1] - run[0] + 1))
                run = None
        if run:
            found.append((officer, times[run[0]], times[run[1]], run[1] - run[0] + 1))
    return sorted(found, key=lambda b: (b[1], b[0]))


@pytest.fixture
def place(tree):
    officers = [make_user("station_officer", tree["s1a"], f"o{i}") for i in range(2)]
    return tree, officers


_counter = [0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.tuples(st.integers(0, 1), st.integers(0, 30), st.integers(0, 3600),
                                 st.booleans()), max_size=60),
       people=st.integers(2, 6), minutes=st.sampled_from([1, 5, 10]))
def test_the_database_finds_the_runs_the_walk_finds(place, events, people, minutes):
    tree, officers = place
    _counter[0] += 1
    edition = Edition.objects.create(district=tree["d"], name="e", slug=f"burst-{_counter[0]}")
    station = Station.objects.create(edition=edition, community=tree["s1a"], kind="fixed", name="站")
    rows, made = [], []
    for officer_index, person, seconds, street_too in events:
        at = T0 + timedelta(seconds=seconds)
        for kind in ("community", "street") if street_too else ("community",):
            key = f"p{person}"
            if (kind, key) in {(r.ballot_kind, r.voter_key) for r in made}:
                continue
            made.append(Registration(edition=edition, ballot_kind=kind, voter_key=key,
                                     community=tree["s1a"], station=station,
                                     officer=officers[officer_index], registered_at=at))
            rows.append((officers[officer_index].pk, key, at))
    Registration.objects.bulk_create(made)
    expected = reference(rows, people, minutes)
    got = sorted(((b.officer_id, b.start, b.end, b.people) for b in bursts(edition, people, minutes)),
                 key=lambda b: (b[1], b[0]))
    assert got == expected


def test_a_burst_names_its_first_registration(place):
    tree, officers = place
    edition = Edition.objects.create(district=tree["d"], name="e", slug="burst-one")
    station = Station.objects.create(edition=edition, community=tree["s1a"], kind="fixed", name="站")
    Registration.objects.bulk_create([
        Registration(edition=edition, ballot_kind="community", voter_key=f"k{n}", community=tree["s1a"],
                     station=station, officer=officers[0], registered_at=T0 + timedelta(seconds=20 * n))
        for n in range(5)])
    [burst] = bursts(edition, people=5, minutes=10)
    first = Registration.objects.get(edition=edition, voter_key="k0")
    assert (burst.first_registration, burst.station, burst.people) == (first.pk, "站", 5)
    assert burst.start == T0 and burst.end == T0 + timedelta(seconds=80)
