"""The district admin unlocks a locked name or address, on /manage/lockouts/ or with `xihu lockouts`;
each unlock is in the public ledger (an address only as a keyed hash)."""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.factories import make_user
from xihu.apps.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
URL = "/manage/lockouts/"


@pytest.fixture
def locked(client, tree):
    person = make_user("counter", tree["s1a"], "cnt1")
    person.set_password("Counter-Password-1")
    person.save()
    for attempt in range(5):
        client.post("/accounts/login/", {"username": "cnt1", "password": f"g{attempt}"},
                    REMOTE_ADDR="203.0.113.7")
    assert client.post("/accounts/login/", {"username": "cnt1", "password": "Counter-Password-1"},
                       REMOTE_ADDR="198.51.100.1").status_code == 429
    return person


def test_the_district_admin_sees_and_unlocks_a_name(client, admin, locked):
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "cnt1" in page and 'id="none-locked"' not in page
    done = client.post(URL, {"username": "cnt1"}, follow=True)
    assert "已解除锁定" in done.content.decode()
    assert not AccessAttempt.objects.filter(username="cnt1").exists()
    entry = LedgerEntry.objects.get(action="account.unlock")
    assert entry.actor == "admin" and entry.payload["username"] == "cnt1"
    client.logout()
    login = client.post("/accounts/login/", {"username": "cnt1", "password": "Counter-Password-1"})
    assert login.status_code == 302


@override_settings(XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS=5)
def test_an_address_unlock_keeps_the_address_out_of_the_ledger(client, admin, locked):
    client.force_login(admin)
    assert "203.0.113.7" in client.get(URL).content.decode()
    client.post(URL, {"address": "203.0.113.7"})
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()
    entry = LedgerEntry.objects.get(action="address.unlock")
    assert "203.0.113.7" not in str(entry.payload) and len(entry.payload["address_digest"]) == 16


def test_others_cannot_unlock(client, tree, locked):
    officer = make_user("street_officer", tree["s1"], "officer1")
    client.force_login(officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"username": "cnt1"}).status_code == 403
    assert AccessAttempt.objects.filter(username="cnt1").exists()


def test_bad_unlock_input_is_refused_clearly(client, admin):
    client.force_login(admin)
    response = client.post(URL, {"address": "not-an-ip"}, follow=True)
    assert "不是 IP 地址" in response.content.decode()
    response = client.post(URL, {}, follow=True)
    assert "二者选一" in response.content.decode()


def test_the_command_lists_and_unlocks(admin, locked):
    out = io.StringIO()
    call_command("lockouts", "list", "--as", "admin", stdout=out)
    assert "name\tcnt1\t" in out.getvalue()
    call_command("lockouts", "unlock", "--username", "cnt1", "--as", "admin", stdout=out)
    assert not AccessAttempt.objects.filter(username="cnt1").exists()
    assert LedgerEntry.objects.filter(action="account.unlock").count() == 1
    with pytest.raises(CommandError, match="Only the district admin"):
        call_command("lockouts", "unlock", "--username", "x", "--as", "cnt1")
