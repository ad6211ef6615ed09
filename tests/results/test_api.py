"""The JSON API gives the same public results as the pages."""

import pytest

from xihu.apps.results import services

pytestmark = pytest.mark.django_db


def test_results_api(client, people, edition, counted):
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    [community] = client.get("/api/results/pilot/units/s1a").json()
    assert community["counted"] and community["confirmed"] and not community["deviates"]
    assert (community["ballots"], community["valid"], community["blank"], community["invalid"]) == (8, 6, 1, 1)
    assert community["allocated"] == 290_000 and community["left"] == 10_000
    assert community["registrations"] == 8 and community["residents"] == 1000
    votes = {i["number"]: (i["votes"], i["confirmed_winner"]) for i in community["items"]}
    assert votes == {1: (6, True), 2: (5, False), 3: (4, True), 4: (0, False)}
    everything = client.get("/api/results/pilot").json()
    assert {(r["unit"], r["kind"]) for r in everything} == {("s1a", "community"), ("s1", "street")}
    assert client.get("/api/results/nope").status_code == 404
