"""The role home page: every action is a link to where it is done, or says why not and from /
until when (from the stage plan); a stage past its planned end is flagged for the district admin;
the voting desk and the station row say when the voting window is shut before asking anything."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from xihu.apps.accounts.models import User
from xihu.apps.editions.models import Edition, StagePlan
from xihu.apps.editions.selectors import overdue_stages

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def _rows(html: str) -> dict[str, str]:
    """data-action -> the row's HTML."""
    parts = re.split(r'(?=<li class="(?:allowed|blocked)" data-action=")', html)
    rows = {}
    for part in parts[1:]:
        name = re.match(r'<li class="\w+" data-action="(\w+)"', part)[1]
        rows.setdefault(name, part[:part.find("</li>\n    \n")] if "</li>\n    \n" in part else part)
    return rows


def _home(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    return client.get("/").content.decode()


def _set_stage(edition, stage):
    Edition.objects.filter(pk=edition.pk).update(stage=stage)


def test_every_action_is_a_link_or_says_why_not_and_when(client, demo):
    rows = _rows(_home(client, "staff_xiangshan"))
    collect = rows["collect"]
    assert f'href="{reverse("proposals:collect", args=[demo.slug, "xiangshan"])}"' in collect
    assert "现在可用" in collect and "截至 2018-01-07 00:00" in collect
    screen = rows["screen"]
    assert "href=" not in screen.split("</strong>")[0] and "当前阶段" in screen
    assert "自 2017-12-25 09:00 起" in screen  # from when: the planned start of screening
    count = rows["count"]
    assert "自 2018-02-04 09:00 起" in count
    for name, row in rows.items():
        assert ("href=" in row.split("</strong>")[0]) or ('class="reasons"' in row), name


def test_an_action_whose_stage_is_over_says_since_when(client, demo):
    _set_stage(demo, "assembly")
    collect = _rows(_home(client, "staff_xiangshan"))["collect"]
    assert "不在当前阶段" in collect or "当前阶段" in collect
    assert "已于 2018-01-07 00:00 结束" in collect


def test_grants_and_advance_link_to_their_pages(client, demo):
    rows = _rows(_home(client, "admin"))
    assert f'href="{reverse("web:advance", args=[demo.slug])}"' in rows["advance_stage"]
    assert f'href="{reverse("web:powers", args=[demo.slug])}"' in rows["grant_street"]


def test_after_the_last_stage_advance_is_not_available(client, demo):
    _set_stage(demo, "implementation")
    advance = _rows(_home(client, "admin"))["advance_stage"]
    assert "现在可用" not in advance and "已处于最后阶段" in advance


def test_overdue_stage_selector_and_the_admins_flag(client, demo):
    end = datetime(2018, 1, 7, 0, 0, tzinfo=CST)  # collection's planned end in the demo plan
    assert overdue_stages(demo, end - timedelta(minutes=1)) == []
    [late] = overdue_stages(demo, end + timedelta(days=3, hours=2))
    assert (late.stage, late.planned_end, late.late) == ("collection", end, timedelta(days=3, hours=2))
    StagePlan.objects.filter(edition=demo, stage="collection").update(ends_at=None)
    assert overdue_stages(demo, end + timedelta(days=3)) == []
    StagePlan.objects.filter(edition=demo, stage="collection").update(ends_at=end)
    html = _home(client, "admin")
    assert 'id="overdue"' in html and "落后于计划" in html and "项目提议征集" in html
    assert 'id="overdue"' not in _home(client, "staff_xiangshan")


def test_station_row_and_desk_say_the_window_is_shut_before_asking(client, demo):
    _set_stage(demo, "voting")
    station = _rows(_home(client, "officer_xiangshan"))["run_station"]
    assert "现在可用" not in station and "投票已于2018-02-03 17:00结束" in station
    desk = client.get(reverse("voting:desk", args=[demo.slug, "xiangshan"])).content.decode()
    assert 'id="window-shut"' in desk and "投票已于2018-02-03 17:00结束" in desk
    assert 'id="register"' not in desk and 'name="id_number"' not in desk
    # not yet open
    now = timezone.now()
    StagePlan.objects.filter(edition=demo, stage="voting").update(
        starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=9))
    opens = "投票于" + timezone.localtime(now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M") + "开始"
    desk = client.get(reverse("voting:desk", args=[demo.slug, "xiangshan"])).content.decode()
    assert 'id="window-shut"' in desk and opens in desk and 'id="register"' not in desk
    assert opens in _rows(_home(client, "officer_xiangshan"))["run_station"]
    # open
    StagePlan.objects.filter(edition=demo, stage="voting").update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1))
    station = _rows(_home(client, "officer_xiangshan"))["run_station"]
    assert "现在可用" in station
    desk = client.get(reverse("voting:desk", args=[demo.slug, "xiangshan"])).content.decode()
    # open, but this demo (no stage data) has no frozen ballot: the desk says so (issue 14)
    assert 'id="window-shut"' not in desk and 'id="no-ballots"' in desk and 'id="register"' not in desk


def test_back_office_links_on_the_home_page_also_before_any_edition(client, tree, admin):
    """The district admin of a new district (no edition yet) finds the back office from home:
    the manage actions are links, and the back-office card lists the pages."""
    client.force_login(admin)
    html = client.get("/").content.decode()
    rows = _rows(html)
    assert f'href="{reverse("manage:unit", args=["d"])}"' in rows["manage_units"]
    assert f'href="{reverse("manage:editions_of", args=["d"])}"' in rows["manage_edition"]
    assert 'id="back-office"' in html and 'data-manage="people"' in html


def test_no_back_office_card_for_a_resident(client, demo):
    html = _home(client, "resident_xiangshan")
    assert 'id="back-office"' not in html
