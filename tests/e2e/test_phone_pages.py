"""In real Chromium on a 390 x 844 phone: the main menu works without JavaScript, staff tables keep
every column readable (the wrapper scrolls instead), and the public voting figures fold instead
of growing to tens of thousands of pixels."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
CST = ZoneInfo("Asia/Shanghai")

# Every cell of the table (optionally one of several tables): its width, its font size, and
# whether it only holds a checkbox. Measured in the page, as laid out.
MEASURE = """(selector) => {
  const cells = [...document.querySelectorAll(selector + ' th, ' + selector + ' td')];
  return cells.filter(c => c.offsetParent !== null).map(c => ({
    width: c.getBoundingClientRect().width,
    font: parseFloat(getComputedStyle(c).fontSize),
    pick: c.classList.contains('pick') || (c.querySelector('input[type=checkbox]') !== null
          && c.textContent.trim().length <= 3),
    text: c.textContent.trim().slice(0, 20),
  }));
}"""


@pytest.fixture
def world(live_server, transactional_db):
    from tests.web.builders import full_edition

    return {"url": live_server.url, **full_edition()}


def _login(page, url, username, password="pw"):  # noqa: S107 - the test users' password
    page.context.clear_cookies()
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")


def _no_page_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _readable(page, selector: str) -> None:
    cells = page.evaluate(MEASURE, selector)
    assert cells, selector
    for cell in cells:
        least = 24 if cell["pick"] else 2.5 * cell["font"]  # 2.5 characters at least
        assert cell["width"] >= least, (selector, cell)


def _set_stage(edition, stage):
    from xihu.apps.editions.models import Edition

    Edition.objects.filter(pk=edition.pk).update(stage=stage)


def test_main_menu_on_a_phone_without_javascript(browser, world):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(world["url"] + "/editions/pilot/results/s1a/")
    menu = page.locator("nav.main-menu a")
    expect(menu).to_have_count(8)
    for i in range(8):
        box = menu.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], i
    expect(page.locator("nav.main-menu a[aria-current=page]")).to_have_text("结果")
    expect(page.locator("#stagebar li[aria-current=step]")).to_contain_text("结果公布")
    expect(page.locator("#stagebar li.done")).to_have_count(8)
    _no_page_overflow(page)
    page.screenshot(path="/tmp/phone-menu.png")
    page.click("nav.main-menu a[data-menu=proposals]")
    assert page.url.endswith("/editions/pilot/proposals/")
    expect(page.locator("nav.main-menu a[aria-current=page]")).to_have_text("提议")
    context.close()


def test_staff_tables_keep_readable_columns_at_390px(browser, world):
    url, edition = world["url"], world["edition"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    _set_stage(edition, "screening")
    _login(page, url, "staff_s1a")
    page.goto(url + "/editions/pilot/proposals/s1a/screen/")
    expect(page.locator("#projects input[type=checkbox]").first).to_be_visible()
    _readable(page, "#projects")
    _readable(page, "#proposals")
    _no_page_overflow(page)
    page.screenshot(path="/tmp/phone-screening.png", full_page=True)

    _set_stage(edition, "quota")
    _login(page, url, "officer_s1")
    page.goto(url + "/editions/pilot/ballots/s1/")
    _readable(page, "table.quotas")
    _no_page_overflow(page)

    _login(page, url, "admin")
    page.goto(url + "/editions/pilot/powers/")
    expect(page.locator("table.powers a.revoke").first).to_be_visible()
    _readable(page, "table.powers")
    _no_page_overflow(page)
    page.screenshot(path="/tmp/phone-powers.png", full_page=True)

    _login(page, url, "staff_s1a")
    page.goto(url + "/editions/pilot/voting/s1a/stations/")
    _readable(page, "table.seals")
    _no_page_overflow(page)
    context.close()


def _voting_week(edition, units, officer, other):
    """Twenty-one communities' worth of stations: 3 boxes each, sealed and reopened every night of
    the week (13 seals a box), some paper registrations; the kind of record the demo makes."""
    from xihu.apps.organisation.models import Unit
    from xihu.apps.voting.models import Box, Registration, Seal, Station

    street = units["s1"]
    communities = [units["s1a"], units["s1b"], units["s2a"], units["s2b"]]
    for n in range(17):
        communities.append(Unit.objects.create(code=f"x{n:02d}", kind="community", name=f"第{n}社区",
                                               parent=street, residents=5000))
    rng = random.Random(7)
    seals, registrations = [], []
    for community in communities:
        for s, (kind, name) in enumerate([("fixed", "居委会投票站"), ("mobile", "流动票箱"),
                                          ("stand", "农贸市场门口")]):
            station = Station.objects.create(edition=edition, community=community, kind=kind, name=name)
            box = Box.objects.create(station=station, community=community, code=f"{community.code}-{s}")
            count = 0
            for day in range(7):
                evening = datetime(2018, 1, 28, 20, tzinfo=CST) + timedelta(days=day)
                count += rng.randint(20, 60)
                seals.append(Seal(box=box, kind="seal", at=evening, ballots_in_box=count,
                                  seal_number=f"S{box.pk}-{day}", officer_a=officer, officer_b=other))
                if day < 6:
                    seals.append(Seal(box=box, kind="reopen", at=evening + timedelta(hours=12),
                                      ballots_in_box=count, seal_number=f"S{box.pk}-{day}", intact=True,
                                      officer_a=officer, officer_b=other))
            for v in range(40):
                registrations.append(Registration(
                    edition=edition, ballot_kind="community", voter_key=f"{box.pk}-{v}",
                    community=community, station=station, box=box, officer=officer, mode="paper"))
    Seal.objects.bulk_create(seals)
    Registration.objects.bulk_create(registrations)


def test_public_voting_figures_fold_instead_of_a_very_long_page(browser, world):
    from xihu.apps.voting.models import Seal

    _voting_week(world["edition"], world["units"], world["users"]["staff_s1a"], world["users"]["counter"])
    assert Seal.objects.count() > 800
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(world["url"] + "/editions/pilot/voting/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, height
    _no_page_overflow(page)
    page.screenshot(path="/tmp/phone-voting.png", full_page=True)
    # everything is still there, one tap away
    first = page.locator("details.community-seals").first
    expect(first.locator("table")).to_be_hidden()
    first.locator("summary").click()
    expect(first.locator("table")).to_be_visible()
    expect(first.locator("table")).to_contain_text("S")
    context.close()
