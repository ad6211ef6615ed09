"""Pages: public results without login; count, confirmation pages with object-level checks."""

import pytest
from django.urls import reverse

from xihu.apps.results import services

pytestmark = pytest.mark.django_db


def test_public_results_need_no_login(client, people, edition, counted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.result_confirm(ballot=counted["community"], winners=[2, 3], actor=people["officer"],
                            reason="厕所选址与市政项目重复，改为楼道灯。")
    page = client.get(reverse("results:unit", args=[edition.slug, "s1a"]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("公共厕所", "街道改变了计算结果", "厕所选址与市政项目重复",
                 "分配权在居民手中", 'class="bars"', "投票率", "0.8%"):
        assert text in html, text
    overview = client.get(reverse("results:overview", args=[edition.slug]))
    assert overview.status_code == 200 and "s1a" in overview.content.decode()
    assert client.get("/results/").status_code == 302  # the old unscoped page redirects
    assert client.get(reverse("results:unit", args=[edition.slug, "s1"])).status_code == 200
    evaluation = client.get(reverse("results:evaluation", args=[edition.slug]))
    assert evaluation.status_code == 200
    download = client.get(reverse("results:export", args=[edition.slug]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert len(list((tmp_path / "exports").iterdir())) == 1  # built once per ledger head
    client.get(reverse("results:export", args=[edition.slug]))
    assert len(list((tmp_path / "exports").iterdir())) == 1


def test_session_page_is_public_and_forms_only_for_members(client, tree, people, edition, voted):
    session = services.count_session_open(edition=edition, community=tree["s1a"], counters=[],
                                          scrutineers=[people["scrutineer"]], actor=people["counter"])
    url = reverse("results:session", args=[edition.slug, session.pk])
    anonymous = client.get(url).content.decode()
    assert "A1" in anonymous and "close-session" not in anonymous
    client.force_login(people["scrutineer"])
    assert "close-session" in client.get(url).content.decode()


def test_count_page_and_open_form(client, tree, people, edition, voted):
    client.force_login(people["counter"])
    url = reverse("results:count", args=[edition.slug, "s1a"])
    assert 'id="open-session"' in client.get(url).content.decode()
    response = client.post(reverse("results:session_open", args=[edition.slug, "s1a"]),
                           {"scrutineers": [people["scrutineer"].pk], "place": "社区活动室"})
    assert response.status_code == 302 and "/sessions/" in response["Location"]
    client.force_login(people["other_staff"])
    response = client.post(reverse("results:session_open", args=[edition.slug, "s1b"]),
                           {"scrutineers": [people["scrutineer"].pk]})
    assert response.status_code == 302  # refused with reasons, nothing opened for s1b
    from xihu.apps.results.models import CountSession

    assert not CountSession.objects.filter(community=tree["s1b"]).exists()


def test_typed_total_explain_sign_and_close_through_the_pages(client, tree, people, edition, voted):
    client.force_login(people["counter"])
    client.post(reverse("results:session_open", args=[edition.slug, "s1a"]), {"scrutineers": [people["scrutineer"].pk]})
    from xihu.apps.results.models import CountSession

    session = CountSession.objects.get()
    client.post(reverse("results:typed_total", args=[edition.slug, session.pk]),
                {"ballot": voted["community"].pk, "item": 1, "value": 4})
    typed = session.typed_totals.get()
    assert not typed.matches
    client.post(reverse("results:explain", args=[edition.slug, session.pk]),
                {"key": f"typed:{typed.pk}", "text": "点票员录入错误，以选票记录为准。"})
    client.force_login(people["scrutineer"])
    for box in (voted["a1"], voted["m1"]):
        client.post(reverse("results:sign_box", args=[edition.slug, session.pk, box.pk]))
    client.post(reverse("results:close", args=[edition.slug, session.pk]), {"confirm": "yes"})
    session.refresh_from_db()
    assert hasattr(session, "close")


def test_confirm_page_is_for_the_streets_officer_only(client, people, edition, counted):
    url = reverse("results:confirm", args=[edition.slug, "s1"])
    client.force_login(people["officer2"])
    assert client.get(url).status_code == 403
    client.force_login(people["officer"])
    page = client.get(url)
    assert page.status_code == 200 and 'class="card confirm"' in page.content.decode()
    client.post(reverse("results:confirm_ballot", args=[edition.slug, counted["community"].pk]), {"winners": [1, 3]})
    from xihu.apps.results.models import Confirmation

    assert Confirmation.objects.get(ballot=counted["community"]).deviates is False


def test_home_page_links_to_the_count(client, tree, people, edition, voted):
    client.force_login(people["counter"])
    html = client.get("/").content.decode()
    assert reverse("results:count", args=[edition.slug, "s1a"]) in html


def test_closing_a_count_needs_the_confirmation_step(client, tree, people, edition, voted):
    session = services.count_session_open(edition=edition, community=tree["s1a"],
                                          counters=[people["counter"]],
                                          scrutineers=[people["scrutineer"]], actor=people["counter"])
    for box in (voted["a1"], voted["m1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    client.force_login(people["scrutineer"])
    url = reverse("results:close", args=[edition.slug, session.pk])
    assert f'href="{url}"' in client.get(reverse("results:session", args=[edition.slug, session.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "s1a" in page and "2个票箱" in page and "此操作不可撤销" in page
    refused = client.post(url, follow=True)
    session.refresh_from_db()
    assert not hasattr(session, "close")
    assert "未做任何更改" in refused.content.decode()
    client.post(url, {"confirm": "yes"})
    session.refresh_from_db()
    assert hasattr(session, "close")
