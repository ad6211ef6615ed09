"""record.json in pages: a bounded number of ballots and receipts per page, a link to the next,
and every ballot and receipt on exactly one page."""

import hashlib
import json

import pytest
from django.urls import reverse

from tests.voting.conftest import MONDAY_NOON
from xihu.apps.voting import record
from xihu.apps.voting.models import BallotReceipt, CastBallot

pytestmark = pytest.mark.django_db


def walk(client, url) -> list[dict]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(json.loads(response.content))
        url = pages[-1]["next"]
        assert len(pages) < 100, "the next links never end"
    return pages


@pytest.fixture
def published(box, ballots):
    """11 cast ballots and 7 receipts in the box."""
    CastBallot.objects.bulk_create([
        CastBallot(ballot=ballots["community"], box=box, day=MONDAY_NOON.date(), choices=[1 + n % 3],
                   status="valid", source="paper") for n in range(11)])
    BallotReceipt.objects.bulk_create([
        BallotReceipt(box=box, receipt_hash=hashlib.sha256(f"r{n}".encode()).hexdigest()) for n in range(7)])
    return box


@pytest.mark.parametrize("size", [1, 2, 3, 7, 11, 1000])
def test_every_ballot_and_receipt_is_on_exactly_one_page(client, published, monkeypatch, size):
    monkeypatch.setattr(record, "RECORD_PAGE", size)
    pages = walk(client, reverse("voting:export", kwargs={"edition": "pilot"}))
    assert all(len(p["cast_ballots"]) <= size and len(p["receipts"]) <= size for p in pages)
    assert all(p["page_size"] == size for p in pages)
    ballots = [b["id"] for p in pages for b in p["cast_ballots"]]
    receipts = [r["receipt_hash"] for p in pages for r in p["receipts"]]
    assert sorted(ballots) == sorted(str(i) for i in CastBallot.objects.values_list("id", flat=True))
    assert len(ballots) == len(set(ballots)) == 11
    assert sorted(receipts) == sorted(BallotReceipt.objects.values_list("receipt_hash", flat=True))
    assert len(receipts) == len(set(receipts)) == 7
    assert len(pages) == max(-(-11 // size), 1) + (1 if 11 % size == 0 and size <= 11 else 0)
    assert pages[-1]["next"] is None


def test_the_default_page_is_bounded(client, published):
    page = json.loads(client.get(reverse("voting:export", kwargs={"edition": "pilot"})).content)
    assert page["page_size"] == record.RECORD_PAGE == 1000 and page["next"] is None


@pytest.mark.parametrize("query", [{"after": "x"}, {"receipts_after": "ZZ"}, {"receipts_after": "a" * 63}])
def test_a_bad_cursor_is_refused_in_words(client, published, query):
    response = client.get(reverse("voting:export", kwargs={"edition": "pilot"}), query,
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "不是公开记录的一页" in json.loads(response.content)["error"]
