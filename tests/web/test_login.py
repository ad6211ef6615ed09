"""Login works with the demo accounts and is throttled against guessing."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def test_demo_login_works(client, demo):
    response = client.post(LOGIN, {"username": "staff_xiangshan", "password": "xihu2018"})
    assert response.status_code == 302 and response.url == reverse("web:home")


def test_wrong_password_is_refused_in_chinese(client, demo):
    response = client.post(LOGIN, {"username": "staff_xiangshan", "password": "nope"})
    assert response.status_code == 200 and "用户名" in response.content.decode()


@override_settings(XIHU_LOGIN_MAX_FAILURES=3)
def test_login_is_throttled_after_repeated_failures(client, demo):
    for _ in range(3):
        client.post(LOGIN, {"username": "admin", "password": "guess"})
    response = client.post(LOGIN, {"username": "admin", "password": "xihu2018"})
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another account from another address is not affected
    other = client.post(LOGIN, {"username": "expert", "password": "xihu2018"},
                        REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


@override_settings(XIHU_LOGIN_MAX_FAILURES=3)
def test_success_clears_earlier_failures(client, demo):
    for _ in range(2):
        client.post(LOGIN, {"username": "admin", "password": "guess"})
    assert client.post(LOGIN, {"username": "admin", "password": "xihu2018"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"username": "admin", "password": "guess"})
    assert client.post(LOGIN, {"username": "admin", "password": "xihu2018"}).status_code == 302
