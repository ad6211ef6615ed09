"""In real Chromium: an officer registers a voter who votes on the tablet; two operators enter
a paper sheet, disagree, and a counter and a scrutineer resolve it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.a11y import axe_blocking

PASSWORD = "xihu2018"


@pytest.fixture
def voting_site(live_server, transactional_db):
    """The demo district in voting week: the window is opened around the real clock (the browser
    cannot travel to 2018), Xiangshan has frozen ballots, a station with a box, and an officer
    on shift."""
    from tests.factories import make_user
    from tests.voting.conftest import frozen_ballot
    from xihu.apps.accounts.models import User
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.editions.models import Edition, StagePlan
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Household, RegisteredResident
    from xihu.apps.voting import services

    edition, _created = load_demo(with_stage_data=False)
    now = timezone.now()
    StagePlan.objects.filter(edition=edition, stage="voting").update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=6))
    Edition.objects.filter(pk=edition.pk).update(stage="voting")
    edition.refresh_from_db()
    xiangshan, guangrunmen = Unit.objects.get(code="xiangshan"), Unit.objects.get(code="guangrunmen")
    admin = User.objects.get(username="admin")
    ballots = {"community": frozen_ballot(edition, xiangshan, "community", admin),
               "street": frozen_ballot(edition, guangrunmen, "street", admin)}
    staff = User.objects.get(username="staff_xiangshan")
    officer = User.objects.get(username="officer_xiangshan")
    station = services.station_create(edition=edition, community=xiangshan, kind="fixed", name="象山居委会投票站",
                                      actor=staff)
    box = services.box_create(station=station, code="XS-1", actor=staff)
    services.shift_add(station=station, officer=officer, day=timezone.localdate(), actor=staff)
    household = Household.objects.create(community=xiangshan, household_no="E2E-1", building="5栋")
    RegisteredResident.objects.create(household=household, name="陈秀英", birth_date=date(1962, 3, 8))
    second = make_user("counter", xiangshan, "counter2_xiangshan")
    second.set_password(PASSWORD)
    second.save()
    return {"url": live_server.url, "edition": edition, "ballots": ballots, "box": box}


def _login(page, url, username):
    page.context.clear_cookies()
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def test_officer_registers_a_voter_who_votes_on_the_tablet(page, voting_site):
    from tests.voting.conftest import id_number
    from xihu.apps.accounts.models import User
    from xihu.apps.voting import services
    from xihu.apps.voting.models import CastBallot, Registration

    url = voting_site["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, url, "officer_xiangshan")
    page.click('[data-action="run_station"] a')
    page.fill("#id_lookup", "陈")
    page.click("#lookup-button")
    page.wait_for_load_state("load")
    page.check('#matches input[name=resident]')
    expect(page.locator("#id_name")).to_have_value("陈秀英")
    page.fill("#id_id_number", id_number(date(1962, 3, 8)))
    page.check('input[name=mode][value=electronic]')
    page.click("#register-button")
    expect(page.locator("#tablet")).to_be_visible()
    assert Registration.objects.count() == 2
    community = voting_site["ballots"]["community"]
    page.check(f'input[name="ballot-{community.pk}"][value="2"]')
    page.check(f'input[name="ballot-{community.pk}"][value="5"]')
    # Issue 14: a voter-only screen (no officer header, no log-out, no menu) and a review step.
    expect(page.locator("header.voter-top")).to_be_visible()
    assert page.locator("form[action$='/logout/'], nav.main-menu").count() == 0
    assert axe_blocking(page) == []  # the voter's screens pass axe-core as the public pages do
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.click("#review")  # the review is shown in the page by its script: nothing is sent
    expect(page.locator(f"#review-{community.pk} li")).to_have_count(2)
    expect(page.locator(f"#review-{community.pk} li").first).to_contain_text("2. ")
    expect(page.locator("#marking")).to_be_hidden()
    expect(page.locator(f"#review-{voting_site['ballots']['street'].pk} .blank")).to_be_visible()
    assert sent == [] and page.evaluate("document.activeElement.id") == "check-title"
    assert axe_blocking(page) == []
    assert not CastBallot.objects.exists() and page.locator(".receipt-code").count() == 0
    page.click("#change")  # back to the marks, as they were: change one
    expect(page.locator(f'input[name="ballot-{community.pk}"][value="5"]')).to_be_checked()
    page.uncheck(f'input[name="ballot-{community.pk}"][value="5"]')
    page.check(f'input[name="ballot-{community.pk}"][value="5"]')
    page.click("#review")
    page.click("#cast")
    code = page.locator(".receipt-code").first.inner_text()
    assert axe_blocking(page) == []
    assert not CastBallot.objects.exists()  # the ballots wait, encrypted, until the box is sealed
    page.goto(url + "/editions/2017-18/voting/receipt/?code=" + code)
    expect(page.locator("#verdict")).to_contain_text("XS-1")
    services.box_seal(box=voting_site["box"], officer_a=User.objects.get(username="officer_xiangshan"),
                      officer_b=User.objects.get(username="staff_xiangshan"), seal_number="E2E", paper_in_box=0)
    assert CastBallot.objects.get(ballot=community).choices == [2, 5]
    assert CastBallot.objects.get(ballot=voting_site["ballots"]["street"]).status == "blank"
    page.reload()
    expect(page.locator("#verdict .badge.ok")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_scripts_the_review_is_a_page_of_its_own(browser, voting_site):
    """A tablet whose browser runs no scripts: the in-page review stays hidden, "Review" posts
    the marks and the server's review page casts them."""
    from tests.voting.conftest import id_number
    from xihu.apps.voting.models import BallotReceipt

    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        url = voting_site["url"]
        _login(page, url, "officer_xiangshan")
        page.click('[data-action="run_station"] a')
        page.fill("#id_name", "李四")
        page.select_option("#id_basis", "work")
        page.select_option("#id_proof", "work_card")
        page.fill("#id_id_number", id_number(date(1971, 5, 2)))
        page.check('input[name=mode][value=electronic]')
        page.click("#register-button")
        expect(page.locator("#marking")).to_be_visible()
        expect(page.locator("#check")).to_be_hidden()
        community = voting_site["ballots"]["community"]
        page.check(f'input[name="ballot-{community.pk}"][value="3"]')
        with page.expect_navigation():
            page.click("#review")
        expect(page.locator("#cast-form")).to_be_visible()
        expect(page.locator(f"#review-{community.pk} li")).to_have_count(1)
        assert not BallotReceipt.objects.exists()
        page.click("#cast")
        expect(page.locator(".receipt-code").first).to_be_visible()
        assert BallotReceipt.objects.count() == 2
    finally:
        context.close()


