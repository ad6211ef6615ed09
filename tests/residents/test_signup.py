"""Sign-up by phone and one-time code: the code arrives through the gateway, is kept only as a
hash, works once, is throttled by django-axes when guessed, and is never logged."""

import logging
import re

import pytest

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.residents.models import PhoneCode, ResidentAccount
from xihu.apps.residents.phones import username_for

PHONE = "13912345678"


def _code(outbox, phone=PHONE) -> str:
    return outbox.messages(to=phone)[-1]["params"]["code"]


def _ask(client, phone=PHONE, language="zh-hans", address="203.0.113.5"):
    return client.post("/residents/signup/", {"phone": phone, "language": language},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_sign_up_with_the_code_sent_creates_the_account_and_logs_no_phone(client, outbox, caplog):
    caplog.set_level(logging.INFO, logger="xihu.residents.gateway")
    assert _ask(client, "+86 139 1234 5678").status_code == 302
    code = _code(outbox)
    assert re.fullmatch(r"\d{6}", code) and code in outbox.messages(to=PHONE)[-1]["text"]
    stored = PhoneCode.objects.get()
    assert code not in stored.code_hash and PHONE not in stored.phone_key
    assert code not in caplog.text and PHONE not in caplog.text and "139****5678" in caplog.text
    response = client.post("/residents/signup/code/", {"otp_token": code})
    assert response.status_code == 302 and response["Location"] == "/residents/"
    account = ResidentAccount.objects.get(phone=PHONE)
    assert account.user.username == username_for(PHONE) and not account.verified
    entry = LedgerEntry.objects.get(action="resident.signup")
    assert PHONE not in str(entry.payload) and PHONE not in entry.actor
    page = client.get("/residents/")
    assert page.status_code == 200 and "id=\"unverified\"" in page.content.decode()


@pytest.mark.django_db
def test_a_code_works_once_and_a_second_sign_in_finds_the_same_account(client, outbox):
    _ask(client)
    code = _code(outbox)
    assert client.post("/residents/signup/code/", {"otp_token": code}).status_code == 302
    client.logout()
    session = client.session
    session["residents_phone"] = PHONE
    session.save()
    again = client.post("/residents/signup/code/", {"otp_token": code})
    assert again.status_code == 200 and "验证码错误或已过期" in again.content.decode()
    _ask(client)
    assert client.post("/residents/signup/code/", {"otp_token": _code(outbox)}).status_code == 302
    assert ResidentAccount.objects.count() == 1
    assert client.get("/residents/").status_code == 200


@pytest.mark.django_db
def test_wrong_codes_are_refused_then_locked_out_by_axes(client, outbox, settings):
    settings.XIHU_LOGIN_MAX_FAILURES = 3
    _ask(client)
    right = _code(outbox)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(2):
        page = client.post("/residents/signup/code/", {"otp_token": wrong}, REMOTE_ADDR="203.0.113.5")
        assert page.status_code == 200
    locked = client.post("/residents/signup/code/", {"otp_token": wrong}, REMOTE_ADDR="203.0.113.5")
    assert locked.status_code == 429
    # even the right code is refused while locked, and no account is made
    assert client.post("/residents/signup/code/", {"otp_token": right},
                       REMOTE_ADDR="203.0.113.5").status_code == 429
    assert not ResidentAccount.objects.exists()
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get()
    assert right not in attempt.post_data and wrong not in attempt.post_data


@pytest.mark.django_db
def test_codes_are_rate_limited_per_phone(client, outbox, settings):
    settings.XIHU_CODE_RATE_PHONE = "2/h"
    for n in range(2):
        assert _ask(client, address=f"203.0.113.{n}").status_code == 302
    page = _ask(client, address="203.0.113.9")
    assert page.status_code == 200 and "太多" in page.content.decode()
    assert len(outbox.messages(to=PHONE)) == 2 and PhoneCode.objects.count() == 2


@pytest.mark.django_db
def test_codes_are_rate_limited_per_address_in_english(client, outbox, settings):
    settings.XIHU_CODE_RATE_ADDRESS = "2/h"
    client.cookies["django_language"] = "en"
    for n in range(2):
        assert _ask(client, phone=f"1391234567{n}").status_code == 302
    page = client.post("/residents/signup/", {"phone": "13912345679", "language": "en"},
                       REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Too many codes" in page.content.decode()
    assert outbox.messages(to="13912345679") == []


@pytest.mark.django_db
def test_a_number_that_is_not_a_mobile_number_is_refused(client, outbox):
    page = _ask(client, phone="12345")
    assert page.status_code == 200 and not PhoneCode.objects.exists() and outbox.messages() == []


@pytest.mark.django_db
def test_an_expired_code_is_refused(client, outbox):
    from datetime import timedelta

    from django.utils import timezone

    _ask(client)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.post("/residents/signup/code/", {"otp_token": _code(outbox)})
    assert page.status_code == 200 and "验证码错误或已过期" in page.content.decode()
    assert not ResidentAccount.objects.exists()


@pytest.mark.django_db
def test_a_resident_whose_account_is_deactivated_is_logged_out(client, outbox):
    """A phone login's session ends when its user is made inactive, as a password login's does."""
    from django.contrib.auth import get_user_model

    _ask(client)
    assert client.post("/residents/signup/code/", {"otp_token": _code(outbox)}).status_code == 302
    assert client.get("/residents/").status_code == 200
    get_user_model().objects.filter(username=username_for(PHONE)).update(is_active=False)
    page = client.get("/residents/")
    assert page.status_code == 302 and page["Location"].startswith("/residents/signup/"), page
