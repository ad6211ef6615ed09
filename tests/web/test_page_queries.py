"""The public pages run a fixed number of queries, whatever the edition's size (so an N+1 cannot
come back), and a page whose figures change only with the log is served from its body kept per
log head: the second reader costs a handful of queries (a logged-in one, who gets the frame
rendered for them; an anonymous reader gets the whole page kept, in one query:
test_page_cache.py). On both databases, like every test."""

from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.results.builders import cast, make_ballot, make_box, register, seal
from tests.web.builders import full_edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.results.models import Confirmation, ImplementationUpdate, SelectionResult

pytestmark = pytest.mark.django_db

# The most queries each page may run when nothing is cached (a reader after the log moved).
MOST = {"edition": 14, "results": 16, "street": 40, "community": 40, "voting": 20, "evaluation": 40,
        "results evaluation": 40, "ledger": 8, "receipt": 40}
# ... and when its body is kept (every later logged-in reader until the log moves).
KEPT = {"results": 6, "street": 7, "community": 7, "voting": 6, "evaluation": 6, "edition": 8}


@pytest.fixture
def world(db):
    return full_edition()


def pages(world) -> dict[str, str]:
    funded = world["funded"]
    proposal = next(p for p in world["proposals"] if p.links.get().project_id == funded.project_id)
    e = world["edition"].slug
    return {
        "edition": reverse("web:edition", args=[e]),
        "results": reverse("results:overview", args=[e]),
        "street": reverse("results:unit", args=[e, "s1"]),
        "community": reverse("results:unit", args=[e, "s1a"]),
        "voting": reverse("voting:public", args=[e]),
        "evaluation": reverse("insights:evaluation", args=[e]),
        "results evaluation": reverse("results:evaluation", args=[e]),
        "ledger": reverse("web:ledger"),
        "receipt": reverse("proposals:receipt", args=[e]) + f"?code={proposal.receipt_code}",
    }


def logged_in(world) -> Client:
    """A logged-in reader: never served the anonymous page kept whole, so the body cache shows."""
    reader = Client()
    reader.force_login(world["users"]["officer_s1"])
    return reader


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def clear() -> None:
    """Every cache: figures, bodies and whole pages (web/pagecache.py)."""
    for cache in caches.all():
        cache.clear()


def cold(client, urls: dict[str, str]) -> dict[str, int]:
    out = {}
    for name, url in urls.items():
        clear()
        out[name] = queries(client, url)
    return out


def grow(world) -> None:
    """A second community that voted, counted and was funded, more voters on more days, more
    seals and more implementation updates: everything a page lists grows."""
    edition, units, users = world["edition"], world["units"], world["users"]
    officer, staff = users["officer_s1"], users["staff_s1b"]
    ballot = make_ballot(edition, units["s1b"], "community", [(f"项目{n}", 10_000 * n) for n in range(1, 7)],
                         actor=officer)
    box = make_box(edition, units["s1b"], "社区活动室", "B1")
    for day in (date(2018, 1, 29), date(2018, 1, 30), date(2018, 1, 31)):
        cast(ballot, box, [1, 2, 5], n=3, day=day)
    register(edition, "community", box, staff, 9)
    seal(box, 9, staff, users["counter"], at="2018-01-29 17:00")
    seal(world["box"], 8, staff, users["counter"], at="2018-01-31 17:00")
    votes = {str(n): 9 if n in (1, 2, 5) else 0 for n in range(1, 7)}
    result = SelectionResult.objects.create(ballot=ballot, tally={"votes": votes, "invalid": {}, "ballots": 9},
                                            allocation={}, winners=[1, 2, 5])
    Confirmation.objects.create(ballot=ballot, result=result, computed_winners=[1, 2, 5],
                                confirmed_winners=[1, 2, 5], deviates=False, confirmed_by=officer)
    for item in [*ballot.items.filter(number__in=[1, 2, 5]), world["funded"]]:
        for status in ("planned", "in_progress"):
            ImplementationUpdate.objects.create(item=item, status=status, spent=1_000, author=staff)
    ledger_append(actor=officer, action="results.confirm", obj=ballot, payload={"winners": [1, 2, 5]})


def test_each_public_page_runs_a_bounded_number_of_queries(client, world):
    urls = pages(world)
    counted = cold(client, urls)
    over = {name: n for name, n in counted.items() if n > MOST[name]}
    assert not over, f"queries per page: {counted}"
    reader = logged_in(world)
    for name, most in KEPT.items():
        reader.get(urls[name])
        assert queries(reader, urls[name]) <= most, name  # the body kept for this log head


def kept(client, urls: dict[str, str]) -> dict[str, int]:
    clear()
    for url in urls.values():
        client.get(url)
    return {name: queries(client, url) for name, url in urls.items()}


def test_the_queries_do_not_grow_with_the_edition(client, world):
    """More ballots, items, voters, days, seals and updates: the same queries. The one exception
    is the count record on a unit's results page, whose integrity checks read each seal's
    commitments (voting/commitments.py, per seal): run once per log head, then kept."""
    urls = pages(world)
    reader = logged_in(world)
    small, small_kept = cold(client, urls), kept(reader, urls)
    grow(world)
    large, large_kept = cold(client, urls), kept(reader, urls)
    per_seal = {"street", "community"}
    assert {k: v for k, v in large.items() if k not in per_seal} == {
        k: v for k, v in small.items() if k not in per_seal}
    assert all(large[k] - small[k] <= 1 for k in per_seal)  # one seal more: one query more
    assert large_kept == small_kept


def test_a_kept_body_is_replaced_when_the_log_moves(client, world):
    url = pages(world)["results"]
    assert "项目5" not in client.get(url).content.decode()
    grow(world)  # writes the log
    assert "项目5" in client.get(url).content.decode()
