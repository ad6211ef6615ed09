"""The home page lists every edition (the current one first) and the main menu of every page is
scoped to the edition being viewed, with its stages as a progress bar said in words."""

import re

import pytest
from django.urls import reverse

from tests.web.builders import full_edition
from xihu.apps.editions.models import Edition
from xihu.apps.editions.services import edition_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(db):
    """pilot (published, with data), `running` (voting) and `finished` (published, the newest):
    the current edition is `running`, although `finished` is newer."""
    w = full_edition()
    admin, d = w["users"]["admin"], w["units"]["d"]
    running = edition_create(district=d, name="进行中", name_en="Running", slug="running", actor=admin)
    finished = edition_create(district=d, name="已完成", name_en="Finished", slug="finished", actor=admin)
    Edition.objects.filter(pk=running.pk).update(stage="voting")
    Edition.objects.filter(pk=finished.pk).update(stage="published")
    return w


def _editions_in_page(html: str) -> list[str]:
    return re.findall(r'<li data-edition="([\w-]+)"', html)


def test_home_lists_every_edition_current_first_then_newest_first(client, three):
    html = client.get("/").content.decode()
    assert _editions_in_page(html) == ["running", "finished", "pilot"]
    section = html[html.index('id="editions"'):]
    assert section.index("当前一届") < section.index('data-edition="finished"')
    for stage in ("投票", "结果公布"):
        assert stage in section


def test_finished_editions_stay_browsable_in_full(client, three):
    html = client.get("/").content.decode()
    pilot = html[html.index('data-edition="pilot"'):]
    links = re.findall(r'href="(/editions/pilot/[^"]*)"', pilot)
    assert len(links) >= 5
    for url in links:
        assert client.get(url).status_code == 200, url
    assert "3栋楼道灯坏了" in client.get("/editions/pilot/results/s1a/").content.decode()


def test_menu_is_scoped_to_the_edition_being_viewed(client, three):
    html = client.get("/editions/pilot/results/s1a/").content.decode()
    menu = html[html.index('class="main-menu"'):html.index("</nav>", html.index('class="main-menu"'))]
    for key, url in [("edition", "/editions/pilot/"), ("proposals", "/editions/pilot/proposals/"),
                     ("assemblies", "/editions/pilot/assemblies/"), ("ballots", "/editions/pilot/ballots/"),
                     ("voting", "/editions/pilot/voting/"), ("results", "/editions/pilot/results/"),
                     ("ledger", "/ledger/"), ("open_data", "/editions/pilot/results/export.zip")]:
        assert f'href="{url}"' in menu and f'data-menu="{key}"' in menu, key
    assert 'aria-current="page" class="active" data-menu="results"' in menu
    # a page of no edition: the current edition
    ledger = client.get(reverse("web:ledger")).content.decode()
    assert 'href="/editions/running/proposals/"' in ledger


def test_stage_bar_says_done_current_upcoming_in_words_and_aria(client, three):
    html = client.get("/editions/running/voting/").content.decode()
    bar = html[html.index('id="stagebar"'):html.index("</ol>", html.index('id="stagebar"'))]
    states = re.findall(r'<li class="(done|current|upcoming)"', bar)
    assert states == ["done"] * 5 + ["current"] + ["upcoming"] * 4
    assert bar.count('aria-current="step"') == 1
    assert bar.count("（已完成）") == 5 and bar.count("（当前阶段）") == 1 and bar.count("（未开始）") == 4
    assert "第6步（共10步）：投票" in bar
    pilot = client.get("/editions/pilot/").content.decode()
    assert "第9步（共10步）：结果公布" in pilot
