"""In real Chromium, on a phone: Xiangshan's community staff run the screening assembly of the
demo district (6 tables, 60 projects) from check-in to the ranked list on the projector."""

import os
import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def site(live_server, transactional_db):
    from tests.assemblies.helpers import make_projects, set_stage
    from xihu.apps.accounts.models import User
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit

    edition, _created = load_demo(with_stage_data=False)
    xiangshan = Unit.objects.get(code="xiangshan")
    make_projects(edition, xiangshan, 60, author=User.objects.get(username="admin"), prefix="象山项目")
    set_stage(edition, "assembly")
    return live_server.url


def _invite_everyone(assembly):
    """The list prepared before the day: 6 hosts, recorders and advisers, 60 residents."""
    from xihu.apps.accounts.models import User
    from xihu.apps.assemblies import services
    from xihu.apps.organisation.models import SocialOrganisation

    staff = User.objects.get(username="staff_xiangshan")
    org = SocialOrganisation.objects.filter(kind="university_volunteers").first()
    for t in range(6):
        for role in ("host", "recorder", "adviser"):
            services.attendee_add(assembly=assembly, name=f"{role}{t}", table_role=role, actor=staff,
                                  organisation=org if role == "adviser" else None,
                                  category="adviser" if role == "adviser" else "group_leader")
    for i in range(59):
        services.attendee_add(assembly=assembly, name=f"居民{i:02d}", actor=staff,
                              category="building_leader" if i < 6 else "resident",
                              household_text=f"{i % 40 + 1}-1-{101 + i}")


def _shot(page, name):
    """XIHU_SCREENSHOTS=<dir> keeps a screenshot of each step, to look at."""
    folder = os.environ.get("XIHU_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_xiangshan_assembly_from_check_in_to_ranked_list(page, site):
    from xihu.apps.assemblies.models import Assembly

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/accounts/login/")
    page.fill("#id_username", "staff_xiangshan")
    page.fill("#id_password", "xihu2018")
    page.click("button.primary")
    page.click('[data-action="hold_assembly"] a')

    # Schedule: 6 tables, open to all.
    expect(page.locator("#schedule-form")).to_be_visible()
    page.fill("#id_venue", "象山社区活动中心")
    page.fill("#id_starts_at", "2018-01-07T09:00")
    page.fill("#id_tables", "6")
    page.click("#schedule-form button.primary")
    expect(page.locator("#tables")).to_have_text("6")
    assembly = Assembly.objects.get(unit__code="xiangshan")
    assert assembly.items.count() == 60
    _invite_everyone(assembly)

    # Check-in at the door: one walk-in registers, then every invited attendee is checked in.
    page.click("text=签到 >> nth=0")
    page.click("#attendee-form >> xpath=ancestor::details/summary")
    page.fill("#id_name", "现场居民")
    page.fill("#id_household_text", "41-2-502")
    page.click('#attendee-form button[value="door"]')
    expect(page.locator(".messages")).to_contain_text("现场居民")
    buttons = page.locator('#attendee-list button[value="check_in"]')
    while buttons.count():
        buttons.first.click()
        page.wait_for_load_state()
    expect(page.locator("#attendance")).to_contain_text("78")

    # Seating: balanced, complete tables.
    page.click(".assembly-nav >> text=圆桌")
    page.click("#seat-button")
    expect(page.locator(".round-table")).to_have_count(6)
    expect(page.locator(".round-table.has-warnings")).to_have_count(0)
    expect(page.locator("#table-1 .badge.ok")).to_contain_text("10")
    _shot(page, "seating")

    # Table 1's recorder enters notes and 3 nominations (a 4th is impossible: 3 slots).
    page.click("#table-1 >> text=记录与推荐")
    page.fill("#id_notes", "讨论了40分钟")
    for n, label in ((1, "1. 象山项目01"), (2, "2. 象山项目02"), (3, "5. 象山项目05")):
        page.select_option(f"#id_project_{n}", label=label)
        page.fill(f"#id_reason_{n}", "老人多")
    page.click("#nominations-form button.primary")
    expect(page.locator(".messages")).to_contain_text("保存")

    # Plenary: paper ballots typed in, one ticked on a phone, one over-vote (invalid).
    page.click(".assembly-nav >> text=全体投票")
    for numbers in ["1 2 3", "1 2 4", "1 3 5", "2 3", "1 2 3 4 5 6 7 8 9 10 11"]:
        page.fill("#id_numbers", numbers)
        page.click("#enter-ballot")
        expect(page.locator(".messages")).to_contain_text("已录入")
    page.click("#plenary-form summary")
    page.check('input[name="item"][value="6"]')
    page.select_option("#id_channel", "phone")
    page.click("#enter-ballot")
    expect(page.locator("#plenary-status")).to_contain_text("6")

    # The projector and the ranked list: 1 and 2 tie at 3 votes; 3 has 3 too.
    page.goto(site + "/editions/2017-18/assemblies/xiangshan/projector/")
    expect(page.locator("#projector-totals")).to_contain_text("有效 5")
    expect(page.locator("#projector-totals")).to_contain_text("无效 1")
    expect(page.locator("#board li").first).to_contain_text("1=")
    _shot(page, "projector")
    page.goto(site + "/editions/2017-18/assemblies/xiangshan/ranking/")
    first_rows = page.locator("#ranking tbody tr")
    expect(first_rows.nth(0)).to_contain_text("象山项目01")
    expect(first_rows.nth(0).locator(".badge.tie")).to_be_visible()
    expect(first_rows.nth(3)).to_contain_text(re.compile("象山项目0[45]"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the ranked list fits a phone"
    _shot(page, "ranking")
