"""The freeze message names the fingerprint (issue 14.5)."""

import pytest
from django.urls import reverse

from tests.ballots.helpers import ranked_world
from xihu.apps.ballots import services as ballots
from xihu.apps.ballots.models import Ballot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("through", ["confirm_page", "street_page"])
def test_the_freeze_message_shows_the_fingerprint(client, world, through):
    ranked = ranked_world(world)
    officer = ranked["users"]["officer_s1"]
    ballots.quota_set(project=ranked["projects"][0], amount=1000, note="估算", actor=officer)
    ballot = ballots.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                                 project_ids=[ranked["projects"][0].pk], actor=officer)
    client.force_login(officer)
    if through == "confirm_page":
        url, data = reverse("ballots:freeze", args=["pilot", ballot.pk]), {"confirm": "yes"}
    else:
        url, data = reverse("ballots:street", args=["pilot", "s1"]), {"do": "freeze", "ballot": ballot.pk,
                                                                        "confirm": "yes"}
    page = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    fingerprint = Ballot.objects.get(pk=ballot.pk).fingerprint
    assert len(fingerprint) == 64
    assert f'已锁定。指纹：<code class="hash" id="frozen-fingerprint">{fingerprint}</code>' in page
