"""The JSON API covers the public reads, and says why an action is refused."""

import pytest

from xihu.apps.accounts.models import User
from xihu.apps.ledger.selectors import ledger_head

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_reads(client):
    schema = client.get("/api/openapi.json").json()
    for path in ["/api/units", "/api/units/{code}", "/api/editions", "/api/editions/{slug}",
                 "/api/ledger/head", "/api/ledger/entries", "/api/ledger/proof/inclusion",
                 "/api/ledger/proof/consistency", "/api/me/actions"]:
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


def test_ledger_head_entries_and_proofs(client, demo):
    from xihu.apps.ledger import keys
    from xihu.engine import checkpoint, ed25519, merkle

    head = client.get("/api/ledger/head").json()
    stored = ledger_head()
    assert head["size"] == stored.size and head["root_hash"] == stored.root_hash
    key = client.get("/api/ledger/key").json()
    assert key["public_key"] == keys.public_key().hex()
    body = checkpoint.open_note(head["checkpoint"], key["origin"], bytes.fromhex(key["public_key"]),
                                ed25519.ed25519_verify)
    assert checkpoint.parse_checkpoint(body)["root"].hex() == head["root_hash"]
    entries = client.get("/api/ledger/entries", {"start": 0, "end": 5}).json()
    assert [e["index"] for e in entries] == [0, 1, 2, 3, 4]
    # the demo is set up as a district would be: bootstrap, then units and people, then the edition
    assert [e["action"] for e in entries[:3]] == ["unit.create", "account.create", "role.grant"]
    assert entries[0]["actor"] == "system:bootstrap" and entries[0]["object_type"] == "organisation.unit"
    size, root = head["size"], bytes.fromhex(head["root_hash"])
    for index in (0, size // 2, size - 1):
        entry = client.get(f"/api/ledger/entries/{index}").json()
        by_index = client.get("/api/ledger/proof/inclusion", {"index": index}).json()
        by_hash = client.get("/api/ledger/proof/inclusion", {"entry_hash": entry["entry_hash"]}).json()
        assert by_index == by_hash and by_index["index"] == index
        assert merkle.verify_inclusion(index, size, bytes.fromhex(entry["entry_hash"]),
                                       [bytes.fromhex(h) for h in by_index["path"]], root)
    proof = client.get("/api/ledger/proof/consistency", {"first": 3, "second": size}).json()
    assert merkle.verify_consistency(3, size, bytes.fromhex(proof["first_root"]), root,
                                     [bytes.fromhex(h) for h in proof["path"]])
    heads = client.get("/api/ledger/heads").json()
    assert heads[-1]["size"] == size


@pytest.mark.parametrize("path,params", [
    ("/api/ledger/entries", {"start": -1}),
    ("/api/ledger/entries", {"start": 0, "end": 5000}),
    ("/api/ledger/proof/inclusion", {}),
    ("/api/ledger/proof/inclusion", {"index": 10**9}),
    ("/api/ledger/proof/inclusion", {"index": 0, "size": 0}),
    ("/api/ledger/proof/consistency", {"first": 5, "second": 2}),
    ("/api/ledger/proof/consistency", {"first": "x"}),
])
def test_ledger_api_bad_input_is_a_clear_4xx(client, demo, path, params):
    response = client.get(path, params)
    assert 400 <= response.status_code < 500
    assert client.get("/api/ledger/proof/inclusion", {"entry_hash": "0" * 64}).status_code == 404
    assert client.get("/api/ledger/entries/999999").status_code == 404


def test_my_actions_say_why(client, demo):
    assert client.get("/api/me/actions").json() == []
    client.force_login(User.objects.get(username="counter_xiangshan"))
    actions = client.get("/api/me/actions").json()
    count = next(a for a in actions if a["action"] == "count")
    assert not count["allowed"] and count["reasons"]
