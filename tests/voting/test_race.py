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
