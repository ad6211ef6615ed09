"""Issue 14, point 15: the public ledger shows each entry in words in the reader's language (no
action codes, no login names where a display name exists, no UTC ISO times, no Python dicts):
local time, fields as a list, the raw record one click away; and one page of entries costs the
same reads whatever they are."""

import html
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_user
from xihu.apps.ledger.describe import ACTIONS, describe
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.ledger.sequencer import integrate_pending
from xihu.apps.ledger.services import ledger_append

SOURCE = Path(__file__).resolve().parents[2] / "src" / "xihu"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _codes_in_source() -> set[str]:
    codes = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "ledger_append" not in text:
            continue
        codes |= set(re.findall(r'ledger_append\([^)]*?action="([a-z_]+\.[a-z_]+)"', text, flags=re.S))
    return codes | {"voting.box_seal", "voting.box_reopen", "admin.add", "admin.change", "admin.delete"}


def test_every_action_code_has_a_translated_phrase():
    codes = _codes_in_source()
    assert len(codes) > 50
    assert sorted(codes - set(ACTIONS)) == []
    with translation.override("zh-hans"):
        assert [c for c, phrase in ACTIONS.items() if not HAN.search(str(phrase))] == []


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<main>")[1].split("</main>")[0]))


@pytest.mark.django_db
def test_the_ledger_page_reads_in_words(client, tree):
    officer = make_user("street_officer", tree["s1"], "officer_wang")
    officer.display_name = "王科长"
    officer.save()
    ledger_append(actor=officer, action="results.implementation", object_type="editions.edition", object_id="1",
                  payload={"note": "已完工", "projects": [3, 4], "done": True})
    integrate_pending()
    entry = LedgerEntry.objects.get(action="results.implementation")
    page = client.get(reverse("web:ledger"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    text = _visible(page)
    assert "登记了项目实施进展" in text and "王科长" in text and "届次 1" in text
    for raw in ("results.implementation", "editions.edition:1", "officer_wang", "{'", entry.recorded_at[:19]):
        assert raw not in text, raw
    local = timezone.localtime(datetime.fromisoformat(entry.recorded_at.replace("Z", "+00:00")))
    assert local.strftime("%Y-%m-%d %H:%M") in text
    item = page.split(f'id="entry-{entry.leaf.index}"')[1].split("</li>\n  ")[0]
    assert sorted(re.findall(r'<li><span class="field-name">([^<]+)</span> ([^<]+)</li>', item)) == sorted([
        ("备注", "已完工"), ("项目", "3、4"), ("done", "是")])
    raw_url = reverse("web:ledger_entry", args=[entry.leaf.index])
    assert f'href="{raw_url}"' in item
    raw_page = html.unescape(client.get(raw_url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "results.implementation" in raw_page and '"note": "已完工"' in raw_page and entry.recorded_at in raw_page


@pytest.mark.django_db
def test_a_page_of_entries_costs_the_same_reads_whatever_it_shows(client, tree):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("web:ledger")).status_code == 200
        return len(queries)

    for n in range(3):
        ledger_append(actor=make_user("community_staff", tree["s1a"], f"staff{n}"), action="visit.record",
                      object_type="proposals.visit", object_id=str(n), payload={"n": n})
    integrate_pending()
    few = page_queries()
    for n in range(40):
        ledger_append(actor="tablet", action="voting.ballot_cast", object_type="voting.box", object_id=str(n),
                      payload={"ballots": 2, "day": "2018-01-29"})
    integrate_pending()
    assert page_queries() == few


def test_describe_survives_an_unknown_code_and_odd_payloads():
    entry = LedgerEntry(actor="", action="future.thing", object_type="nowhere.model", object_id="9",
                        recorded_at="not a time", payload=[1, 2])
    described = describe(entry)
    assert described.what == "future.thing" and described.when is None and described.obj == "nowhere.model 9"
    assert described.fields == [("", "1、2")]
