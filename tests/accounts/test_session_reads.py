"""The session store (accounts/sessions.py) and the session's user (accounts/backends.py) are read
by plain statements: they must answer exactly as Django's database store and ModelBackend do, on
SQLite and PostgreSQL. An expired session, a changed password and an inactive user each end the
login; a live session and an active user are found, with the same values the ORM reads."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db as django_db
from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from xihu.apps.accounts.backends import AccountBackend
from xihu.apps.accounts.models import User
from xihu.apps.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db
PASSWORD = "Long-Enough-Pass-7"  # noqa: S105 - a test user's


def test_the_settings_use_them():
    assert settings.SESSION_ENGINE == "xihu.apps.accounts.sessions"
    assert "xihu.apps.accounts.backends.AccountBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS


def _stored(data: dict, expires_in: timedelta) -> str:
    session = django_db.SessionStore()
    session.update(data)
    session.create()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + expires_in)
    return session.session_key


def test_a_live_session_loads_as_django_loads_it():
    key = _stored({"a": 1, "b": ["x", "和"]}, timedelta(hours=1))
    ours, django = SessionStore(key), django_db.SessionStore(key)
    assert ours.load() == django.load() == {"a": 1, "b": ["x", "和"]}
    assert ours.session_key == django.session_key == key


@pytest.mark.parametrize("expires_in", [timedelta(seconds=-1), timedelta(days=-30)])
def test_an_expired_session_is_absent_as_in_django(expires_in):
    key = _stored({"a": 1}, expires_in)
    ours, django = SessionStore(key), django_db.SessionStore(key)
    assert ours.load() == django.load() == {}
    assert ours.session_key is None and django.session_key is None  # a new key on the next save
    ours["b"] = 2
    ours.save()
    assert ours.session_key != key and SessionStore(ours.session_key).load() == {"b": 2}


def test_an_unknown_or_tampered_session_is_absent():
    assert SessionStore("nosuchkey" * 4).load() == {}
    key = _stored({"a": 1}, timedelta(hours=1))
    Session.objects.filter(session_key=key).update(session_data="tampered:data")
    assert SessionStore(key).load() == django_db.SessionStore(key).load() == {}


def test_the_backend_builds_the_user_the_orm_reads():
    user = UserFactory(username="officer", display_name="值班员", is_staff=True)
    user.last_login = timezone.now() - timedelta(minutes=3)
    user.save()
    ours, django = AccountBackend().get_user(user.pk), ModelBackend().get_user(user.pk)
    assert isinstance(ours, User) and ours.pk == user.pk
    assert model_to_dict(ours) == model_to_dict(django)
    for field in User._meta.concrete_fields:  # same values and types (booleans, aware times)
        mine, theirs = getattr(ours, field.attname), getattr(django, field.attname)
        assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert ours.last_login.tzinfo is not None and ours.is_staff is True and ours.is_active is True
    assert ours._state.adding is False and ours._state.db == django._state.db
    assert ours.get_session_auth_hash() == django.get_session_auth_hash()


def test_the_backend_refuses_an_inactive_or_missing_user():
    user = UserFactory(is_active=False)
    user.save()
    assert AccountBackend().get_user(user.pk) is None
    assert ModelBackend().get_user(user.pk) is None
    assert AccountBackend().get_user(user.pk + 1000) is None


def _logged_in(client) -> User:
    user = UserFactory(username="desk-officer")
    user.set_password(PASSWORD)
    user.save()
    answer = client.post(reverse("accounts:login"), {"username": "desk-officer", "password": PASSWORD})
    assert answer.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "xihu.apps.accounts.backends.AccountBackend"
    return user


def _request_of(client):
    request = RequestFactory().get("/")
    request.session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return request


def test_a_login_is_kept_while_nothing_changes(client):
    user = _logged_in(client)
    assert get_user(_request_of(client)).pk == user.pk
    assert client.get(reverse("accounts:reauth")).status_code == 200


def _refused(client) -> None:
    assert get_user(_request_of(client)).is_anonymous
    answer = client.get(reverse("accounts:reauth"))
    assert answer.status_code == 302 and answer.url.startswith(reverse("accounts:login"))


def test_an_expired_session_logs_out(client):
    _logged_in(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    _refused(client)


def test_a_changed_password_logs_out(client):
    user = _logged_in(client)
    key = client.session.session_key
    user.set_password("Another-Long-Pass-8")
    user.save()
    _refused(client)
    assert not Session.objects.filter(session_key=key).exists()  # flushed, as Django flushes it


def test_an_inactive_user_is_logged_out(client):
    user = _logged_in(client)
    User.objects.filter(pk=user.pk).update(is_active=False)
    _refused(client)
