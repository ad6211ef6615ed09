"""In real Chromium on a phone-sized screen: from an empty database, the district admin made by
`xihu bootstrap` sets a password through the one-time link, then through pages only sets up 2
streets and 3 communities, imports accounts, creates an edition and plans its voting window."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.district import PHONE, fits


@pytest.fixture
def site(live_server, transactional_db):
    out = io.StringIO()
    call_command("bootstrap", "--district", "xihu", "--name", "西湖区", "--name-en", "Xihu District",
                 "--admin", "alice", "--admin-name", "区管理员", stdout=out)
    path = re.search(r"(/manage/password/\S+)", out.getvalue()).group(1)
    return live_server.url, path


def create_unit(page, parent_url, code, name, residents):
    page.goto(parent_url)
    page.fill("#id_new-code", code)
    page.fill("#id_new-name", name)
    page.fill("#id_new-residents", str(residents))
    page.click("form:has(input[value=create]) button.primary")
    expect(page.locator(".messages")).to_contain_text(name)


def test_district_set_up_through_pages_on_a_phone(page, site, tmp_path):
    base, link = site
    page.set_viewport_size(PHONE)
    page.goto(base + link)
    expect(page.locator("h1")).to_have_text("设置您的密码")
    fits(page)
    page.fill("#id_new_password1", "Xihu-Admin-2019")
    page.fill("#id_new_password2", "Xihu-Admin-2019")
    page.click("button.primary")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "Xihu-Admin-2019")
    page.click("button.primary")
    page.goto(base + link)
    expect(page.locator("#link-invalid")).to_be_visible()  # the link worked once

    page.goto(base + "/manage/")
    expect(page.locator("h1")).to_have_text("后台管理")
    fits(page)
    page.click("text=单位与常住人口")
    district_url = page.url
    create_unit(page, district_url, "guangrunmen", "广润门街道", 30000)
    create_unit(page, district_url, "nanpu", "南浦街道", 20000)
    fits(page)
    create_unit(page, base + "/manage/units/guangrunmen/", "xiangshan", "象山社区", 6820)
    create_unit(page, base + "/manage/units/guangrunmen/", "xiawan", "下湾社区", 5410)
    create_unit(page, base + "/manage/units/nanpu/", "nanpu-c", "南浦社区", 6110)
    page.fill("#id_new-code", "Bad Code")
    page.fill("#id_new-name", "坏")
    page.click("form:has(input[value=create]) button.primary")
    expect(page.locator('[data-field="code"]')).to_contain_text("代码")  # the error names its field
    fits(page)

    sheet = tmp_path / "people.csv"
    sheet.write_text("用户名,显示名,角色,单位\nli,李干部,街道干部,nanpu\nwang,王干部,街道干部,guangrunmen\n"
                     "cnt_x,象山点票员,点票员,xiangshan\nscr_x,象山监票员,监票员,xiangshan\n", encoding="utf-8")
    page.goto(base + "/manage/people/in/xihu/import/")
    page.set_input_files("#id_sheet", str(sheet))
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text("已导入")
    expect(page.locator(".link-box")).to_have_count(4)
    fits(page)

    page.goto(base + "/manage/districts/xihu/editions/")
    page.fill("#id_new-slug", "2019-20")
    page.fill("#id_new-name", "2019-20 幸福微实事")
    page.click("form:has(input[value=create]) button.primary")
    expect(page.locator("h1")).to_contain_text("2019-20 幸福微实事")
    fits(page)
    page.click("text=安排各阶段日期")
    page.fill("#id_voting-starts_at", "2020-01-12T09:00")
    page.fill("#id_voting-ends_at", "2020-01-18T17:00")
    page.click("#stage-voting button.primary")
    expect(page.locator(".messages")).to_contain_text("投票")
    expect(page.locator("#id_voting-ends_at")).to_have_value("2020-01-18T17:00")
    fits(page)

    page.goto(base + "/editions/2019-20/roles/")
    expect(page.locator("#community-xiangshan")).to_contain_text("象山点票员")
    expect(page.locator("#street-nanpu")).to_contain_text("李干部")
    fits(page)
