"""Large-text mode: the header's toggle sets a cookie the server reads, so the page arrives
large; it goes back only to this site; GET changes nothing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("web:text_size")


def test_every_page_carries_the_toggle_in_its_language(client, tree):
    html = client.get("/").content.decode()
    assert 'id="text-size"' in html and 'aria-pressed="false"' in html and "大字" in html
    assert '<html lang="zh-CN">' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Large text" in client.get("/ledger/").content.decode()


def test_turning_it_on_makes_the_first_paint_large_and_off_again(client, tree):
    response = client.post(URL, {"size": "large", "next": "/ledger/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/ledger/?page=2"
    cookie = response.cookies["xihu_text"]
    assert cookie.value == "large" and cookie["max-age"] == 365 * 24 * 3600 and cookie["httponly"]
    page = client.get("/")
    html = page.content.decode()
    assert 'class="large-text"' in html and 'aria-pressed="true"' in html
    assert "Cookie" in page["Vary"]  # a caching proxy keeps each size apart (docs/operations.md)
    response = client.post(URL, {"size": "normal", "next": "/"})
    assert response.cookies["xihu_text"].value == ""
    assert 'class="large-text"' not in client.get("/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_it_never_sends_anyone_off_the_site(client, tree, target):
    response = client.post(URL, {"size": "large", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_get_changes_nothing(client, tree):
    response = client.get(URL, {"size": "large"})
    assert response.status_code == 405 and "xihu_text" not in response.cookies
