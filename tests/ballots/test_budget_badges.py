"""Issue 14, point 19: budget badges show thousands separators ("预算 300,000 元")."""

import re

import pytest
from django.urls import reverse

from tests.ballots.helpers import ranked_world

pytestmark = pytest.mark.django_db


def test_budget_badges_have_thousands_separators(client, world):
    ranked = ranked_world(world)
    client.force_login(ranked["users"]["officer_s1"])
    page = client.get(reverse("ballots:street", args=["pilot", "s1"])).content.decode()
    badges = re.findall(r'<span class="badge no">预算 ([\d,]+) 元</span>', page)
    assert badges and all("," in b for b in badges if len(b.replace(",", "")) > 3), badges
