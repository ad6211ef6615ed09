"""Whole public pages kept for anonymous readers per state of the log (web/pagecache.py): served
from there until the log moves, never mixed across languages or text sizes, never shown to a
logged-in reader nor a logged-in page to anyone else; the language and text-size switches need
no token, so an anonymous page carries nothing of its reader; CSRF still guards every other POST."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.builders import full_edition
from tests.web.test_page_queries import grow, pages
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return full_edition()


def got(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in captured]


def rename(edition: Edition, name: str) -> None:
    """A change written without a log entry (only a test does that): a kept page cannot see it."""
    Edition.objects.filter(pk=edition.pk).update(name=name)


def test_every_public_page_is_kept_whole_and_served_in_one_query(client, world):
    for name, url in pages(world).items():
        first, _ = got(client, url)
        again, sql = got(client, url)
        assert len(sql) == 1, (name, sql)  # the log's state, nothing else: no session, no view
        assert again == first, name
        assert "csrfmiddlewaretoken" not in first, name


def test_a_kept_page_changes_when_the_log_moves(client, world):
    edition, url = world["edition"], pages(world)["results"]
    old = got(client, url)[0]
    rename(edition, "改过名的一届")
    assert got(client, url)[0] == old  # same log state: the kept page
    ledger_append(actor=world["users"]["officer_s1"], action="test.touch", obj=edition, payload={})
    assert "改过名的一届" in got(client, url)[0]


def test_the_ledger_page_moves_with_the_sequencer_too(client, world):
    """The sequencer adds leaves and signs a head without writing an entry: the ledger page and
    the edition page show the head."""
    from xihu.apps.ledger.sequencer import integrate_pending

    urls = [reverse("web:ledger"), pages(world)["edition"]]
    before = [got(client, url)[0] for url in urls]
    head = integrate_pending()
    assert head is not None
    for url, html in zip(urls, before, strict=True):
        assert head.root_hash not in html
        assert head.root_hash in got(client, url)[0], url


def test_languages_and_text_sizes_are_never_mixed(client, world):
    url = pages(world)["edition"]
    zh = got(client, url)[0]
    client.cookies["django_language"] = "en"
    en = got(client, url)[0]
    client.cookies["xihu_text"] = "large"
    en_large = got(client, url)[0]
    del client.cookies["django_language"]
    zh_large = got(client, url)[0]
    del client.cookies["xihu_text"]
    assert 'lang="zh-CN"' in zh and 'class="large-text"' not in zh
    assert '<html lang="en">' in en and 'class="large-text"' not in en
    assert '<html lang="en" class="large-text">' in en_large
    assert '<html lang="zh-CN" class="large-text">' in zh_large
    assert got(client, url)[0] == zh  # and each one kept apart


def test_a_logged_in_reader_never_gets_the_anonymous_copy_nor_gives_one(world):
    url, user = pages(world)["results"], world["users"]["officer_s1"]
    anonymous, person = Client(), Client()
    person.force_login(user)
    logout = reverse("accounts:logout")
    mine = person.get(url)  # first: the logged-in page is not kept for anyone
    assert logout in mine.content.decode() and "private" in mine["Cache-Control"]
    public = anonymous.get(url)
    assert logout not in public.content.decode() and reverse("accounts:login") in public.content.decode()
    assert "public" in public["Cache-Control"] and "Cookie" in public["Vary"]
    again = person.get(url)  # the anonymous page is now kept: the logged-in reader still gets theirs
    assert logout in again.content.decode() and "private" in again["Cache-Control"]
    assert logout not in anonymous.get(url).content.decode()


def test_a_reader_with_a_session_cookie_is_never_served_the_kept_page(client, world):
    """Logged in or not, deciding would read the session: such a reader gets the page rendered."""
    edition, url = world["edition"], pages(world)["results"]
    kept = client.get(url)
    rename(edition, "改过名的一届")
    again = client.get(url)
    assert again.content == kept.content  # the kept page, with the same honest headers
    assert again["Vary"] == kept["Vary"] == "Cookie" and again["Cache-Control"] == "public, max-age=0"
    other = Client()
    other.cookies["sessionid"] = "not-a-session"
    assert "改过名的一届" in other.get(url).content.decode()


def test_anonymous_page_views_never_read_or_write_a_session(client, world):
    for url in pages(world).values():
        for sql in got(client, url)[1] + got(client, url)[1]:
            assert "django_session" not in sql, sql
        assert not client.cookies.get("sessionid") and not client.cookies.get("csrftoken")
    assert Session.objects.count() == 0


def test_the_language_switch_needs_no_token_and_stays_on_the_site(world):
    client = Client(enforce_csrf_checks=True)
    url = pages(world)["edition"]
    assert 'lang="zh-CN"' in got(client, url)[0]
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    assert "no-store" in switched["Cache-Control"]
    assert '<html lang="en">' in got(client, url)[0]
    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    assert 'lang="zh-CN"' in got(client, url)[0]
    for target in ("https://evil.example/", "//evil.example/x"):
        away = client.post(reverse("set_language"), {"language": "en", "next": target})
        assert away.status_code == 302 and "evil" not in away["Location"]
    assert client.get(reverse("set_language") + "?language=en&next=/").status_code == 405  # a link changes nothing


def test_the_text_size_switch_needs_no_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("web:text_size"), {"size": "large", "next": "/ledger/"})
    assert response.status_code == 302 and response.cookies["xihu_text"].value == "large"


def test_csrf_still_guards_every_other_post(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("accounts:login"), {"username": "x", "password": "y"}).status_code == 403
    client.force_login(world["users"]["officer_s1"])
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.post(reverse("web:ledger_witnesses"), {"name": "w"}).status_code == 403


class Clock:
    def __init__(self):
        self.now = 1_000_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from xihu.apps.web import bodies, pagecache

    fake = Clock()
    monkeypatch.setattr(pagecache, "time", fake)
    monkeypatch.setattr(bodies, "time", fake)
    return fake


def test_a_page_kept_from_a_stale_body_is_no_older_than_the_bound(client, world, clock, settings):
    """While the log moves every second, a body up to the bound old is served; a page kept around
    it is kept no longer than that body, even though the log's state did not move since."""
    settings.XIHU_INSIGHTS_MAX_STALE_SECONDS = 60
    url = pages(world)["results"]
    assert "项目5" not in got(client, url)[0]  # the body rendered at t0
    grow(world)  # a community counted and funded: the log moves
    clock.now += 20
    client.cookies["xihu_text"] = "large"  # another page around the same body
    assert "项目5" not in got(client, url)[0]  # the t0 body, within the bound: kept as of t0
    clock.now += 41
    assert "项目5" in got(client, url)[0]  # 61 s after t0: neither the body nor the page


def test_the_results_evaluation_page_follows_the_clock(client, world, clock):
    """Its report grows late with the clock (a stage still open): kept at most 60 s."""
    edition, url = world["edition"], pages(world)["results evaluation"]
    got(client, url)
    rename(edition, "改过名的一届")
    clock.now += 59
    assert "改过名的一届" not in got(client, url)[0]
    clock.now += 2
    assert "改过名的一届" in got(client, url)[0]


def test_an_address_with_a_parameter_the_page_does_not_read_is_rendered_not_kept(client, world):
    """Made-up addresses (?x=1, ?x=2, ...) must not fill the cache: such a page is rendered."""
    edition, url = world["edition"], pages(world)["results"]
    got(client, url + "?utm=1")
    rename(edition, "改过名的一届")
    assert "改过名的一届" in got(client, url + "?utm=1")[0]
    ledger = reverse("web:ledger") + "?hash=abc"  # the ledger reads `hash`: kept
    got(client, ledger)
    assert len(got(client, ledger)[1]) == 1
