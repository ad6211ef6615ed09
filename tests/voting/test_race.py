"""50 simultaneous registrations of one person from 50 stations: exactly one is stored."""

import threading

import pytest
from django.db import connection, connections

from tests.voting.conftest import MONDAY_NOON, id_number
from xihu.apps.voting.models import Box, Registration, Shift, Station
from xihu.errors import Refused

WORKERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_store_exactly_one(edition, tree, people, ballots, resident):
    if connection.vendor != "postgresql":
        pytest.skip("the 50-way race needs PostgreSQL (SQLite serialises every write transaction; "
                    "run with DATABASE_URL=postgres://...)")
    from xihu.apps.voting import services

    community = tree["s1a"]
    boxes = []
    for n in range(WORKERS):
        station = Station.objects.create(edition=edition, community=community, kind="mobile", name=f"流动{n}")
        boxes.append(Box.objects.create(station=station, community=community, code=str(n)))
        Shift.objects.create(station=station, officer=people["officer"], day=MONDAY_NOON.date(),
                             starts="08:00", ends="18:00", created_by=people["staff"])
    barrier = threading.Barrier(WORKERS)
    stored, refused, crashed = [], [], []

    def register(box):
        try:
            barrier.wait()
            services.voter_register(box=box, officer=people["officer"], basis="register",
                                    resident=resident, id_number=id_number(resident.birth_date),
                                    now=MONDAY_NOON)
            stored.append(box.pk)
        except Refused as refusal:
            refused.append(str(refusal))
        except Exception as error:  # noqa: BLE001 - any other error is the failure we look for
            crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(box,)) for box in boxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert crashed == []
    assert len(stored) == 1 and len(refused) == WORKERS - 1
    assert Registration.objects.count() == 2  # the community and the street ballot, once
    assert all("2018-01-29 12:00" in reason for reason in refused)


def _post_form(conn, path: str, cookies: dict, form: dict):
    import re
    from urllib.parse import urlencode

    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    conn.request("GET", path, headers=headers)
    page = conn.getresponse()
    text = page.read().decode()
    for name, value in page.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
               "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", path, body=urlencode({**form, "csrfmiddlewaretoken": token.group(1) if token else ""},
                                              doseq=True), headers=headers)
    response = conn.getresponse()
    return response.status, response.getheader("Location", ""), response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_fifty_stations_at_once_through_the_server_no_error_and_each_success_stored_once(
        live_server, edition, tree, people, ballots, resident):
    """50 officers' desks post at the same moment through the running server: 40 register
    different people and cast on the tablet, 10 register the same person. No server error;
    every registration and cast that succeeded is stored once, and only those."""
    if connection.vendor != "postgresql":
        pytest.skip("the 50-way race needs PostgreSQL (SQLite serialises every write transaction)")
    import http.client
    from datetime import date
    from unittest import mock
    from urllib.parse import urlparse

    from django.test import Client

    from xihu.apps.voting import services
    from xihu.apps.voting.models import BallotReceipt, CastBallot

    community = tree["s1a"]
    boxes = []
    for n in range(WORKERS):
        station = Station.objects.create(edition=edition, community=community, kind="mobile", name=f"流动{n}")
        boxes.append(Box.objects.create(station=station, community=community, code=str(n)))
        Shift.objects.create(station=station, officer=people["officer"], day=MONDAY_NOON.date(),
                             starts="08:00", ends="18:00", created_by=people["staff"])
    sessions = []
    for _n in range(WORKERS):
        client = Client()
        client.force_login(people["officer"])
        sessions.append(client.cookies["sessionid"].value)
    address = urlparse(live_server.url)
    desk = "/editions/pilot/voting/s1a/"
    barrier = threading.Barrier(WORKERS)
    outcomes, crashed = [], []

    def desk_and_tablet(n: int) -> None:
        try:
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
            cookies = {"sessionid": sessions[n]}
            same = n >= 40  # ten desks register the same person
            form = {"box": boxes[n].pk, "kinds": ["community", "street"], "mode": "electronic",
                    "name": "" if same else f"丙{n}", "basis": "register" if same else "work",
                    "proof": "" if same else "work_card",
                    "id_number": id_number(resident.birth_date) if same else id_number(date(1975, 5, 5), n)}
            if same:
                form["resident"] = resident.pk
            barrier.wait()
            status, location, text = _post_form(conn, desk, cookies, form)
            if status >= 500:
                crashed.append(f"register {status}")
                return
            if status != 302:
                outcomes.append(("refused", n))
                return
            cast, _l, receipt = _post_form(conn, location, cookies, {
                f"ballot-{ballots['community'].pk}": ["1"], f"ballot-{ballots['street'].pk}": ["2"], "confirm": "1"})
            if cast >= 500:
                crashed.append(f"cast {cast}")
            outcomes.append(("cast" if cast == 200 and "receipt-code" in receipt else f"cast {cast}", n))
        except Exception as error:  # noqa: BLE001 - any other error is the failure we look for
            crashed.append(repr(error))

    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        threads = [threading.Thread(target=desk_and_tablet, args=(n,)) for n in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
    assert crashed == []
    cast = [n for what, n in outcomes if what == "cast"]
    refused = [n for what, n in outcomes if what == "refused"]
    assert len(cast) == 41 and len(refused) == 9 and len(outcomes) == WORKERS
    assert set(range(40)) <= set(cast)
    assert Registration.objects.count() == 2 * len(cast)
    assert BallotReceipt.objects.count() == 2 * len(cast)
    for n in cast:  # every box that received a voter holds its two ballots once sealed
        services.box_seal(box=boxes[n], officer_a=people["officer"], officer_b=people["officer2"],
                          seal_number=f"S{n}", paper_in_box=0, now=MONDAY_NOON)
    assert CastBallot.objects.filter(source="electronic").count() == 2 * len(cast)
