"""The unscoped URLs of before keep working: they redirect to the same page under the edition of
the object they name (a project, a ballot, a session, a receipt, a tablet token, a sheet ID), else
of the current edition. And the JSON API takes an optional `edition`."""

import pytest

from tests.web.builders import full_edition
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.editions.selectors import current_edition
from xihu.apps.editions.services import edition_create
from xihu.apps.voting.models import BallotReceipt
from xihu.apps.voting.receipts import receipt_hash
from xihu.apps.voting.tablet import issue_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db):
    """`pilot` (published, with data) and `next` (just created, so the current edition)."""
    w = full_edition()
    w["next"] = edition_create(district=w["units"]["d"], name="下一届", name_en="Next", slug="next",
                               actor=w["users"]["admin"])
    assert current_edition() == w["next"]
    return w


def test_the_current_edition_is_the_newest_not_yet_published(two):
    from xihu.apps.editions.models import Edition

    assert current_edition(two["units"]["d"]) == two["next"]
    Edition.objects.filter(slug="next").update(stage="published")
    assert current_edition().slug == "next"  # all finished: the newest of all
    Edition.objects.filter(slug="next").update(stage="voting")
    Edition.objects.filter(slug="pilot").update(stage="voting")
    assert current_edition().slug == "next"


def test_pages_without_an_object_go_to_the_current_edition(client, two):
    for old, new in [("/proposals/", "/editions/next/proposals/"),
                     ("/proposals/s1a/summary/", "/editions/next/proposals/s1a/summary/"),
                     ("/assemblies/", "/editions/next/assemblies/"),
                     ("/assemblies/s1a/ranking/", "/editions/next/assemblies/s1a/ranking/"),
                     ("/ballots/", "/editions/next/ballots/"),
                     ("/voting/", "/editions/next/voting/"),
                     ("/voting/s1a/", "/editions/next/voting/s1a/"),
                     ("/results/", "/editions/next/results/"),
                     ("/results/count/s1a/", "/editions/next/results/count/s1a/")]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (302, new), old


def test_pages_that_name_an_object_go_to_its_edition(client, two):
    project = two["proposals"][0].links.get().project_id
    code = two["proposals"][0].receipt_code
    ballot, session, item = two["ballot"].pk, two["session"].pk, two["funded"].pk
    token = issue_token(ballot_pks=[ballot], box_pk=two["box"].pk)
    BallotReceipt.objects.create(box=two["box"], receipt_hash=receipt_hash("ABCD-EFGH"))
    sheet = sheet_id(ballot, 12)
    for old, new in [
        (f"/proposals/projects/{project}/", f"/editions/pilot/proposals/projects/{project}/"),
        (f"/proposals/receipt/?code={code}", f"/editions/pilot/proposals/receipt/?code={code}"),
        (f"/ballots/ballot/{ballot}/", f"/editions/pilot/ballots/ballot/{ballot}/"),
        (f"/voting/tablet/{token}/", f"/editions/pilot/voting/tablet/{token}/"),
        ("/voting/receipt/?code=ABCD-EFGH", "/editions/pilot/voting/receipt/?code=ABCD-EFGH"),
        (f"/voting/s1a/paper/{sheet}/", f"/editions/pilot/voting/s1a/paper/{sheet}/"),
        ("/voting/?edition=pilot", "/editions/pilot/voting/"),
        ("/voting/record.json?edition=pilot&page_size=5", "/editions/pilot/voting/record.json?page_size=5"),
        (f"/results/sessions/{session}/", f"/editions/pilot/results/sessions/{session}/"),
        (f"/results/projects/{item}/", f"/editions/pilot/results/projects/{item}/"),
        ("/results/pilot/", "/editions/pilot/results/"),
        ("/results/pilot/s1a/", "/editions/pilot/results/s1a/"),
        ("/results/pilot/evaluation/", "/editions/pilot/results/evaluation/"),
        ("/results/pilot/export.zip", "/editions/pilot/results/export.zip"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (302, new), old
        assert client.get(new).status_code in (200, 302), new


def test_a_post_to_an_old_url_keeps_its_method(client, two):
    session = two["session"].pk
    response = client.post(f"/results/sessions/{session}/close/", {})
    assert (response.status_code, response["Location"]) == (307, f"/editions/pilot/results/sessions/{session}/close/")


def test_an_old_url_that_never_existed_is_a_404(client, two):
    assert client.get("/proposals/no/such/page/").status_code == 404
    assert client.get("/results/sessions/abc/").status_code == 404


def test_a_receipt_looked_up_under_another_edition_goes_to_its_own(client, two):
    code = two["proposals"][0].receipt_code
    response = client.get(f"/editions/next/proposals/receipt/?code={code}")
    assert response["Location"] == f"/editions/pilot/proposals/receipt/?code={code}"


def test_the_api_takes_an_optional_edition(client, two):
    assert client.get("/api/ballots/").json() == []  # the current edition (next) has none
    pilot = client.get("/api/ballots/", {"edition": "pilot"}).json()
    assert [b["id"] for b in pilot] == [two["ballot"].pk]
    assert client.get("/api/ballots/", {"edition": "nope"}).status_code == 404
    assert client.get("/api/assemblies/").json() == []
    assert client.get("/api/assemblies/", {"edition": "pilot"}).json()[0]["unit"] == "s1a"
    assert client.get("/api/assemblies/s1a/ranking").status_code == 404
    ranking = client.get("/api/assemblies/s1a/ranking", {"edition": "pilot"}).json()
    assert ranking["ballots"] == len(ranking["rows"])
    assert client.get("/api/proposals/units/s1a/summary").json()["projects"] == 0
    assert client.get("/api/proposals/units/s1a/summary", {"edition": "pilot"}).json()["projects"] == 5
    assert client.get("/api/proposals/units/s1a/figures", {"edition": "pilot"}).json()["total"] == 6
    client.force_login(two["users"]["officer_s1"])
    actions = client.get("/api/me/actions", {"edition": "pilot"}).json()
    assert actions and all(not a["allowed"] for a in actions if a["action"] == "set_quotas")
