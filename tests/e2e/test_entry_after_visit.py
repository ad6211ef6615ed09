"""Issue 14, point 10, in Chromium: after "保存并再录一条提议" on a door-to-door visit the entry
form shows the door-to-door channel (the one the server records), the saved counter shows the
real count straight away and after each save, and the Ctrl+Enter hint shows on a desktop but
not on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_proposals_flow import PHONE, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, transactional_db):
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Household

    load_demo(with_stage_data=False)
    xiangshan = Unit.objects.get(code="xiangshan")
    Household.objects.create(community=xiangshan, household_no="XS-201", building="3栋", entrance="1", door="201")
    return live_server.url


def test_another_proposal_after_a_visit_keeps_door_to_door(browser, site):
    from xihu.apps.proposals.models import Proposal

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    login(page, site, "volunteer_xiangshan")
    page.click('[data-action="collect"] a')
    page.click("text=3栋")
    page.locator('[data-household="XS-201"] a.go').click()
    page.check("input[name=outcome][value=proposals]")
    page.check("input[name=collector_type][value=volunteer]")
    page.fill("#id_p-content", "3栋楼道灯坏了，晚上很黑")
    page.select_option("#id_p-category", "lighting")
    page.click("button[name=another]")
    expect(page.locator("#entry-form")).to_be_visible()
    channel = page.locator("#id_channel")
    expect(channel).to_have_value("door")
    expect(channel).to_be_disabled()
    assert channel.evaluate("el => el.options[el.selectedIndex].text") == "入户征集"
    expect(page.locator("#entry-count")).to_have_text("1")  # the proposal saved with the visit
    expect(page.locator("#kbd-hint")).to_be_hidden()
    expect(page.locator("#entry-form .kbd")).to_be_hidden()
    page.fill("#id_content", "楼下垃圾桶太少")
    page.click("#entry-form button.primary")
    expect(page.locator("#entry-status.ok")).to_contain_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}"))
    expect(page.locator("#entry-count")).to_have_text("2")
    expect(channel).to_have_value("door")
    assert sorted(Proposal.objects.values_list("channel", flat=True)) == ["door", "door"]
    phone.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    login(page, site, "staff_xiangshan")
    page.goto(site + "/editions/2017-18/proposals/xiangshan/entry/")
    expect(page.locator("#kbd-hint")).to_be_visible()
    expect(page.locator("#entry-count")).to_have_text("0")
    page.fill("#id_content", "修好3栋的楼道灯")
    page.press("#id_content", "Control+Enter")
    expect(page.locator("#entry-count")).to_have_text("1")
    page.reload()
    expect(page.locator("#entry-count")).to_have_text("1")  # from the server, not the page's memory
    desktop.close()
