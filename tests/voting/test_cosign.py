"""Co-signatures are no password oracle (audit of issue 12): roles are checked before any password,
and a wrong password counts and locks out like a failed login (django-axes)."""

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import make_user
from tests.voting.conftest import MONDAY_NOON, set_stage
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.voting.models import CastBallot, Seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_noon():
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        yield


@pytest.fixture
def victim(people):
    people["officer2"].set_password("Victim-Password-1")
    people["officer2"].save()
    return people["officer2"]


def seal_post(client, box, name, password):
    prefix = f"box{box.pk}-"
    return client.post(reverse("voting:seal", kwargs={"edition": box.station.edition.slug, "unit": "s1a", "box": box.pk}), {
        prefix + "seal_number": "S1", prefix + "paper_in_box": "0",
        prefix + "cosigner": name, prefix + "cosigner_password": password}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_resident_cannot_test_passwords_on_a_seal_form(client, tree, box, victim, at_noon):
    """Audit: CoSignedForm authenticated the co-signer before any role check."""
    resident = make_user("resident", tree["s1a"], "resident1")
    client.force_login(resident)
    with mock.patch("xihu.apps.accounts.cosign.authenticate") as authenticate:
        right = seal_post(client, box, "officer_a2", "Victim-Password-1")
        wrong = seal_post(client, box, "officer_a2", "nope")
    authenticate.assert_not_called()
    assert messages_of(right) == messages_of(wrong) != []
    assert not Seal.objects.exists()


def test_a_cosigner_without_the_role_is_refused_before_the_password(client, people, box, at_noon):
    stranger = people["stranger"]  # a station officer of another community
    stranger.set_password("Stranger-Password-1")
    stranger.save()
    client.force_login(people["officer"])
    with mock.patch("xihu.apps.accounts.cosign.authenticate") as authenticate:
        response = seal_post(client, box, "officer_b", "Stranger-Password-1")
    authenticate.assert_not_called()
    assert any("officer" not in m and "s1a" in m for m in messages_of(response))
    assert AccessAttempt.objects.get(username="officer_b").failures_since_start == 1
    assert not Seal.objects.exists()


def test_wrong_cosigner_passwords_count_and_lock_out_like_logins(client, people, box, victim):
    # real time: django-axes' records and windows must agree on the clock
    client.force_login(people["officer"])
    client.cookies["django_language"] = "en"
    for attempt in range(4):
        response = seal_post(client, box, "officer_a2", f"guess{attempt}")
        assert "The second person's user name or password is wrong." in messages_of(response)
    locked = seal_post(client, box, "officer_a2", "guess5")
    assert locked.status_code == 429
    again = seal_post(client, box, "officer_a2", "Victim-Password-1")
    assert again.status_code == 429 and not Seal.objects.exists()
    client.logout()
    login = client.post("/accounts/login/", {"username": "officer_a2", "password": "Victim-Password-1"})
    assert login.status_code == 429, "the login page sees the same lockout"


def test_a_full_width_cosigner_name_counts_against_the_same_account(client, people, box, victim):
    client.force_login(people["officer"])
    seal_post(client, box, "ｏｆｆｉｃｅｒ＿ａ２", "guess")
    seal_post(client, box, "officer_a2 ", "guess")
    assert AccessAttempt.objects.get(username="officer_a2").failures_since_start == 2


def test_the_right_cosigner_still_seals(client, people, box, victim, at_noon):
    client.force_login(people["officer"])
    seal_post(client, box, "officer_a2", "Victim-Password-1")
    seal = Seal.objects.get()
    assert (seal.officer_a, seal.officer_b) == (people["officer"], people["officer2"])


def test_the_adjudication_form_checks_the_scrutineer_role_first(client, people, box, ballots, edition):
    set_stage(edition, "counting")
    people["scrutineer"].set_password("Scrutineer-Password-1")
    people["scrutineer"].save()
    people["counter2"].set_password("Counter-Password-1")
    people["counter2"].save()
    sheet = sheet_id(ballots["community"].pk, 7)
    url = reverse("voting:paper", kwargs={"edition": edition.slug, "unit": "s1a"})
    client.force_login(people["counter"])
    client.post(url, {"box": box.pk, "sheet": sheet, "marks": ["1", "3"]})
    client.force_login(people["counter2"])
    client.post(url, {"box": box.pk, "sheet": sheet, "marks": ["1"]})
    client.force_login(people["counter"])
    adjudicate = reverse("voting:adjudicate", kwargs={"edition": edition.slug, "unit": "s1a", "sheet": sheet})
    data = {"choices": ["1", "3"], "note": "两个记号都清楚"}
    with mock.patch("xihu.apps.accounts.cosign.authenticate") as authenticate:
        not_a_scrutineer = client.post(adjudicate, {**data, "cosigner": "counter_a2",
                                                    "cosigner_password": "Counter-Password-1"})
    authenticate.assert_not_called()
    assert not_a_scrutineer.status_code == 200 and not CastBallot.objects.exists()
    wrong = client.post(adjudicate, {**data, "cosigner": "scrutineer_a", "cosigner_password": "x"})
    assert wrong.status_code == 200 and not CastBallot.objects.exists()
    assert AccessAttempt.objects.get(username="scrutineer_a").failures_since_start == 1
    client.post(adjudicate, {**data, "cosigner": "scrutineer_a", "cosigner_password": "Scrutineer-Password-1"})
    assert CastBallot.objects.get().choices == [1, 3]
