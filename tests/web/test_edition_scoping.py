"""Many editions side by side: every stage page carries its edition in its URL, so creating the
next edition leaves the earlier edition's pages exactly as they were, and the new edition's
pages show their own (empty) state."""

import re

import pytest
from django.urls import reverse

from tests.web.builders import full_edition
from xihu.apps.editions.services import edition_create

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main_html(response) -> str:
    """What the page shows (its <main>), without the per-request CSRF token."""
    html = response.content.decode()
    start, end = html.find("<main"), html.find("</main>")
    return CSRF.sub("", html[start:end] if start >= 0 else html)


def public_pages(w) -> dict[str, str]:
    """url name -> the text the earlier edition's page must show (so the test cannot pass on two
    empty pages)."""
    e, s1a = w["edition"].slug, "s1a"
    project = w["proposals"][0].links.get().project_id
    return {
        reverse("proposals:propose_public", args=[e]): "s1a",
        reverse("proposals:summary", args=[e, s1a]): "小广场增设健身器材",
        reverse("proposals:figures", args=[e, s1a]): "共征集 6 条提议",
        reverse("proposals:project", args=[e, project]): w["proposals"][0].receipt_code,
        reverse("proposals:receipt", args=[e]) + f"?code={w['proposals'][-1].receipt_code}": "由水务局负责",
        reverse("assemblies:index", args=[e]): "社区活动中心",
        reverse("assemblies:unit", args=[e, s1a]): "社区活动中心",
        reverse("assemblies:ranking", args=[e, s1a]): "公共厕所太旧",
        reverse("assemblies:projector", args=[e, s1a]): "公共厕所太旧",
        reverse("ballots:index", args=[e]): w["ballot"].fingerprint[:16],
        reverse("ballots:ballot", args=[e, w["ballot"].pk]): w["ballot"].fingerprint,
        reverse("voting:public", args=[e]): "社区办公室",
        reverse("results:overview", args=[e]): "s1a",
        reverse("results:unit", args=[e, s1a]): "3栋楼道灯坏了",
        reverse("results:unit", args=[e, "s1"]): "s1a",
        reverse("results:evaluation", args=[e]): "s1a",
        reverse("results:count", args=[e, s1a]): f"#{w['session'].pk}",
        reverse("results:session", args=[e, w["session"].pk]): "A1",
        reverse("results:item", args=[e, w["funded"].pk]): "开工",
    }


def staff_pages(w) -> dict[str, str]:
    """Pages the expert reads (staff pages of every unit)."""
    e = w["edition"].slug
    return {
        reverse("proposals:screen", args=[e, "s1a"]): "修好小区大门的门禁",
        reverse("proposals:review", args=[e, "s1"]): "由水务局负责",
        reverse("assemblies:seating", args=[e, "s1a"]): "host0",
        reverse("assemblies:attendees", args=[e, "s1a"]): "居民7",
        reverse("ballots:street", args=[e, "s1"]): "小广场增设健身器材",
    }


def snapshot(client, urls) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        pages[url] = main_html(response)
    return pages


def test_earlier_edition_pages_unchanged_after_the_next_edition_is_created(client):
    w = full_edition()
    public, staff = public_pages(w), staff_pages(w)
    before = snapshot(client, public)
    for url, text in public.items():
        assert text in before[url], (url, text)
    client.force_login(w["users"]["expert"])
    before_staff = snapshot(client, staff)
    for url, text in staff.items():
        assert text in before_staff[url], (url, text)
    client.logout()

    edition_create(district=w["units"]["d"], name="下一届", name_en="Next", slug="next",
                   actor=w["users"]["admin"])

    assert snapshot(client, public) == before
    client.force_login(w["users"]["expert"])
    assert snapshot(client, staff) == before_staff
    # the export of the published record is the same too
    record = reverse("voting:export", args=["pilot"])
    assert client.get(record).json()["cast_ballots"] and client.get(record).json()["edition"] == "pilot"


def test_the_new_editions_pages_show_their_own_empty_state(client):
    w = full_edition()
    edition_create(district=w["units"]["d"], name="下一届", name_en="Next", slug="next",
                   actor=w["users"]["admin"])
    client.force_login(w["users"]["expert"])
    earlier = {**public_pages(w), **staff_pages(w)}
    data = set(earlier.values())
    by_pk = ("/projects/", "/ballot/", "/sessions/", "receipt/?code=")
    for url in earlier:
        new_url = url.replace("/editions/pilot/", "/editions/next/")
        response = client.get(new_url)
        if any(part in url for part in by_pk):
            # objects of the earlier edition are not found under the new one
            if "receipt/?code=" in url:  # a receipt code goes to its own edition's page
                assert response.status_code == 302 and "/editions/pilot/" in response["Location"]
            else:
                assert response.status_code == 404, new_url
            continue
        if "/ranking/" in url or "/projector/" in url or "/seating/" in url or "/attendees/" in url:
            assert response.status_code == 404, new_url  # no assembly scheduled in the new edition
            continue
        assert response.status_code == 200, (new_url, response.status_code)
        html = main_html(response)
        leaked = [text for text in data if text in html and text not in ("s1a",)]
        assert not leaked, (new_url, leaked)
    record = client.get(reverse("voting:export", args=["next"])).json()
    assert record["edition"] == "next" and record["cast_ballots"] == []


def test_unknown_edition_is_a_404_in_the_readers_language(client):
    full_edition()
    response = client.get("/editions/nope/proposals/")
    assert response.status_code == 404


def test_objects_and_units_must_belong_to_the_urls_edition(client):
    from xihu.apps.organisation.models import Unit
    from xihu.apps.voting.tablet import issue_token

    w = full_edition()
    edition_create(district=w["units"]["d"], name="下一届", name_en="Next", slug="next",
                   actor=w["users"]["admin"])
    client.force_login(w["users"]["expert"])
    other_district = Unit.objects.create(code="far", kind="district", name="远区")
    Unit.objects.create(code="far1", kind="street", name="远街", parent=other_district)
    for url in ["/editions/pilot/results/far1/", "/editions/pilot/proposals/far1/figures/",
                f"/editions/next/results/projects/{w['funded'].pk}/",
                f"/editions/next/ballots/ballot/{w['ballot'].pk}/",
                f"/editions/next/results/sessions/{w['session'].pk}/"]:
        assert client.get(url).status_code == 404, url
    token = issue_token(ballot_pks=[w["ballot"].pk], box_pk=w["box"].pk)
    assert client.get(f"/editions/next/voting/tablet/{token}/").status_code == 400
    client.force_login(w["users"]["officer_s1"])
    response = client.post(f"/editions/next/results/confirm/ballot/{w['ballot'].pk}/", {"winners": [1]})
    assert response.status_code == 404
