"""Production-grade passwords and sessions: validators, re-authentication before irreversible
acts, and the one-time set-password link as a guarded way in."""

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_user
from xihu.apps.accounts import services
from xihu.apps.accounts.reauth import SESSION_KEY
from xihu.apps.editions.models import Edition, StageChange

pytestmark = pytest.mark.django_db


def test_weak_passwords_are_refused():
    """Audit: validate_password('1') passed in production."""
    for weak in ("1", "12345678901", "password123", "xihu"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Long-Enough-Pass-7")


def _stale(client) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 16 * 60
    session.save()


def test_advancing_a_stage_asks_for_the_password_again(client, admin, edition):
    admin.set_password("Admin-Password-1")
    admin.save()
    client.post("/accounts/login/", {"username": "admin", "password": "Admin-Password-1"})
    _stale(client)
    page = reverse("web:edition", args=[edition.slug])
    advance = reverse("web:advance", args=[edition.slug])
    held = client.post(advance, {"confirm": "yes"}, HTTP_REFERER=f"http://testserver{page}")
    assert held.status_code == 302 and held.url.startswith(reverse("accounts:reauth"))
    assert not StageChange.objects.filter(edition=edition).exclude(from_stage="").exists()
    assert Edition.objects.get(pk=edition.pk).stage == edition.stage
    form = client.get(held.url)
    assert form.status_code == 200 and "无法撤销" in form.content.decode()
    wrong = client.post(reverse("accounts:reauth"), {"password": "nope", "next": page})
    assert wrong.status_code == 400 and AccessAttempt.objects.filter(username="admin").exists()
    right = client.post(reverse("accounts:reauth"), {"password": "Admin-Password-1", "next": page})
    assert right.status_code == 302 and right.url == page
    client.post(advance, {"confirm": "yes"})
    assert Edition.objects.get(pk=edition.pk).stage != edition.stage


def test_a_fresh_login_goes_straight_through(client, admin, edition):
    client.force_login(admin)
    client.post(reverse("web:advance", args=[edition.slug]), {"confirm": "yes"})
    assert Edition.objects.get(pk=edition.pk).stage != edition.stage


def test_the_confirm_page_sends_back_only_to_this_site(client, admin):
    client.force_login(admin)
    admin.set_password("Admin-Password-1")
    admin.save()
    client.force_login(admin)
    response = client.post(reverse("accounts:reauth"), {"password": "Admin-Password-1",
                                                        "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("web:home")


def test_the_set_password_link_applies_the_validators_and_does_not_log_in(client, tree, admin):
    person = make_user("counter", tree["s1a"], "cnt1")
    path = services.password_link_issue(user=person, actor=admin)
    form = client.get(path, follow=True)
    target = form.redirect_chain[-1][0]
    weak = client.post(target, {"new_password1": "1", "new_password2": "1"})
    assert weak.status_code == 200 and "密码太短" in weak.content.decode()
    done = client.post(target, {"new_password1": "Dian-Piao-2019", "new_password2": "Dian-Piao-2019"})
    assert done.status_code == 302 and "_auth_user_id" not in client.session


@override_settings(XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS=5)
def test_guessing_set_password_links_is_locked_out(client, tree, admin):
    person = make_user("counter", tree["s1a"], "cnt1")
    path = services.password_link_issue(user=person, actor=admin)
    bad = path.rstrip("/").rsplit("/", 1)[0] + "/aaaaaa-0123456789abcdef0123456789abcdef/"
    for _attempt in range(4):
        assert "这个链接无效" in client.get(bad, follow=True).content.decode()
    assert client.get(bad, follow=True).status_code == 429
    assert client.get(path, follow=True).status_code == 429, "the address is locked"
    assert client.get(path, follow=True, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert not AccessAttempt.objects.filter(username="cnt1").exists(), "not the account's name"


def test_a_new_password_clears_the_names_failures(client, tree, admin):
    person = make_user("counter", tree["s1a"], "cnt1")
    for attempt in range(5):
        client.post("/accounts/login/", {"username": "cnt1", "password": f"g{attempt}"},
                    REMOTE_ADDR=f"203.0.113.{attempt}")
    path = services.password_link_issue(user=person, actor=admin)
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Dian-Piao-2019",
                                             "new_password2": "Dian-Piao-2019"})
    assert not AccessAttempt.objects.filter(username="cnt1").exists()
    login = client.post("/accounts/login/", {"username": "cnt1", "password": "Dian-Piao-2019"})
    assert login.status_code == 302
