"""In Chromium on a phone: the freeze message shows the ballot's fingerprint, whole and on screen
(issue 14.5)."""

import pytest

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server, transactional_db):
    from tests.assemblies.helpers import build_world, set_stage
    from tests.ballots.helpers import ranked_world
    from xihu.apps.ballots import services as ballots

    world = build_world()
    set_stage(world["edition"], "assembly")
    ranked = ranked_world(world)
    officer = ranked["users"]["officer_s1"]
    ballots.quota_set(project=ranked["projects"][0], amount=1000, note="估算", actor=officer)
    ballot = ballots.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                                 project_ids=[ranked["projects"][0].pk], actor=officer)
    return {"url": live_server.url, "ballot": ballot, "officer": officer}


def test_the_freeze_message_shows_the_whole_fingerprint_on_a_phone(page, site):
    from xihu.apps.ballots.models import Ballot

    page.set_viewport_size(PHONE)
    url = site["url"]
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", site["officer"].username)
    page.fill("#id_password", "pw")
    page.click("button.primary")
    page.goto(url + f"/editions/pilot/ballots/ballot/{site['ballot'].pk}/freeze/")
    page.click("#confirm-button")
    fingerprint = Ballot.objects.get(pk=site["ballot"].pk).fingerprint
    assert len(fingerprint) == 64
    message = page.locator(".messages li").filter(has_text="已锁定")
    assert fingerprint in message.inner_text().replace("\n", "")
    box = message.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert message.evaluate("m => m.scrollWidth <= m.clientWidth")  # nothing runs off its right edge