def test_two_operators_enter_a_sheet_and_resolve_a_mismatch(page, voting_site):
    from xihu.apps.ballots.sheets import sheet_id
    from xihu.apps.editions.models import Edition
    from xihu.apps.voting.models import Adjudication, CastBallot

    url = voting_site["url"]
    Edition.objects.filter(pk=voting_site["edition"].pk).update(stage="counting")
    sheet = sheet_id(voting_site["ballots"]["community"].pk, 42)
    for operator, marks in (("counter_xiangshan", ["1", "3"]), ("counter2_xiangshan", ["1"])):
        _login(page, url, operator)
        page.goto(url + "/editions/2017-18/voting/xiangshan/paper/")
        page.select_option("#id_box", str(voting_site["box"].pk))
        page.fill("#id_sheet", sheet)
        page.click("#sheet-form button")
        for mark in marks:
            page.check(f'#marks-form input[type=checkbox][value="{mark}"]')
        page.click("#enter")
    expect(page.locator(".messages")).to_contain_text(sheet)
    assert not CastBallot.objects.exists()
    page.click(f"#mismatches a:text('{sheet}')")
    expect(page.locator(".entry-marks").first).to_have_text("1, 3")
    page.check('#adjudicate input[name=choices][value="1"]')
    page.check('#adjudicate input[name=choices][value="3"]')
    page.fill("#id_note", "第三项的记号较淡，但清楚")
    page.fill("#id_cosigner", "scrutineer_xiangshan")
    page.fill("#id_cosigner_password", PASSWORD)
    page.click("#decide")
    expect(page.locator("#mismatches")).not_to_contain_text(sheet)
    decision = Adjudication.objects.get()
    assert (decision.counter.username, decision.scrutineer.username) == ("counter2_xiangshan", "scrutineer_xiangshan")
    assert CastBallot.objects.get().choices == [1, 3]
