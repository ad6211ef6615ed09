"""The desk's cost per voter, so that it cannot creep back: the SQL statements each of a voter's
requests runs (register at the desk, open the tablet, review the choices, cast), through the real
views, on SQLite and PostgreSQL. Before issue 17 a voter cost 61 statements (30 + 7 + 24)."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.voting.conftest import MONDAY_NOON, id_number
from xihu.apps.voting.models import BallotReceipt, Registration

pytestmark = pytest.mark.django_db

# Statements per request as counted inside a test (whose transaction turns each service's
# transaction into a savepoint); the PostgreSQL figures include the box's advisory lock.
# Issue 14 added the review step (its own request: "review") and made the tablet a voter-only
# screen without the menu: 32 (SQLite) / 33 (PostgreSQL) statements in four requests. Issue 17
# wrote the hot reads out (voting/hot.py: the edition, the community and its district, the
# boxes, the seal with the shift, the window with the seal at the cast, the spent token; roles
# and grants in one plain statement), the registration without a savepoint (INSERT ... ON
# CONFLICT DO NOTHING) and the box once per worker; the desk reads its edition, community,
# window and boxes in one statement, the tablet its edition and the token's use in one, the cast
# (with the box locked) the edition's stage and window and the box's seal in one, and on
# PostgreSQL the cast writes the spent token, the envelope and the receipts in one: 18 / 17.
# Its third pass read the session and its user by one statement each and folded the boxes and
# the roles with the powers into statements the desk already ran: 16 / 15. With its script the tablet
# shows the review in the page and posts the marks with the confirmation: a voter's requests
# are then register, tablet and cast; "review" is what a tablet without scripts asks for. The
# desk's statement then read each box's seal and the officer's shift too: 15 / 14.
BUDGET = {"sqlite": {"register": 8, "tablet": 1, "review": 1, "cast": 7},
          "postgresql": {"register": 8, "tablet": 1, "review": 1, "cast": 6}}


def _voter(client, box, ballots, serial: int) -> dict[str, int]:
    counts = {}
    desk = reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"})
    with CaptureQueriesContext(connection) as register:
        response = client.post(desk, {"box": box.pk, "name": f"乙{serial}", "basis": "work", "proof": "work_card",
                                      "id_number": id_number(MONDAY_NOON.date().replace(year=1980), serial),
                                      "kinds": ["community", "street"], "mode": "electronic"})
    assert response.status_code == 302 and "/tablet/" in response["Location"], response.content[:500]
    counts["register"] = len(register)
    with CaptureQueriesContext(connection) as tablet:
        assert client.get(response["Location"]).status_code == 200
    counts["tablet"] = len(tablet)
    marks = {f"ballot-{ballots['community'].pk}": ["1", "2"], f"ballot-{ballots['street'].pk}": ["3"]}
    with CaptureQueriesContext(connection) as review:
        shown = client.post(response["Location"], marks)
    assert shown.status_code == 200 and 'id="cast"' in shown.content.decode()
    counts["review"] = len(review)
    with CaptureQueriesContext(connection) as cast:
        done = client.post(response["Location"], {**marks, "confirm": "1"})
    assert done.status_code == 200 and "receipt-code" in done.content.decode()
    counts["cast"] = len(cast)
    return counts


def test_a_voter_costs_no_more_statements_than_the_budget(client, people, box, on_shift, ballots):
    client.force_login(people["officer"])
    budget = BUDGET[connection.vendor]
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        _voter(client, box, ballots, 1)  # the first voter also fills the worker's caches
        counts = [_voter(client, box, ballots, serial) for serial in (2, 3)]
    for count in counts:
        assert all(count[k] <= budget[k] for k in budget), (count, budget)
        assert sum(count.values()) <= sum(budget.values())
    assert Registration.objects.count() == 6 and BallotReceipt.objects.count() == 6
