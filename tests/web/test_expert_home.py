"""Issue 14, point 17: the expert's home page links what the expert can read (the evaluation,
the abuse dashboard, the results, the ledger), each link opening for the expert; after the last
stage the admin is not offered to move to a next one."""

import re

import pytest
from django.urls import reverse

from xihu.apps.accounts.models import User
from xihu.apps.editions.models import Edition

pytestmark = pytest.mark.django_db


def _reading_links(html: str) -> list[str]:
    card = html.split('id="reading"')[1].split("</section>")[0]
    return re.findall(r'<a href="([^"]+)"', card.split("<details>")[0])


def test_the_expert_home_links_what_the_expert_reads(client, demo):
    client.force_login(User.objects.get(username="expert"))
    links = _reading_links(client.get("/").content.decode())
    for name in ("insights:evaluation", "insights:dashboard", "results:overview", "results:evaluation"):
        assert reverse(name, args=[demo.slug]) in links, name
    assert reverse("web:ledger") in links
    for url in links:
        if url.endswith(".zip"):
            continue
        assert client.get(url).status_code == 200, url


def test_after_the_last_stage_the_admin_is_offered_no_next_stage(client, demo):
    Edition.objects.filter(pk=demo.pk).update(stage="implementation")
    client.force_login(User.objects.get(username="admin"))
    html = client.get("/").content.decode()
    row = html.split('data-action="advance_stage"')[1].split("</li>")[0]
    assert "现在可用" not in row and "href=" not in row.split("</strong>")[0]
    edition_page = client.get(reverse("web:edition", args=[demo.slug])).content.decode()
    assert 'id="advance-link"' not in edition_page
