"""Logins are counted and locked out by django-axes on every way in (audit of issue 12: the
empty-password reset, /admin/login/, names that authentication normalises, one shared address
behind the proxy, the 10,000-character name), with the lockout page in the reader's language."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def admin(tree):
    user = make_user("district_admin", tree["d"], "admin")
    user.is_staff = True
    user.set_password("Right-Password-1")
    user.save()
    return user


def login(client, name, password, path=LOGIN, **extra):
    return client.post(path, {"username": name, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_good_login_works_and_a_wrong_password_is_refused_in_chinese(client, admin):
    wrong = login(client, "admin", "nope")
    assert wrong.status_code == 200 and "请输入一个正确的" in wrong.content.decode()
    assert login(client, "admin", "Right-Password-1").status_code == 302 and logged_in(client)


def test_empty_passwords_do_not_clear_the_count(client, admin):
    """Audit: a POST with an empty password cleared the failures (40 tries, 0 lockouts)."""
    locked = 0
    for attempt in range(40):
        response = login(client, "admin", "" if attempt % 2 else f"guess{attempt}")
        locked += response.status_code == 429
    assert locked == 16, "from the fifth guess on, every guess meets the lockout"
    response = login(client, "admin", "Right-Password-1")
    assert response.status_code == 429 and not logged_in(client)
    assert "登录失败次数过多" in response.content.decode()


def test_admin_login_is_throttled_too(client, admin):
    """Audit: /admin/login/ was not throttled (12 wrong, then right: logged in)."""
    for attempt in range(12):
        login(client, "admin", f"guess{attempt}", path=ADMIN_LOGIN)
    response = login(client, "admin", "Right-Password-1", path=ADMIN_LOGIN)
    assert response.status_code == 429 and not logged_in(client)
    assert AccessAttempt.objects.get(username="admin").path_info == ADMIN_LOGIN


@pytest.mark.parametrize("variant", ["admin ", " admin", "ａｄｍｉｎ", "ａｄｍｉｎ　"])
def test_names_count_as_authentication_reads_them(client, admin, variant):
    """Audit: "admin " and "ａｄｍｉｎ" logged in as admin while admin was locked."""
    for attempt in range(5):
        login(client, "admin", f"guess{attempt}")
    response = login(client, variant, "Right-Password-1")
    assert response.status_code == 429 and not logged_in(client)


def test_failures_under_variant_names_add_up(client, admin):
    for name in ("admin ", "ａｄｍｉｎ", "admin", " admin", "ａｄｍｉｎ"):
        login(client, name, "wrong")
    assert AccessAttempt.objects.filter(username="admin").count() == 1
    assert login(client, "admin", "Right-Password-1").status_code == 429


def test_a_success_clears_that_names_count_not_the_addresss(client, admin, tree):
    other = make_user("expert", tree["d"], "expert")
    other.set_password("Expert-Password-1")
    other.save()
    for attempt in range(4):
        login(client, "admin", f"guess{attempt}")
    assert login(client, "expert", "Expert-Password-1").status_code == 302
    client.logout()
    assert AccessAttempt.objects.filter(username="admin").exists(), "the guesser's count stays"
    for attempt in range(4):
        login(client, "expert", f"guess{attempt}")
    assert login(client, "expert", "Expert-Password-1").status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username="expert").exists()


@override_settings(XIHU_PROXY_CLIENT_HEADER="HTTP_X_FORWARDED_FOR", XIHU_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_has_its_own_address(client, admin):
    """Audit: behind the documented proxy every client shared one address."""
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(40):  # forty guessers, one failure each, all through the same proxy
        login(client, f"nobody{n}", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}", **proxy)
    response = login(client, "admin", "Right-Password-1", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert response.status_code == 302, "another client is not locked out"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) >= {"203.0.113.1"}
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.2").exists()


@override_settings(XIHU_PROXY_CLIENT_HEADER="HTTP_X_FORWARDED_FOR", XIHU_PROXY_COUNT=1,
                   XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS=12)
def test_one_address_is_locked_after_its_own_limit_even_with_new_names(client, admin):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # the client writes a fake address in front; the proxy appends the real one on the right
    for n in range(12):
        login(client, f"name{n}", "x", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.50", **proxy)
    response = login(client, "admin", "Right-Password-1",
                     HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.50", **proxy)
    assert response.status_code == 429
    assert login(client, "admin", "Right-Password-1", HTTP_X_FORWARDED_FOR="203.0.113.51",
                 **proxy).status_code == 302


def test_the_lockout_page_speaks_english_to_english_readers(client, admin):
    client.cookies["django_language"] = "en"
    for attempt in range(6):
        response = login(client, "admin", f"guess{attempt}")
    assert response.status_code == 429
    assert "Too many failed attempts for this name or from this address" in response.content.decode()


def test_a_10000_character_name_and_a_nul_get_a_clear_answer(client, admin):
    """Audit: a 10,000-character login name and a NUL in the name were 500s on PostgreSQL."""
    long = login(client, "a" * 10_000, "x")
    assert long.status_code == 200 and "150" in long.content.decode()
    nul = login(client, "adm\x00in", "x")
    assert nul.status_code == 400 and "控制字符" in nul.content.decode()
    assert not AccessAttempt.objects.exists()


def test_failures_are_recorded_without_passwords(client, admin):
    login(client, "admin", "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data
    assert AccessFailureLog.objects.filter(username="admin").count() == 1


def test_the_home_made_throttle_table_is_gone():
    assert "accounts_loginfailure" not in connection.introspection.table_names()
    assert "axes_accessattempt" in connection.introspection.table_names()


def test_staff_sessions_are_short_and_residents_keep_the_default(client, admin, tree, settings):
    login(client, "admin", "Right-Password-1")
    assert client.session.get_expiry_age() == settings.XIHU_STAFF_SESSION_SECONDS <= 8 * 3600
    client.logout()
    resident = make_user("resident", tree["s1a"], "resident1")
    resident.set_password("Resident-Password-1")
    resident.save()
    login(client, "resident1", "Resident-Password-1")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_login_page_still_redirects_home(client, admin):
    response = login(client, "admin", "Right-Password-1")
    assert response.url == reverse("web:home")
