"""Pages: Chinese by default, English on request, role home pages, public edition and ledger."""

import pytest
from django.urls import reverse

from xihu.apps.accounts.models import User
from xihu.apps.ledger.selectors import ledger_head

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(User.objects.get(username=username))


def test_home_is_chinese_by_default_even_for_english_browsers(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert "居民决定钱怎么花" in html and 'lang="zh-CN"' in html


def test_language_switch_to_english_and_back(client, demo):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Residents decide how the money is spent" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "居民决定钱怎么花" in client.get("/").content.decode()


def test_public_edition_page_shows_units_budgets_timeline_and_ledger_head(client, demo):
    html = client.get(reverse("web:edition", args=[demo.slug])).content.decode()
    for text in ["2017-18 幸福微实事", "象山社区", "下湾社区", "广润门街道", "南浦街道",
                 "300,000元", "1,000,000元", "2018-02-03 17:00", "项目提议征集"]:
        assert text in html, text
    assert ledger_head().root_hash in html


def test_staff_home_lists_what_the_role_can_do_now(client, demo):
    login(client, "staff_xiangshan")
    html = client.get("/").content.decode()
    assert 'data-action="collect"' in html and "现在可用" in html
    # screening is refused now, with the stage as the reason
    assert 'data-action="screen"' in html and "当前阶段" in html


def test_expert_home_links_what_the_expert_reads(client, demo):
    login(client, "expert")
    html = client.get("/").content.decode()
    assert "只读" in html or "不能更改" in html
    for url in [reverse("results:overview", args=[demo.slug]), reverse("results:evaluation", args=[demo.slug]),
                reverse("web:ledger"), reverse("web:unit", args=["xiangshan"]),
                reverse("proposals:screen", args=[demo.slug, "xiawan"]),
                reverse("ballots:street", args=[demo.slug, "nanpu"])]:
        assert f'href="{url}"' in html, url


def test_community_page(client, demo):
    html = client.get(reverse("web:unit", args=["xiangshan"])).content.decode()
    assert "象山社区" in html and "6820" in html and "已授予" in html


def test_advance_refused_for_non_admin_and_button_hidden(client, demo):
    login(client, "street_nanpu")
    page = client.get(reverse("web:edition", args=[demo.slug])).content.decode()
    assert reverse("web:advance", args=[demo.slug]) not in page
    client.post(reverse("web:advance", args=[demo.slug]), {"confirm": "yes"})
    demo.refresh_from_db()
    assert demo.stage == "collection"


def test_admin_advances_from_the_page(client, demo):
    login(client, "admin")
    page = client.get(reverse("web:edition", args=[demo.slug])).content.decode()
    assert reverse("web:advance", args=[demo.slug]) in page
    response = client.post(reverse("web:advance", args=[demo.slug]), {"confirm": "yes"}, follow=True)
    demo.refresh_from_db()
    assert demo.stage == "screening"
    assert "本届已进入阶段" in response.content.decode()


def test_street_officer_grants_only_to_own_communities(client, demo):
    login(client, "street_nanpu")
    url = reverse("web:power_change", args=[demo.slug])
    from xihu.apps.editions.models import PowerGrant

    grant = PowerGrant.objects.get(grantee__code="xiangshan", power="collect", revoked_at=None)
    response = client.post(url, {"unit": "xiangshan", "grant": grant.pk, "confirm": "yes"}, follow=True)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert "您代表" in response.content.decode()


def test_ledger_page_and_hash_check(client, demo, django_assert_max_num_queries):
    from xihu.apps.ledger.selectors import ledger_entry_by_index

    head = ledger_head()
    entry = ledger_entry_by_index(head.size - 1)
    with django_assert_max_num_queries(8):  # the stored head: the page never walks the log
        html = client.get(reverse("web:ledger"), {"hash": entry.entry_hash}).content.decode()
    assert head.root_hash in html and f"{head.size}" in html and head.note.split("\n")[0] in html
    assert f"它是日志的第{head.size - 1}条记录" in html
    assert "日志中没有找到" in client.get(reverse("web:ledger"), {"hash": "0" * 64}).content.decode()
    assert client.get(reverse("web:ledger_entry", args=[head.size - 1])).status_code == 200
    assert client.get(reverse("web:ledger_entry", args=[head.size + 99])).status_code == 404


def test_csrf_is_enforced(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="admin"))
    assert client.post(reverse("web:advance", args=[demo.slug])).status_code == 403
