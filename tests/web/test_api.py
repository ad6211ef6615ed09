"""The JSON API covers the public reads, and says why an action is refused."""

import pytest

from xihu.apps.accounts.models import User
from xihu.apps.ledger.selectors import ledger_head

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_reads(client):
    schema = client.get("/api/openapi.json").json()
    for path in ["/api/units", "/api/units/{code}", "/api/editions", "/api/editions/{slug}",
                 "/api/ledger/head", "/api/ledger/entries", "/api/me/actions"]:
        assert path in schema["paths"], path
    for stage in ["proposals", "assemblies", "ballots", "results"]:
        assert any(p.startswith(f"/api/{stage}/") for p in schema["paths"]), stage


def test_units_and_edition(client, demo):
    units = client.get("/api/units").json()
    assert len([u for u in units if u["kind"] == "community"]) == 21
    assert client.get("/api/units/xiawan").json()["parent"] == "guangrunmen"
    edition = client.get(f"/api/editions/{demo.slug}").json()
    assert edition["stage"] == "collection" and edition["max_choices"] == 5
    budgets = {b["unit"]: b["amount"] for b in edition["budgets"]}
    assert budgets["xiangshan"] == 300_000 and budgets["nanpu"] == 1_000_000
    assert "confirm" in edition["grants"]["nanpu"] and "confirm" not in edition["grants"]["xiangshan"]
    assert client.get("/api/units/nowhere").status_code == 404


def test_ledger_head_and_entries(client, demo):
    head = client.get("/api/ledger/head").json()
    assert head["verified"] and head["entry_hash"] == ledger_head().entry_hash
    entries = client.get("/api/ledger/entries", {"after": 0, "limit": 5}).json()
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    # the demo is set up as a district would be: bootstrap, then units and people, then the edition
    assert [e["action"] for e in entries[:3]] == ["unit.create", "account.create", "role.grant"]
    assert entries[0]["actor"] == "system:bootstrap"


def test_my_actions_say_why(client, demo):
    assert client.get("/api/me/actions").json() == []
    client.force_login(User.objects.get(username="counter_xiangshan"))
    actions = client.get("/api/me/actions").json()
    count = next(a for a in actions if a["action"] == "count")
    assert not count["allowed"] and count["reasons"]
