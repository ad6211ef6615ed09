"""A unit's page compares its editions side by side, computed by selectors whose number of
queries does not grow with the number of proposals or voters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.results.builders import cast, register
from tests.web.builders import full_edition
from xihu.apps.editions.services import edition_create
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Channel, CollectorType
from xihu.apps.proposals.services import proposals_import
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
from xihu.apps.web.selectors.comparison import unit_editions

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db):
    w = full_edition()
    w["next"] = edition_create(district=w["units"]["d"], name="下一届", name_en="Next", slug="next",
                               actor=w["users"]["admin"])
    return w


def _unit(code):
    return Unit.objects.select_related("parent__parent").get(code=code)


def _figures(code):
    return {row.edition.slug: row for row in unit_editions(_unit(code))}


def test_one_row_per_edition_with_its_figures(two):
    rows = _figures("s1a")
    assert list(rows) == ["next", "pilot"]
    pilot, nxt = rows["pilot"], rows["next"]
    winners = [i for i in two["ballot"].items.all() if i.number in (1, 2, 3)]
    from xihu.apps.results.models import Confirmation

    confirmed = Confirmation.objects.get(ballot=two["ballot"]).confirmed_winners
    funded = [i for i in two["ballot"].items.all() if i.number in confirmed]
    assert winners and funded
    assert (pilot.proposals, pilot.registrations, pilot.residents) == (6, 8, 1000)
    assert pilot.turnout_percent == pytest.approx(0.8)
    assert pilot.ballot_items == 5
    assert (pilot.funded_projects, pilot.funded_amount) == (len(funded), sum(i.amount for i in funded))
    assert (pilot.completed, pilot.spent) == (0, 20_000)
    assert (nxt.proposals, nxt.registrations, nxt.ballot_items, nxt.funded_amount) == (0, 0, 0, 0)
    street = _figures("s1")["pilot"]
    assert (street.proposals, street.ballot_items, street.funded_amount) == (6, 5, pilot.funded_amount)
    assert street.registrations == 0  # no street ballot in this edition: no street turnout
    district = _figures("d")["pilot"]
    assert (district.proposals, district.registrations) == (6, 8)
    assert _figures("s2b")["pilot"].proposals == 0


def test_the_unit_page_shows_the_comparison(client, two):
    html = client.get(reverse("web:unit", args=["s1a"])).content.decode()
    table = html[html.index('id="unit-editions"'):]
    assert re.findall(r'<tr data-edition="([\w-]+)"', table) == ["next", "pilot"]
    pilot = table[table.index('data-edition="pilot"'):]
    assert "0.8%" in pilot and "8 / 1000" in pilot and "20,000元" in pilot


def _more(two, proposals: int, voters: int) -> None:
    staff, s1a = two["users"]["staff_s1a"], two["units"]["s1a"]
    from xihu.apps.editions.models import Edition

    Edition.objects.filter(pk=two["edition"].pk).update(stage="collection")
    two["edition"].refresh_from_db()
    lines = [ImportLine(ProposalInput(content=f"第{i}栋门口增设休闲座椅", location_text="", level="community"),
                        Channel.BOOTH, CollectorType.STAFF) for i in range(proposals)]
    proposals_import(edition=two["edition"], community=s1a, lines=lines, actor=staff)
    cast(two["ballot"], two["box"], [1], n=voters)
    register(two["edition"], "community", two["box"], staff, voters)


def test_the_number_of_queries_does_not_grow_with_proposals_or_voters(client, two):
    unit = _unit("s1a")
    with CaptureQueriesContext(connection) as small:
        unit_editions(unit)
    with CaptureQueriesContext(connection) as page_small:
        client.get(reverse("web:unit", args=["s1a"]))
    _more(two, proposals=60, voters=300)
    unit = _unit("s1a")
    with CaptureQueriesContext(connection) as large:
        rows = unit_editions(unit)
    with CaptureQueriesContext(connection) as page_large:
        client.get(reverse("web:unit", args=["s1a"]))
    assert {r.edition.slug: r.proposals for r in rows}["pilot"] == 66
    assert {r.edition.slug: r.registrations for r in rows}["pilot"] == 308
    assert len(small) == len(large) <= 6, [q["sql"] for q in large.captured_queries]
    assert len(page_small) == len(page_large)
