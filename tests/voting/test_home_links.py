"""Links from the home page to the voting pages outside the desk's window.

Stations are set up before voting opens (stage quota), when the desk's action "run_station" is
not allowed yet, and boxes are sealed at the close, when the desk is shut: the home page had no
way to the stations page then. The actions "set_up_stations" (community staff, it decides as
voting.permissions.setup_reasons) and "seal_boxes" (station officers and staff, the voting
stage, whatever the window) link it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.voting.conftest import CLOSES, set_stage
from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import decide
from xihu.apps.editions.stages import Stage
from xihu.apps.voting import services
from xihu.apps.voting.models import Seal
from xihu.apps.voting.permissions import setup_reasons
from xihu.errors import Refused

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


def _row(client, action: str) -> str:
    return client.get("/").content.decode().split(f'data-action="{action}"')[1].split("</li>")[0]


def test_officers_reach_the_seals_after_the_close_and_seal(client, tree, edition, people, box):
    """The fixture's window closed in 2018: the desk row says so, the seal row still links."""
    stations = reverse("voting:stations", args=[edition.slug, "s1a"])
    client.force_login(people["officer"])
    desk = _row(client, "run_station")
    assert "href=" not in desk.split("</strong>")[0] and "投票已于2018-02-03 17:00结束" in desk
    seal = _row(client, "seal_boxes")
    assert f'href="{stations}"' in seal and "现在可用" in seal
    page = client.get(stations).content.decode()
    assert 'name="kind" value="seal"' in page  # the seal form, after the close
    after = CLOSES + timedelta(minutes=20)
    services.box_seal(box=box, officer_a=people["officer"], officer_b=people["officer2"],
                      seal_number="S-1", paper_in_box=0, now=after)
    assert Seal.objects.get(box=box).at == after

    set_stage(edition, Stage.COUNTING)  # sealing belongs to the voting stage
    assert "href=" not in _row(client, "seal_boxes").split("</strong>")[0]
    with pytest.raises(Refused):
        services.box_reopen(box=box, officer_a=people["officer"], officer_b=people["officer2"],
                            seal_number_found="S-1", intact=True, paper_in_box=0, now=after)
    assert client.get(stations).status_code == 403
