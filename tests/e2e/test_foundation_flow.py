"""In real Chromium: community staff log in, switch the language, and open their community."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def site(live_server, transactional_db):
    from xihu.apps.demo.loader import load_demo

    load_demo(with_stage_data=False)
    return live_server.url


def test_staff_login_language_switch_and_community_page(page, site):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(site + "/accounts/login/")
    expect(page.locator("h1")).to_have_text("登录")
    page.fill("#id_username", "staff_xiangshan")
    page.fill("#id_password", "xihu2018")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("欢迎")
    expect(page.locator('[data-action="collect"] .badge.ok')).to_be_visible()

    page.click("button[value=en]")
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator('[data-action="screen"] .reasons')).to_contain_text("current stage")

    page.click("text=Xiangshan Community")
    expect(page.locator("#unit-name")).to_have_text("Xiangshan Community")
    expect(page.locator("body")).to_contain_text("6820")
    expect(page.locator("body")).to_contain_text("granted")

    page.click("button[value=zh-hans]")
    expect(page.locator("#unit-name")).to_have_text("象山社区")


def test_public_edition_page_on_a_phone(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/editions/2017-18/")
    expect(page.locator("h1")).to_have_text("2017-18 幸福微实事")
    expect(page.locator("#ledger-head")).to_have_text(re.compile("^[0-9a-f]{64}$"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must fit a phone without sideways scrolling"
