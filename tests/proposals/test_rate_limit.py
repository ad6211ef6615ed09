"""Anonymous online proposals are rate-limited per client address and per phone number (audit of
issue 12: 50 from one client in 4.6 s, each a ledger entry), counted in the database so every
worker shares the count."""

import threading

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import Proposal
from xihu.apps.web.models import RateCounter
from xihu.apps.web.ratelimit import hit, parse_rate, phone_digits

pytestmark = pytest.mark.django_db


def propose(client, n: int, phone: str = "", **extra):
    edition = Edition.objects.get()
    return client.post(reverse("proposals:propose", args=[edition.slug, "s1a"]), {
        "content": f"第{n}号提议：修缮楼道", "category": "other", "level": "community",
        "proposer_contact": phone}, **extra)


def test_fifty_from_one_client_are_cut_off_with_a_message(client, edition):
    statuses = [propose(client, n).status_code for n in range(50)]
    assert statuses[:10] == [302] * 10 and set(statuses[10:]) == {429}
    refused = propose(client, 51)
    assert "短时间内来自此设备或使用此电话号码提交的提议过多" in refused.content.decode()
    assert Proposal.objects.count() == 10
    assert LedgerEntry.objects.filter(action="proposal.submit").count() == 10
    assert propose(client, 52, REMOTE_ADDR="203.0.113.5").status_code == 302, "another client"


def test_one_phone_number_is_limited_across_addresses(client, edition):
    for n in range(5):
        assert propose(client, n, "138 0000 0001", REMOTE_ADDR=f"203.0.113.{n}").status_code == 302
    again = propose(client, 9, "１３８０００００００１", REMOTE_ADDR="198.51.100.1")  # full-width
    assert again.status_code == 429 and Proposal.objects.count() == 5
    client.cookies["django_language"] = "en"
    english = propose(client, 10, "13800000001", REMOTE_ADDR="198.51.100.2")
    assert "Too many proposals from this device or for this phone number" in english.content.decode()


def test_logged_in_residents_are_not_limited_here(client, edition, people):
    client.force_login(people["resident_s1a"])
    assert all(propose(client, n).status_code == 302 for n in range(12))


@override_settings(XIHU_PROXY_CLIENT_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_the_proxy_clients_are_counted_apart(client, edition):
    for n in range(10):
        propose(client, n, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.2")
    assert propose(client, 11, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.2").status_code == 429
    assert propose(client, 12, HTTP_X_FORWARDED_FOR="203.0.113.2", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_counters_hold_no_address_or_phone(client, edition):
    propose(client, 1, "13800000001", REMOTE_ADDR="203.0.113.77")
    keys = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert "203.0.113.77" not in keys and "13800000001" not in keys and keys


def test_rates_and_phones_parse():
    assert parse_rate("10/h") == (10, 3600) and parse_rate("5/d") == (5, 86400)
    assert phone_digits("＋86 138-0000-0001") == "8613800000001" and phone_digits("王先生") == ""


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    """Twenty workers at once: the atomic update loses no hit (PostgreSQL; SQLite serialises)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL; SQLite serialises every write")
    results = []

    def worker():
        try:
            results.append(hit("race", "203.0.113.1", "15/h"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True] * 15
    assert RateCounter.objects.get(key__startswith="race:").count == 20
