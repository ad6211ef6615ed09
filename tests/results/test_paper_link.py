"""Counters reach the paper entry from the count page: in the counting stage the voting pages
that linked it (the desk, the stations) are shut to them, so the count page links it."""

import pytest
from django.urls import reverse

from xihu.apps.editions.stages import Stage

pytestmark = pytest.mark.django_db


def test_the_count_page_links_the_paper_entry_for_counters_only(client, edition, tree, people):
    from tests.results.conftest import set_stage

    set_stage(edition, Stage.COUNTING)
    count = reverse("results:count", args=[edition.slug, "s1a"])
    paper = reverse("voting:paper", args=[edition.slug, "s1a"])
    assert paper not in client.get(count).content.decode()  # the public sees the count, not the entry
    client.force_login(people["counter"])
    assert f'href="{paper}"' in client.get(count).content.decode()
    assert client.get(paper).status_code == 200
