"""A resident on a 390 x 844 phone in real Chromium: signs up with the code the gateway sent,
verifies against the register, follows a proposal by its receipt code, proposes online, and
reads the notice the screening gave (sent after commit, as in production)."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
NUMBER = "13900000031"


@pytest.fixture
def world(live_server, transactional_db, settings, tmp_path):
    from tests.assemblies.helpers import build_world, set_stage
    from tests.residents.helpers import PEOPLE, make_register
    from xihu.apps.proposals.models import Channel, CollectorType
    from xihu.apps.proposals.services import proposals_import
    from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
    from xihu.apps.residents.gateway.files import FileBackend

    settings.XIHU_GATEWAY = {"BACKEND": "xihu.apps.residents.gateway.files.FileBackend",
                             "OPTIONS": {"directory": str(tmp_path / "outbox")}}
    world = build_world()
    make_register(world["units"]["s1a"])
    set_stage(world["edition"], "collection")
    line = ImportLine(ProposalInput(content="北门门禁坏了", location_text="北门", level="community"),
                      Channel.DOOR, CollectorType.STAFF)
    [proposal] = proposals_import(edition=world["edition"], community=world["units"]["s1a"],
                                  lines=[line], actor=world["users"]["staff_s1a"])
    return {**world, "url": live_server.url, "proposal": proposal, "person": PEOPLE[0],
            "outbox": FileBackend(directory=str(tmp_path / "outbox"))}


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_sign_up_verify_follow_and_propose_on_a_phone(browser, world):
    from tests.assemblies.helpers import set_stage
    from xihu.apps.proposals.services import proposal_exclude

    url, proposal = world["url"], world["proposal"]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "/residents/follows/")  # not signed up: sent to the sign-up first
    assert "/residents/signup/" in page.url
    page.fill("#id_phone", NUMBER)
    page.click("#signup-form button[type=submit]")
    expect(page.locator("#code-form")).to_be_visible()
    expect(page.locator("p.lead")).to_contain_text("139****0031")
    _fits(page)
    code = world["outbox"].messages(to=NUMBER)[-1]["params"]["code"]
    page.fill("#id_otp_token", code)
    page.click("#code-form button[type=submit]")
    expect(page.locator("#follow-form")).to_be_visible()  # back where they were going

    page.goto(url + "/residents/")
    expect(page.locator("#unverified")).to_be_visible()
    page.click("#status a.button")
    name, number, _born = world["person"]
    page.fill("#id_name", name)
    page.fill("#id_id_number", number)
    page.select_option("#id_community", str(world["units"]["s1a"].pk))
    _fits(page)
    page.click("#verify-form button[type=submit]")
    expect(page.locator("#verified")).to_contain_text("s1a")

    page.goto(url + "/residents/follows/")
    page.fill("#id_code", proposal.receipt_code.lower())
    page.click("#follow-form button[type=submit]")
    expect(page.locator("#follow-list")).to_contain_text(proposal.receipt_code)
    _fits(page)

    page.goto(url + "/residents/propose/")
    page.fill("#id_content", "5栋门口加装电动车充电桩")
    page.fill("#id_location_text", "5栋")
    page.click("#propose-form button[type=submit]")
    expect(page.locator("section.proposal-path")).to_contain_text("5栋门口加装电动车充电桩")
    expect(page.locator("section.proposal-path ol.journey li.reached").first).to_be_visible()
    _fits(page)

    set_stage(world["edition"], "screening")
    proposal_exclude(proposal=proposal, reason="other_party", explanation="门禁由物业公司负责维修",
                     actor=world["users"]["staff_s1a"])
    page.goto(url + "/residents/notices/")
    expect(page.locator("#notice-list li.unread")).to_contain_text("在初筛中被排除")
    expect(page.locator("#notice-list")).to_contain_text("门禁由物业公司负责维修")
    _fits(page)
    page.screenshot(path="/tmp/phone-residents-notices.png", full_page=True)
    sent = world["outbox"].messages(to=NUMBER)
    assert "/residents/unsubscribe/" in sent[-1]["text"] and code not in sent[-1]["text"]
    context.close()
