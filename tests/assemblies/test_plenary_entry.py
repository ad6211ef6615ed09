"""Plenary vote entry refuses what is not a list of numbers, and a blank ballot is an explicit
act, on the page, one by one and in batches (issue 14.4)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.assemblies.helpers import fill_assembly, make_projects, schedule
from xihu.apps.assemblies import batch, selectors
from xihu.apps.assemblies import services as svc
from xihu.apps.assemblies.models import PlenaryBallot
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
NOT_NUMBERS = "is not a list of numbers"
SAY_BLANK = "to enter a blank ballot, say so"


@pytest.fixture
def assembly(world):
    make_projects(world["edition"], world["units"]["s1a"], 5)
    assembly = schedule(world, tables=1)
    fill_assembly(assembly, world["users"]["staff_s1a"], residents=6)
    return assembly


def _post(client, data):
    url = reverse("assemblies:plenary", args=["pilot", "s1a"])
    return client.post(url, {"channel": "paper", **data})


@pytest.mark.parametrize(("data", "says"), [
    ({"numbers": "abc"}, NOT_NUMBERS),
    ({"numbers": "3 abc 4"}, NOT_NUMBERS),
    ({"numbers": "3-4"}, NOT_NUMBERS),
    ({"numbers": ""}, SAY_BLANK),
    ({"numbers": "   "}, SAY_BLANK),
    ({"numbers": "2", "blank": "on"}, "marked blank cannot have choices"),
    ({"numbers": "", "item": ["1"], "blank": "on"}, "marked blank cannot have choices"),
])
def test_the_page_refuses_and_stores_nothing(client, world, assembly, data, says):
    client.force_login(world["users"]["staff_s1a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _post(client, data)
    assert page.status_code == 200 and says in page.content.decode()
    assert not PlenaryBallot.objects.exists()


def test_the_page_takes_numbers_with_commas_and_an_explicit_blank(client, world, assembly):
    client.force_login(world["users"]["staff_s1a"])
    assert _post(client, {"numbers": "1，3、 4,5"}).status_code == 302
    assert _post(client, {"numbers": "", "blank": "on"}).status_code == 302
    page = client.get(reverse("assemblies:plenary", args=["pilot", "s1a"])).content.decode()
    assert 'name="blank"' in page and 'id="id_blank"' in page
    tally = selectors.plenary_tally(assembly)
    assert (tally.ballots, tally.valid, tally.blank) == (2, 1, 1)
    assert [len(b.choices) for b in PlenaryBallot.objects.order_by("serial")] == [4, 0]


def test_the_services_need_the_blank_said(world, assembly):
    staff = world["users"]["staff_s1a"]
    pid = [i.project_id for i in selectors.items(assembly)]
    with pytest.raises(Refused, match=SAY_BLANK):
        svc.plenary_ballot_enter(assembly=assembly, choices=[], actor=staff)
    with pytest.raises(Refused, match="marked blank cannot have choices"):
        svc.plenary_ballot_enter(assembly=assembly, choices=[pid[0]], blank=True, actor=staff)
    with pytest.raises(Refused, match=f"#2: .*{SAY_BLANK}"):
        batch.plenary_ballots_enter_batch(assembly=assembly, actor=staff,
                                          ballots=[([pid[0]], "paper"), ([], "paper"), ([pid[1]], "phone")])
    assert not PlenaryBallot.objects.exists()
    svc.plenary_ballot_enter(assembly=assembly, choices=[], blank=True, actor=staff)
    batch.plenary_ballots_enter_batch(assembly=assembly, actor=staff,
                                      ballots=[([pid[0]], "paper"), ([], "paper", True), ([pid[1]], "phone", False)])
    tally = selectors.plenary_tally(assembly)
    assert (tally.ballots, tally.valid, tally.blank) == (4, 2, 2)
