"""In real Chromium: a counter and a scrutineer close a count session with one explained
difference; a resident opens the public results on a phone."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def _voting_week(edition, *, stage):
    from tests.results.builders import cast, make_ballot, make_box, register, seal
    from tests.results.conftest import set_stage
    from xihu.apps.accounts.models import User
    from xihu.apps.organisation.models import Unit

    users = {u.username: u for u in User.objects.all()}
    xiangshan = Unit.objects.get(code="xiangshan")
    ballot = make_ballot(edition, xiangshan, "community",
                         [("象山社区健身路径", 180_000), ("休息座椅", 150_000), ("宣传栏", 60_000)],
                         actor=users["staff_xiangshan"])
    box = make_box(edition, xiangshan, "象山社区办公室", "1")
    cast(ballot, box, [1, 3], n=9)
    cast(ballot, box, [2], n=6)
    cast(ballot, box, [], n=1)
    officer = users["officer_xiangshan"]
    seal(box, 16, officer, users["staff_xiangshan"])
    register(edition, "community", box, officer, 17)  # one voter registered and left: a difference
    set_stage(edition, stage)
    return users


@pytest.fixture
def counting_site(live_server, transactional_db):
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.editions.stages import Stage

    edition, _ = load_demo(with_stage_data=False)
    _voting_week(edition, stage=Stage.COUNTING)
    return live_server.url


def login(page, site, username):
    page.goto(site + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "xihu2018")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("欢迎")


def test_counter_and_scrutineer_close_a_count_with_an_explained_difference(page, browser, counting_site):
    site = counting_site
    page.set_viewport_size(PHONE)
    login(page, site, "counter_xiangshan")
    page.click('[data-action="count"] a')
    expect(page.locator("h1")).to_contain_text("象山社区")
    page.check("text=象山监票员")
    page.fill("#id_place", "象山社区居委会会议室")
    page.click("#open-session button.primary")
    expect(page.locator("#session-state")).to_have_text("进行中")
    difference = page.locator(".difference")
    expect(difference).to_have_count(1)
    expect(difference).to_contain_text("17")
    page.fill("form.explain textarea", "一名选民登记领票后离开，未投票；登记簿上已标注。")
    page.click("form.explain button")
    expect(page.locator(".difference.explained blockquote")).to_contain_text("一名选民登记领票后离开")
    expect(page.locator("#close-session")).to_have_count(0)  # counters cannot sign off

    scrutineer = browser.new_page(viewport=PHONE)
    login(scrutineer, site, "scrutineer_xiangshan")
    scrutineer.goto(page.url)
    scrutineer.click("button.sign-box")
    expect(scrutineer.locator("#boxes")).to_contain_text("✔")
    scrutineer.click("#close-session")
    expect(scrutineer.locator("#confirm-statements")).to_contain_text("象山社区")  # the confirmation step
    scrutineer.click("#confirm-button")
    expect(scrutineer.locator("#session-state")).to_have_text("已结束")
    expect(scrutineer.locator(".messages")).to_contain_text("点票")
    scrutineer.screenshot(path="/tmp/results-session.png", full_page=True)
    scrutineer.close()

    page.goto(site + "/editions/2017-18/results/xiangshan/")
    expect(page.locator(".bars li")).to_have_count(3)
    expect(page.locator("#count-record")).to_contain_text("一名选民登记领票后离开")


@pytest.fixture
def published_site(live_server, transactional_db):
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.editions.stages import Stage
    from xihu.apps.results.demo import load_demo_data

    edition, _ = load_demo(with_stage_data=False)
    users = _voting_week(edition, stage=Stage.VOTING)
    load_demo_data(edition=edition, users=users)
    return live_server.url


def test_a_resident_opens_the_public_results_on_a_phone(page, published_site):
    page.set_viewport_size(PHONE)
    page.goto(published_site + "/editions/2017-18/results/")
    expect(page.locator("h1")).to_contain_text("结果")
    page.click("text=象山社区")
    expect(page.locator("#unit-name")).to_have_text("象山社区")
    winners = page.locator(".bars li.win")
    expect(winners).to_have_count(2)  # 180k + 60k; the seats (150k) do not fit after the path
    expect(page.locator(".n-ballots")).to_have_text("16")
    expect(page.locator(".n-blank")).to_have_text("1")
    expect(page.locator("body")).to_contain_text("街道已原样确认")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the results page must fit a phone without sideways scrolling"
    page.screenshot(path="/tmp/results-phone.png", full_page=True)
    page.click("button[value=en]")
    expect(page.locator("body")).to_contain_text("Votes per project")
    page.goto(published_site + "/editions/2017-18/results/evaluation/")
    expect(page.locator("#test-allocation")).to_be_visible()
