"""Issue 14, point 13: the voter's tablet is a screen for the voter alone (no officer header,
no log-out, no menu), and nothing is cast until the voter has reviewed the choices and
confirmed; the review can go back to change them."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from tests.voting.conftest import MONDAY_NOON, id_number
from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, SpentToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def tablet_url(client, people, box, on_shift, ballots):
    client.force_login(people["officer"])  # the officer stays logged in on the shared device
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        response = client.post(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), {
            "box": box.pk, "name": "乙", "basis": "work", "proof": "work_card", "mode": "electronic",
            "id_number": id_number(MONDAY_NOON.date().replace(year=1980), 5), "kinds": ["community", "street"]})
        assert response.status_code == 302
        yield response["Location"]


def _officer_traces(html: str, people) -> list[str]:
    traces = {"log-out form": reverse("accounts:logout"), "main menu": 'class="main-menu"',
              "officer's name": people["officer"].username, "log-out word": "退出"}
    return [what for what, text in traces.items() if text in html]


def test_the_tablet_shows_nothing_of_the_officer(client, tablet_url, people):
    page = client.get(tablet_url).content.decode()
    assert "s1a p1" in page
    assert _officer_traces(page, people) == []
    review = client.post(tablet_url, {}).content.decode()
    assert _officer_traces(review, people) == []


def test_nothing_is_cast_before_the_voter_confirms(client, tablet_url, ballots, people):
    community, street = ballots["community"], ballots["street"]
    marks = {f"ballot-{community.pk}": ["2", "5"]}
    review = client.post(tablet_url, marks).content.decode()
    assert (SpentToken.objects.count(), BallotEnvelope.objects.count(), BallotReceipt.objects.count()) == (0, 0, 0)
    assert "receipt-code" not in review and 'id="cast"' in review and 'id="change"' in review
    card = review.split(f'id="review-{community.pk}"')[1].split("</section>")[0]
    assert re.findall(r"<li>(\d+)\. ", card) == ["2", "5"]
    assert "空白票" in review.split(f'id="review-{street.pk}"')[1].split("</section>")[0]
    again = client.post(tablet_url, {**marks, "change": "1"}).content.decode()  # back to marking
    checked = re.findall(rf'name="ballot-{community.pk}" value="(\d+)" checked', again)
    assert checked == ["2", "5"] and SpentToken.objects.count() == 0
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        done = client.post(tablet_url, {**marks, "confirm": "1"}).content.decode()
    assert "receipt-code" in done and _officer_traces(done, people) == []
    assert (SpentToken.objects.count(), BallotEnvelope.objects.count(), BallotReceipt.objects.count()) == (1, 1, 2)
    assert client.post(tablet_url, marks).status_code == 400  # spent: no second review


def test_the_review_warns_of_an_invalid_ballot(client, tablet_url, ballots):
    community = ballots["community"]
    review = client.post(tablet_url, {f"ballot-{community.pk}": ["1", "2", "3", "4", "5", "6"]}).content.decode()
    card = review.split(f'id="review-{community.pk}"')[1].split("</section>")[0]
    assert 'class="over"' in card and "无效" in card
