"""The proposer's receipt page follows the proposal through to its project, the assembly, the
ballot, the votes, the result and the implementation: each step when it exists, "not yet" else."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.web.builders import full_edition
from xihu.apps.ballots.models import BallotItem
from xihu.apps.proposals.selectors.proposals import proposal_by_receipt
from xihu.apps.results.journey import proposal_journey
from xihu.apps.results.models import Confirmation

pytestmark = pytest.mark.django_db
KEYS = ["proposal", "project", "assembly", "ballot", "votes", "result", "implementation"]


@pytest.fixture
def world(db):
    return full_edition()


def _journey(proposal):
    return proposal_journey(proposal_by_receipt(proposal.receipt_code))


def test_a_funded_proposal_is_followed_to_its_implementation(world):
    ballot = world["ballot"]
    winners = Confirmation.objects.get(ballot=ballot).confirmed_winners
    funded = world["funded"]  # item 1, with an implementation update
    assert funded.number in winners
    proposal = next(p for p in world["proposals"] if p.links.get().project_id == funded.project_id)
    steps = _journey(proposal)
    assert [s.key for s in steps] == KEYS and all(s.reached for s in steps)
    by_key = {s.key: s for s in steps}
    assert by_key["ballot"].url == reverse("ballots:ballot", args=["pilot", ballot.pk])
    assert funded.title in by_key["project"].text
    assert by_key["votes"].text.startswith("7 ") and by_key["implementation"].url.endswith(f"/projects/{funded.pk}/")


def test_a_project_not_funded_stops_at_the_result(world):
    ballot = world["ballot"]
    winners = Confirmation.objects.get(ballot=ballot).confirmed_winners
    loser = BallotItem.objects.filter(ballot=ballot).exclude(number__in=winners).first()
    assert loser is not None
    proposal = next(p for p in world["proposals"] if p.links.get().project_id == loser.project_id)
    with translation.override("en"):
        steps = {s.key: s for s in _journey(proposal)}
    assert steps["result"].reached and steps["result"].text == "Not funded."
    assert not steps["implementation"].reached and "not funded" in steps["implementation"].text


def test_an_excluded_proposal_goes_no_further(world):
    with translation.override("en"):
        steps = _journey(world["proposals"][-1])
    assert [s.key for s in steps] == KEYS
    assert steps[0].reached and not any(s.reached for s in steps[1:])
    assert all("excluded" in s.text for s in steps[1:2])


def test_a_new_proposal_says_not_yet_for_every_later_step(world):
    from xihu.apps.editions.models import Edition
    from xihu.apps.editions.services import edition_create
    from xihu.apps.proposals.models import Channel, CollectorType
    from xihu.apps.proposals.services import proposals_import
    from xihu.apps.proposals.services.collection import ImportLine, ProposalInput

    users = world["users"]
    nxt = edition_create(district=world["units"]["d"], name="下一届", name_en="Next", slug="next",
                         actor=users["admin"])
    from xihu.apps.editions.models import PowerGrant

    for grant in PowerGrant.objects.filter(edition=world["edition"], revoked_at=None):
        PowerGrant.objects.create(edition=nxt, grantor=grant.grantor, grantee=grant.grantee,
                                  power=grant.power, granted_by=grant.granted_by)
    Edition.objects.filter(pk=nxt.pk).update(stage="collection")
    nxt.refresh_from_db()
    [proposal] = proposals_import(
        edition=nxt, community=world["units"]["s1a"], actor=users["staff_s1a"],
        lines=[ImportLine(ProposalInput(content="小区门口增设快递柜", location_text="", level="community"),
                          Channel.BOOTH, CollectorType.STAFF)])
    with translation.override("en"):
        steps = _journey(proposal)
    assert [s.reached for s in steps] == [True, True, False, False, False, False, False]
    assert all(s.text == "Not yet." for s in steps[2:])


def test_the_receipt_page_shows_the_journey(client, world):
    funded = world["funded"]
    proposal = next(p for p in world["proposals"] if p.links.get().project_id == funded.project_id)
    url = reverse("proposals:receipt", args=["pilot"]) + f"?code={proposal.receipt_code}"
    html = client.get(url).content.decode()
    journey = html[html.index('id="receipt-journey"'):html.index("</ol>", html.index('id="receipt-journey"'))]
    assert journey.count('class="reached"') == 7
    assert reverse("results:item", args=["pilot", funded.pk]) in journey
    assert "实施中" in journey and "更新" in journey
    excluded = client.get(reverse("proposals:receipt", args=["pilot"])
                          + f"?code={world['proposals'][-1].receipt_code}").content.decode()
    assert excluded.count('class="pending"') == 6
