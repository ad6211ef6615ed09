"""Issue 14, points 12 and 14: the desk offers only the ballots that exist for the voter's unit
(a community whose street has no frozen ballot gets no street ballot ticked by default), a
refusal names the ballot kind in words, and a station's name is labelled as a station name."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.voting.conftest import MONDAY_NOON, OPENS, frozen_ballot, id_number
from xihu.apps.voting import services
from xihu.apps.voting.models import Registration
from xihu.apps.voting.services.common import ballots_for
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def lone_community(edition, tree, admin):
    """Community s2a has a frozen community ballot; its street s2 has none."""
    frozen_ballot(edition, tree["s2a"], "community", admin)
    staff = make_user("community_staff", tree["s2a"], "staff_2a")
    officer = make_user("station_officer", tree["s2a"], "officer_2a")
    station = services.station_create(edition=edition, community=tree["s2a"], kind="fixed", name="二社区",
                                      actor=staff)
    box = services.box_create(station=station, code="1", actor=staff)
    services.shift_add(station=station, officer=officer, day=MONDAY_NOON.date(), actor=staff)
    return {"officer": officer, "box": box, "community": tree["s2a"]}


def _kind_inputs(html: str) -> dict[str, bool]:
    return {
        value: "checked" in tag
        for tag in re.findall(r'<input[^>]*name="kinds"[^>]*>', html)
        for value in re.findall(r'value="(\w+)"', tag)}


def test_the_desk_offers_only_the_ballots_that_exist(client, edition, lone_community):
    client.force_login(lone_community["officer"])
    url = reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s2a"})
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        page = client.get(url).content.decode()
        assert _kind_inputs(page) == {"community": True}
        response = client.post(url, {"box": lone_community["box"].pk, "name": "乙", "basis": "work",
                                     "proof": "work_card", "kinds": ["community"], "mode": "paper",
                                     "id_number": id_number(OPENS.date().replace(year=1980), 7)})
    assert response.status_code == 302
    assert list(Registration.objects.values_list("ballot_kind", flat=True)) == ["community"]


def test_a_community_with_both_ballots_gets_both_ticked(client, people, box, on_shift):
    client.force_login(people["officer"])
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        page = client.get(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"})).content.decode()
    assert _kind_inputs(page) == {"community": True, "street": True}


def test_a_missing_ballot_is_named_in_words(edition, lone_community):
    with pytest.raises(Refused) as refused:
        ballots_for(edition, lone_community["community"], ("community", "street"))
    message = str(refused.value)
    assert "街道票" in message and "street" not in message, message


def test_a_stations_name_is_labelled_as_a_station_name(client, people, station):
    client.force_login(people["staff"])
    page = client.get(reverse("voting:stations", args=["pilot", "s1a"])).content.decode()
    label = re.search(r'<label for="id_name"[^>]*>([^<]*)</label>', page)
    assert label and label.group(1).strip().rstrip(":：") == "投票站名称", label and label.group(0)
