"""Quota and ballot pages: the street officer prices, draws, freezes and prints; others read."""

import pytest
from django.urls import reverse

from tests.ballots.helpers import ranked_world
from tests.ballots.pdf_tools import pdf_text, require_pdf_tools
from xihu.apps.ballots import services as ballots
from xihu.apps.ballots.models import Ballot, PrintRun

NOT_CONFIRMED = "未做任何更改：此操作不可撤销，须先在本页确认。"  # pages are in Chinese by default


@pytest.fixture
def ranked(world):
    return ranked_world(world)


def test_quota_draw_freeze_and_print_through_the_pages(client, ranked, tmp_path):
    street_url = reverse("ballots:street", kwargs={"edition": "pilot", "unit": "s1"})
    client.force_login(ranked["users"]["officer_s1"])
    page = client.get(street_url)
    assert page.status_code == 200 and "社区项目01" in page.content.decode()
    for n, project in enumerate(ranked["projects"], start=1):
        client.post(street_url, {"do": "quota", "project": project.pk, "amount": f"{n * 10},000", "note": "估算"})
    client.post(street_url, {"do": "quota", "project": ranked["projects"][0].pk, "amount": "12.5", "note": "x"})
    client.post(street_url, {"do": "draw", "unit": "s1a",
                             "project": [p.pk for p in ranked["projects"][:3]]})
    ballot = Ballot.objects.get(unit=ranked["units"]["s1a"])
    assert [i.amount for i in ballot.items.all()] == [10_000, 20_000, 30_000]
    client.post(street_url, {"do": "freeze", "ballot": ballot.pk, "confirm": "yes"})
    ballot.refresh_from_db()
    assert ballot.is_frozen
    response = client.post(reverse("ballots:print", kwargs={"edition": "pilot", "pk": ballot.pk}), {"count": "2"})
    run = PrintRun.objects.get()
    assert response.url == reverse("ballots:run_pdf", kwargs={"edition": "pilot", "pk": ballot.pk, "run": run.pk})
    require_pdf_tools()
    pdf = client.get(response.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = pdf_text(pdf.content, tmp_path)
    assert "社区项目03" in text and f"B{ballot.pk}-000002" in text


def test_other_street_and_anonymous_are_kept_out(client, ranked):
    street_url = reverse("ballots:street", kwargs={"edition": "pilot", "unit": "s1"})
    assert client.get(street_url).status_code == 302
    client.force_login(ranked["users"]["officer_s2"])
    assert client.get(street_url).status_code == 403
    client.force_login(ranked["users"]["expert"])
    page = client.get(street_url)
    assert page.status_code == 200 and b"quota-form" not in page.content


def test_unfrozen_ballot_is_not_public(client, ranked):
    from xihu.apps.ballots import services as svc

    officer = ranked["users"]["officer_s1"]
    svc.quota_set(project=ranked["projects"][0], amount=1000, note="估算", actor=officer)
    ballot = svc.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                             project_ids=[ranked["projects"][0].pk], actor=officer)
    assert client.get(reverse("ballots:ballot", kwargs={"edition": "pilot", "pk": ballot.pk})).status_code == 404
    svc.ballot_freeze(ballot=ballot, actor=officer)
    page = client.get(reverse("ballots:ballot", kwargs={"edition": "pilot", "pk": ballot.pk}))
    assert page.status_code == 200 and ballot.fingerprint in page.content.decode()


def test_freezing_a_ballot_needs_the_confirmation_step(client, world):
    ranked = ranked_world(world)
    officer = ranked["users"]["officer_s1"]
    ballots.quota_set(project=ranked["projects"][0], amount=1000, note="估算", actor=officer)
    ballot = ballots.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                                 project_ids=[ranked["projects"][0].pk], actor=officer)
    client.force_login(officer)
    street = reverse("ballots:street", args=["pilot", "s1"])
    confirm = reverse("ballots:freeze", args=["pilot", ballot.pk])
    assert f'href="{confirm}"' in client.get(street).content.decode()
    page = client.get(confirm).content.decode()
    assert "社区项目01" in page and "1,000" in page and "此操作不可撤销" in page and 'name="confirm" value="yes"' in page
    for url, data in [(street, {"do": "freeze", "ballot": ballot.pk}), (confirm, {})]:
        refused = client.post(url, data, follow=True)
        assert not Ballot.objects.get(pk=ballot.pk).is_frozen
        assert NOT_CONFIRMED in refused.content.decode()
    client.post(confirm, {"confirm": "yes"})
    assert Ballot.objects.get(pk=ballot.pk).is_frozen
