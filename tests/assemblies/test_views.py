"""Assembly pages through the test client: object-level access, forms, and what they show."""

import os
import shutil

import pytest
from django.urls import reverse

from tests.assemblies.helpers import fill_assembly, make_projects, schedule
from tests.ballots.pdf_tools import pdf_pages_png, pdf_text, require_pdf_tools
from xihu.apps.assemblies import selectors
from xihu.apps.assemblies import services as svc


@pytest.fixture
def assembly(world):
    make_projects(world["edition"], world["units"]["s1a"], 20)
    return schedule(world, tables=2)


def login(client, world, name):
    client.force_login(world["users"][name])
    return client


def url(name, **kw):
    kw.setdefault("unit", "s1a")
    kw.setdefault("edition", "pilot")
    return reverse(f"assemblies:{name}", kwargs=kw)


def test_staff_schedules_through_the_form(client, world):
    make_projects(world["edition"], world["units"]["s1a"], 5)
    login(client, world, "staff_s1a")
    page = client.get(url("unit"))
    assert page.status_code == 200 and b"schedule-form" in page.content
    response = client.post(url("unit"), {"venue": "象山社区活动室", "starts_at": "2018-01-07T09:00",
                                         "tables": "6", "max_choices": "10", "open_to_all": "on"})
    assert response.status_code == 302
    assembly = selectors.assembly_for(world["edition"], world["units"]["s1a"])
    assert (assembly.tables, assembly.items.count()) == (6, 5)


def test_private_pages_are_for_the_community_staff_and_readers(client, world, assembly):
    for name in ("attendees", "seating", "plenary"):
        assert client.get(url(name)).status_code == 302  # anonymous: log in first
    login(client, world, "staff_s1b")
    for name in ("attendees", "seating", "plenary"):
        assert client.get(url(name)).status_code == 403
    assert client.post(url("seating"), {"do": "seat"}).status_code == 403
    login(client, world, "expert")
    page = client.get(url("attendees"))
    assert page.status_code == 200 and b"attendee-form" not in page.content


def test_phones_are_shown_to_staff_only(client, world, assembly):
    svc.attendee_add(assembly=assembly, name="张三", phone="13912345678", actor=world["users"]["staff_s1a"])
    assert b"13912345678" in login(client, world, "staff_s1a").get(url("attendees")).content
    body = login(client, world, "expert").get(url("attendees")).content
    assert "张三".encode() in body and b"13912345678" not in body


def test_door_registration_check_in_and_seating(client, world, assembly):
    login(client, world, "staff_s1a")
    client.post(url("attendees"), {"do": "invite", "name": "李四", "category": "building_leader",
                                   "table_role": "resident"})
    client.post(url("attendees"), {"do": "door", "name": "王五", "category": "resident",
                                   "table_role": "resident", "household_text": "3-1-201"})
    li = assembly.attendees.get(name="李四")
    client.post(url("attendees"), {"do": "check_in", "attendee": li.pk})
    seen = selectors.attendance(assembly)
    assert (seen.invited, seen.invited_leaders, seen.at_door, seen.checked_in) == (1, 1, 1, 2)
    client.post(url("seating"), {"do": "seat"})
    page = client.get(url("seating"))
    assert page.content.count(b"has-warnings") == 2  # 1 resident each, no roles


def test_nominations_form_enforces_three(client, world, assembly):
    login(client, world, "staff_s1a")
    pids = [i.project_id for i in selectors.items(assembly)]
    page = client.post(url("table", number=1), {"notes": "n", "project_1": pids[0], "reason_1": "好"}, follow=True)
    assert "exactly 3" in page.content.decode() or "恰好 3" in page.content.decode()
    data = {"notes": "讨论", **{f"project_{n}": pids[n] for n in (1, 2, 3)},
            **{f"reason_{n}": "理由" for n in (1, 2, 3)}}
    assert client.post(url("table", number=1), data).status_code == 302
    assert assembly.round_tables.get(number=1).nominations.count() == 3


def test_plenary_entry_by_numbers_and_boxes_then_public_ranking(client, world, assembly):
    fill_assembly(assembly, world["users"]["staff_s1a"], residents=4)
    login(client, world, "staff_s1a")
    client.post(url("plenary"), {"numbers": "1 2 3", "channel": "paper"})
    client.post(url("plenary"), {"numbers": "2", "item": ["3"], "channel": "phone"})
    client.post(url("plenary"), {"numbers": " ".join(str(n) for n in range(1, 12)), "channel": "paper"})
    bad = client.post(url("plenary"), {"numbers": "99", "channel": "paper"})
    assert bad.status_code == 200 and b"99" in bad.content
    tally = selectors.plenary_tally(assembly)
    assert (tally.ballots, tally.valid, tally.invalid_total) == (3, 2, 1)
    client.logout()
    ranking = client.get(url("ranking")).content.decode()
    assert ranking.index("项目02") < ranking.index("项目01") and "badge tie" in ranking
    projector = client.get(url("projector")).content.decode()
    assert 'data-refresh="5"' in projector and "assemblies/projector.js" in projector and "项目02" in projector


def test_table_sheet_pdf(client, world, assembly, tmp_path):
    require_pdf_tools()
    login(client, world, "staff_s1a")
    response = client.get(url("table_sheet", number=2), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "项目11" in text and "项目20" in text and "项目01" not in text
    assert "桌长" in text and "记录员" in text
    page, = pdf_pages_png(response.content, tmp_path)
    assert page.stat().st_size > 5000
    if os.environ.get("XIHU_KEEP_PDF"):
        shutil.copy(page, os.path.join(os.environ["XIHU_KEEP_PDF"], "table-sheet.png"))
