"""Stations are set up before voting opens (stage quota), when the desk's action "run_station"
is not allowed yet, so the home page had no way to the stations page: the action
"set_up_stations" gives community staff that link, and says why not and from when otherwise.
It must decide exactly as the voting services do (voting.permissions.setup_reasons)."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.voting.conftest import set_stage
from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import decide
from xihu.apps.editions.stages import Stage
from xihu.apps.voting.permissions import setup_reasons

pytestmark = pytest.mark.django_db


def test_the_action_decides_as_the_voting_services_do(tree, edition):
    wrong = []
    for role in Role.values:
        user = make_user(role, tree["s1a"])
        for stage in Stage.values:
            set_stage(edition, stage)
            for community in (tree["s1a"], tree["s2b"]):
                allowed = decide(user, "set_up_stations", community, edition).allowed
                if allowed != (not setup_reasons(user, community, edition)):
                    wrong.append((role, stage, community.code, allowed))
    assert not wrong, wrong


def test_staff_reach_the_stations_page_from_home_before_voting(client, tree, edition, people):
    stations = reverse("voting:stations", args=[edition.slug, "s1a"])
    client.force_login(people["staff"])
    set_stage(edition, Stage.QUOTA)
    html = client.get("/").content.decode()
    row = html.split('data-action="set_up_stations"')[1].split("</li>")[0]
    assert f'href="{stations}"' in row and "现在可用" in row
    assert client.get(stations).status_code == 200
    page = client.get(stations).content.decode()
    assert 'action="' + reverse("voting:station_add", args=[edition.slug, "s1a"]) + '"' in page

    set_stage(edition, Stage.ASSEMBLY)  # not yet: no link, the reason and from when
    row = client.get("/").content.decode().split('data-action="set_up_stations"')[1].split("</li>")[0]
    assert "href=" not in row.split("</strong>")[0] and "预算配额与选票" in row


def test_officers_get_no_set_up_link(client, tree, edition, people):
    client.force_login(people["officer"])
    set_stage(edition, Stage.QUOTA)
    assert 'data-action="set_up_stations"' not in client.get("/").content.decode()
