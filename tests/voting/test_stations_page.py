"""The stations page offers the community's own officers for a shift, by name (community staff
could not look usernames up anywhere), and today as the day."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.voting.conftest import set_stage
from xihu.apps.editions.stages import Stage
from xihu.apps.voting.models import Shift

pytestmark = pytest.mark.django_db


def test_a_shift_is_given_to_one_of_the_communitys_officers(client, tree, edition, people, station):
    set_stage(edition, Stage.QUOTA)
    url = reverse("voting:stations", args=[edition.slug, "s1a"])
    client.force_login(people["staff"])
    page = client.get(url).content.decode()
    options = page.split('<select name="officer"')[1].split("</select>")[0]
    for who in ("officer", "officer2", "staff"):
        assert f'value="{people[who].username}"' in options
    assert people["stranger"].username not in options and people["counter"].username not in options
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
    client.post(reverse("voting:shift_add", args=[edition.slug, "s1a", station.pk]),
                {"officer": people["officer"].username, "day": f"{timezone.localdate():%Y-%m-%d}"})
    assert Shift.objects.filter(station=station, officer=people["officer"]).exists()
