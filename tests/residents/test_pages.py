"""The resident's pages: propose online and see "my proposals" with their path; follow by receipt
code; where and when to vote, whether they voted (never how)."""

from datetime import date, time

import pytest

from tests.assemblies.helpers import build_world, set_stage
from tests.residents.helpers import make_register, signed_up, verified
from tests.results.builders import make_box
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import Proposal
from xihu.apps.residents.models import Follow
from xihu.apps.voting.models import Registration, Shift, Station


@pytest.fixture
def world(db):
    world = build_world()
    world["register"] = make_register(world["units"]["s1a"])
    set_stage(world["edition"], "collection")
    return world


def test_a_verified_resident_proposes_and_sees_it_with_its_path(world, client):
    account = verified("13900000021", world["units"]["s1a"])
    client.force_login(account.user)
    sent = client.post("/residents/propose/", {"content": "3栋门口装一盏路灯", "location_text": "3栋",
                                               "category": "other", "level": "community"})
    assert sent.status_code == 302 and sent["Location"] == "/residents/mine/"
    proposal = Proposal.objects.get()
    assert proposal.community == world["units"]["s1a"] and proposal.channel == "online"
    assert Follow.objects.get(account=account, proposal=proposal).own
    entry = LedgerEntry.objects.get(action="proposal.submit")
    assert entry.actor == account.user.username and "139" not in str(entry.payload)
    mine = client.get("/residents/mine/").content.decode()
    assert proposal.receipt_code in mine and "3栋门口装一盏路灯" in mine and 'class="journey"' in mine


def test_an_unverified_account_cannot_propose_but_can_follow_by_receipt_code(world, client):
    staff_proposal = Proposal.objects.create(
        edition=world["edition"], community=world["units"]["s1a"], receipt_code="ABCD-2345",
        title="修路", content="修路", channel="door", collector_type="staff")
    account = signed_up("13900000022")
    client.force_login(account.user)
    assert client.get("/residents/propose/")["Location"] == "/residents/verify/"
    assert client.post("/residents/propose/", {"content": "x", "category": "other",
                                               "level": "community"}).status_code == 302
    assert Proposal.objects.count() == 1
    wrong = client.post("/residents/follows/", {"code": "ZZZZ-9999"}, follow=True).content.decode()
    assert "没有与此回执码对应的提案" in wrong and not Follow.objects.exists()
    client.post("/residents/follows/", {"code": "abcd 2345"})
    follow = Follow.objects.get(account=account, proposal=staff_proposal)
    assert not follow.own and "ABCD-2345" in client.get("/residents/follows/").content.decode()
    client.post(f"/residents/follows/{follow.pk}/end/")
    follow.refresh_from_db()
    assert follow.ended_at is not None


def test_anonymous_visitors_are_sent_to_sign_up(client, db):
    page = client.get("/residents/notices/")
    assert page.status_code == 302 and page["Location"].startswith("/residents/signup/")


def test_the_voting_page_shows_places_hours_and_whether_voted_never_how(world, client):
    s1a, staff = world["units"]["s1a"], world["users"]["staff_s1a"]
    account = verified("13900000023", s1a)
    set_stage(world["edition"], "voting")
    box = make_box(world["edition"], s1a, "社区办公室", "A1")
    mobile = Station.objects.create(edition=world["edition"], community=s1a, kind="mobile",
                                    name="流动票箱一号", location="菜市场门口")
    Shift.objects.create(station=mobile, officer=staff, day=date(2018, 1, 29), starts=time(9),
                         ends=time(12), created_by=staff)
    Shift.objects.create(station=box.station, officer=staff, day=date(2018, 1, 29), starts=time(8, 30),
                         ends=time(17, 30), created_by=staff)
    client.force_login(account.user)
    page = client.get("/residents/vote/").content.decode()
    assert "流动票箱一号" in page and "菜市场门口" in page and "09:00–12:00" in page
    assert "08:30–17:30" in page and "尚未投票" in page and "您已投票" not in page
    assert f"/editions/{world['edition'].slug}/voting/receipt/" in page
    Registration.objects.create(edition=world["edition"], ballot_kind="community",
                                voter_key=account.register_entry.id_key, community=s1a,
                                station=box.station, box=box, officer=staff)
    page = client.get("/residents/vote/").content.decode()
    assert "您已投票" in page and "尚未投票" in page  # the community ballot yes, the street one not yet


def test_the_receipt_and_project_pages_offer_to_follow(world, client):
    from xihu.apps.proposals.models import Project

    account = verified("13900000024", world["units"]["s1a"])
    client.force_login(account.user)
    client.post("/residents/propose/", {"content": "河边加装护栏", "category": "other", "level": "community"})
    proposal = Proposal.objects.get()
    project = Project.objects.get(sources__proposal=proposal)
    receipt = client.get(f"/editions/pilot/proposals/receipt/?code={proposal.receipt_code}").content.decode()
    assert f"/residents/follows/?code={proposal.receipt_code}" in receipt
    page = client.get(f"/editions/pilot/proposals/projects/{project.pk}/").content.decode()
    assert f"/residents/follow/project/{project.pk}/" in page and "关注此项目" in page
    client.post(f"/residents/follow/project/{project.pk}/")
    assert Follow.objects.filter(account=account, project=project, ended_at__isnull=True).exists()


def test_every_page_links_the_residents_pages_for_visitors_and_residents(world, client):
    assert 'id="residents-link"' in client.get("/").content.decode(), "a visitor sees the link"
    client.force_login(signed_up("13900000031").user)
    assert 'id="residents-link"' in client.get("/").content.decode(), "a resident sees it"
    client.force_login(world["users"]["officer_s1"])
    assert 'id="residents-link"' not in client.get("/").content.decode(), "staff do not"
