"""The pages: object-level refusals, registration and the tablet, seals, paper entry, public."""

import json
from datetime import datetime
from unittest import mock

import pytest
from django.urls import reverse

from tests.voting.conftest import CST, MONDAY_NOON, id_number, set_stage
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.voting.models import CastBallot, Registration, Seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_noon():
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        yield


def _login(client, user):
    client.force_login(user)
    return client


def test_another_communitys_officer_gets_403(client, people, box, tree):
    _login(client, people["stranger"])
    for name in ("desk", "paper"):
        response = client.get(reverse(f"voting:{name}", kwargs={"edition": "pilot", "unit": "s1a"}))
        assert response.status_code == 403
    assert client.get(reverse("voting:stations", kwargs={"edition": "pilot", "unit": "s1a"})).status_code == 403


def test_anonymous_is_sent_to_log_in(client, box):
    response = client.get(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_register_on_the_desk_then_vote_on_the_tablet(client, people, box, on_shift, resident, ballots,
                                                       at_noon, seal_box):
    _login(client, people["officer"])
    page = client.get(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), {"name": "张"})
    assert "张三" in page.content.decode()
    response = client.post(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), {
        "box": box.pk, "resident": resident.pk, "name": "张三", "id_number": id_number(resident.birth_date),
        "basis": "register", "proof": "", "kinds": ["community", "street"], "mode": "electronic",
    })
    assert response.status_code == 302 and "/tablet/" in response["Location"]
    assert Registration.objects.count() == 2
    tablet_url = response["Location"]
    client.logout()
    page = client.get(tablet_url)
    assert page.status_code == 200 and "s1a p1" in page.content.decode()
    done = client.post(tablet_url, {f"ballot-{ballots['community'].pk}": ["1", "4"],
                                    f"ballot-{ballots['street'].pk}": [], "confirm": "1"})
    assert done.status_code == 200 and "receipt-code" in done.content.decode()
    assert client.post(tablet_url, {}).status_code == 400  # the token is spent
    seal_box()  # the box's ballots are written when it is sealed
    assert sorted(CastBallot.objects.values_list("status", flat=True)) == ["blank", "valid"]


def test_double_registration_on_the_desk_shows_the_refusal(client, people, box, on_shift, resident, ballots,
                                                           at_noon):
    _login(client, people["officer"])
    data = {"box": box.pk, "resident": resident.pk, "name": "张三", "id_number": id_number(resident.birth_date),
            "basis": "register", "kinds": ["community", "street"], "mode": "paper"}
    client.post(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), data)
    again = client.post(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), data, follow=True)
    assert "2018-01-29 12:00" in again.content.decode()
    assert Registration.objects.count() == 2


def test_seal_with_a_cosigning_officer(client, people, box, at_noon):
    people["officer2"].set_password("pw2")
    people["officer2"].save()
    _login(client, people["officer"])
    url = reverse("voting:seal", kwargs={"edition": "pilot", "unit": "s1a", "box": box.pk})
    prefix = f"box{box.pk}-"
    client.post(url, {prefix + "seal_number": "S1", prefix + "paper_in_box": "0",
                      prefix + "cosigner": "officer_a2", prefix + "cosigner_password": "wrong"})
    assert not Seal.objects.exists()
    client.post(url, {prefix + "seal_number": "S1", prefix + "paper_in_box": "0",
                      prefix + "cosigner": "officer_a2", prefix + "cosigner_password": "pw2"})
    seal = Seal.objects.get()
    assert (seal.officer_a, seal.officer_b, seal.seal_number) == (people["officer"], people["officer2"], "S1")
    page = client.get(reverse("voting:stations", kwargs={"edition": "pilot", "unit": "s1a"}))
    assert "S1" in page.content.decode()


def test_paper_entry_and_adjudication_pages(client, people, box, ballots, edition):
    set_stage(edition, "counting")
    people["scrutineer"].set_password("pw3")
    people["scrutineer"].save()
    sheet = sheet_id(ballots["community"].pk, 7)
    url = reverse("voting:paper", kwargs={"edition": "pilot", "unit": "s1a"})
    _login(client, people["counter"])
    assert "s1a p3" in client.get(url, {"box": box.pk, "sheet": sheet}).content.decode()
    client.post(url, {"box": box.pk, "sheet": sheet, "marks": ["1", "3"]})
    _login(client, people["counter2"])
    client.post(url, {"box": box.pk, "sheet": sheet, "marks": ["1"]})
    page = client.get(url)
    assert sheet in page.content.decode()
    adjudicate = reverse("voting:adjudicate", kwargs={"edition": "pilot", "unit": "s1a", "sheet": sheet})
    shown = client.get(adjudicate).content.decode()
    assert "1, 3" in shown and "counter_a" in shown
    client.post(adjudicate, {"choices": ["1", "3"], "note": "两个记号都清楚", "cosigner": "scrutineer_a",
                             "cosigner_password": "pw3"})
    assert CastBallot.objects.get().choices == [1, 3]


def test_public_figures_and_record_need_no_login(client, registered, ballots, edition):
    registered()
    page = client.get(reverse("voting:public", kwargs={"edition": "pilot"}))
    assert page.status_code == 200 and "s1a" in page.content.decode()
    record = json.loads(client.get(reverse("voting:export", kwargs={"edition": "pilot"})).content)
    assert record["edition"] == "pilot" and record["cast_ballots"] == []
    assert client.get(reverse("voting:receipt", kwargs={"edition": "pilot"}), {"code": "AAAA"}).status_code == 200


def test_tablet_with_a_bad_token_is_refused(client, box):
    assert client.get(reverse("voting:tablet", kwargs={"edition": "pilot", "token": "nonsense"})).status_code == 400


def test_after_the_close_the_desk_refuses(client, people, box, on_shift, resident, ballots):
    _login(client, people["officer"])
    with mock.patch("django.utils.timezone.now", return_value=datetime(2018, 2, 3, 17, 1, tzinfo=CST)):
        response = client.post(reverse("voting:desk", kwargs={"edition": "pilot", "unit": "s1a"}), {
            "box": box.pk, "resident": resident.pk, "name": "张三",
            "id_number": id_number(resident.birth_date), "basis": "register", "kinds": ["community"],
            "mode": "paper"}, follow=True)
    assert not Registration.objects.exists()
    assert "17:00" in response.content.decode()


def test_the_record_is_published_in_pages_by_random_id(client, registered, ballots, monkeypatch, seal_box):
    from xihu.apps.voting import record
    from xihu.apps.voting.services import ballot_cast_electronic

    token = registered(mode="electronic").token
    ballot_cast_electronic(token=token, marks={ballots["community"].pk: [1]}, now=MONDAY_NOON)
    seal_box()
    monkeypatch.setattr(record, "RECORD_PAGE", 1)
    url = reverse("voting:export", kwargs={"edition": "pilot"})
    first = json.loads(client.get(url).content)
    assert len(first["cast_ballots"]) == 1 and len(first["receipts"]) == 1 and first["page_size"] == 1
    second = json.loads(client.get(first["next"]).content)
    assert second["cast_ballots"][0]["id"] > first["cast_ballots"][0]["id"]
    assert second["receipts"][0]["receipt_hash"] > first["receipts"][0]["receipt_hash"]
