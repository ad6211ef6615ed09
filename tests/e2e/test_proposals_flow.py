"""In real Chromium: a volunteer records a visit and a proposal on a phone; staff enter a
proposal from a paper form without a page reload, merge two proposals and exclude a third;
the street confirms the exclusion; the proposer follows it with the receipt code."""

import os
import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server, transactional_db):
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Household

    load_demo(with_stage_data=False)
    xiangshan = Unit.objects.get(code="xiangshan")
    for door in ("101", "102"):
        Household.objects.create(community=xiangshan, household_no=f"XS-{door}", building="3栋",
                                 entrance="1", door=door)
    return live_server.url


def login(page, site, username):
    page.goto(site + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "xihu2018")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("欢迎")


def shot(page, name):
    """XIHU_SCREENSHOTS=dir keeps screenshots of the flow for a human to look at."""
    if os.environ.get("XIHU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["XIHU_SCREENSHOTS"], f"{name}.png"), full_page=True)


def logout(page):
    page.click("header button.link:has-text('退出')")


def test_visit_entry_merge_exclude_and_street_review(page, site):
    from xihu.apps.demo.loader import EDITION_SLUG
    from xihu.apps.editions.models import Edition
    from xihu.apps.editions.services import edition_advance
    from xihu.apps.proposals.models import Project, Proposal

    # 1. a volunteer on a phone: home page -> collection -> building -> household -> visit
    page.set_viewport_size(PHONE)
    login(page, site, "volunteer_xiangshan")
    page.click('[data-action="collect"] a')
    page.click("text=3栋")
    page.locator('[data-household="XS-101"] a.go').click()
    page.check("input[name=outcome][value=proposals]")
    page.check("input[name=collector_type][value=volunteer]")
    page.fill("#id_p-content", "3栋楼道灯坏了，晚上很黑")
    page.fill("#id_p-location_text", "3栋1单元")
    page.select_option("#id_p-category", "lighting")
    page.fill("#id_p-proposer_contact", "13800001111")
    shot(page, "1-visit-phone")
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}"))
    expect(page.locator('[data-household="XS-101"] .state.ok')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    logout(page)

    # 2. staff type two paper forms: saved without a page reload (Ctrl+Enter)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site, "staff_xiangshan")
    page.goto(site + "/editions/2017-18/proposals/xiangshan/entry/")
    page.evaluate("window.__same_page = true")
    for content, location in [("修好3栋的楼道灯", "3栋2单元"), ("给我家门口单独装一盏灯", "5栋")]:
        page.fill("#id_content", content)
        page.fill("#id_location_text", location)
        page.press("#id_location_text", "Control+Enter")
        expect(page.locator("#entry-status.ok")).to_contain_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}"))
        expect(page.locator("#id_content")).to_have_value("")
    assert page.evaluate("window.__same_page") is True
    expect(page.locator("#entry-count")).to_have_text("2")
    assert Proposal.objects.count() == 3

    edition = Edition.objects.get(slug=EDITION_SLUG)
    from xihu.apps.accounts.models import User

    edition_advance(edition=edition, actor=User.objects.get(username="admin"))  # -> screening

    # 3. staff merge the two corridor-light proposals and exclude the private lamp
    page.goto(site + "/editions/2017-18/proposals/xiangshan/screen/")
    lights = [p.links.get().project_id for p in Proposal.objects.filter(content__contains="楼道灯")]
    for project_id in lights:
        page.check(f'#projects tr[data-project="{project_id}"] input[type=checkbox]')
    page.select_option("#id_mode", "a")
    page.fill("#id_title", "3栋楼道灯维修")
    shot(page, "3-screen")
    page.click("#merge-button")
    expect(page.locator(".messages")).to_contain_text("3栋楼道灯维修")
    merged = Project.objects.live().get(title="3栋楼道灯维修")
    assert merged.sources.count() == 2 and merged.location_text == "3栋1单元；3栋2单元"
    lamp = Proposal.objects.get(content__contains="门口单独")
    row = page.locator(f'#proposals tr[data-receipt="{lamp.receipt_code}"]')
    row.locator("summary").click()
    row.locator("select[name=reason]").select_option("not_public")
    row.locator("textarea[name=explanation]").fill("只惠及一户，不属于公共利益。")
    row.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(lamp.receipt_code)
    logout(page)

    # 4. the street confirms the exclusion
    login(page, site, "street_guangrunmen")
    page.click('[data-action="review_exclusions"] a')
    pending = page.locator(f'#pending li[data-receipt="{lamp.receipt_code}"]')
    expect(pending).to_contain_text("不属于公共利益范畴")
    shot(page, "4-review")
    pending.locator("button[value=confirm]").click()
    expect(page.locator("#reviewed")).to_contain_text(lamp.receipt_code)
    logout(page)

    # 5. the proposer follows the proposal with the receipt code, on a phone, without logging in
    page.set_viewport_size(PHONE)
    page.goto(site + "/editions/2017-18/proposals/receipt/")
    page.fill("#code", lamp.receipt_code.lower())
    page.click("button.primary")
    expect(page.locator("#receipt-status")).to_contain_text("街道已确认")
    expect(page.locator("#receipt-history")).to_contain_text("只惠及一户")
    expect(page.locator("body")).not_to_contain_text("13800001111")
    shot(page, "5-receipt-phone")
