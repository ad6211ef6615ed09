"""xihu-witness against the real platform: it keeps every head, catches a rewritten tail, a
truncation and a fork (also across two witnesses), and cosigns what it checked."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from tests.factories import make_user
from tests.ledger.conftest import GuardsDropped, raw, write_entries
from tests.ledger.test_log import _rehash_tail, _truncate_tail
from xihu.apps.ledger import selectors
from xihu.apps.ledger.models import TreeHead, WitnessCosignature
from xihu.apps.ledger.sequencer import integrate_pending, sign_head
from xihu.engine import ed25519
from xihu.witness import cli as witness
from xihu.witness import standalone

pytestmark = pytest.mark.django_db(transaction=True)
URL = "http://testserver"


def client_fetch(client):
    def fetch(url, data=None):
        path = url.removeprefix(URL)
        if data is None:
            response = client.get(path)
        else:
            response = client.post(path, data=json.dumps(data), content_type="application/json")
        if response.status_code != 200:
            raise witness.Unreachable(f"HTTP {response.status_code} {response.content[:200]!r}")
        return response.json()
    return fetch


def run(client, state, *extra):
    return witness.main(["check", URL, "--state", str(state), *extra], fetch=client_fetch(client))


def resign_latest():
    """What a server administrator holding the signing key could do after rewriting the tree:
    replace the latest signed head with one for the rewritten tree."""
    latest = selectors.latest_head()
    raw("DELETE FROM ledger_treehead WHERE size = %s", [latest.size])
    before = TreeHead.objects.order_by("-size").first()
    sign_head(latest.size, selectors.root_at(latest.size), before)


def test_a_witness_keeps_every_head_and_accepts_growth(client, logged, tmp_path, capsys):
    state = tmp_path / "state.json"
    assert run(client, state) == 0
    write_entries(5, start=10)
    integrate_pending()
    assert run(client, state) == 0
    assert run(client, state) == 0
    kept = json.loads(state.read_text())
    assert [h["size"] for h in kept["heads"]] == [6, 11]
    assert "consistent with 2 head(s) kept" in capsys.readouterr().out


def test_a_rewritten_tail_is_caught(client, logged, tmp_path, capsys):
    state = tmp_path / "state.json"
    assert run(client, state) == 0
    old = selectors.latest_head()
    with GuardsDropped():
        _rehash_tail()
        resign_latest()
    write_entries(2, start=20)
    new = integrate_pending()
    assert run(client, state) == 1
    out = capsys.readouterr().out
    assert "REWRITTEN" in out and f"{old.size}:{old.root_hash}" in out and f"{new.size}:{new.root_hash}" in out


def test_a_truncation_is_caught(client, logged, tmp_path, capsys):
    state = tmp_path / "state.json"
    assert run(client, state) == 0
    old = selectors.latest_head()
    with GuardsDropped():
        _truncate_tail()
    new = selectors.latest_head()
    assert new.size == 3 and selectors.ledger_verify().ok  # the platform alone sees a clean, shorter log
    assert run(client, state) == 1
    out = capsys.readouterr().out
    assert "TRUNCATED" in out and f"{old.size}:{old.root_hash}" in out and f"{new.size}:{new.root_hash}" in out


def test_a_fork_is_caught_by_one_witness_and_across_two(client, logged, tmp_path, capsys):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(client, first) == 0
    old = selectors.latest_head()
    with GuardsDropped():
        _rehash_tail()
        resign_latest()
    forked = selectors.latest_head()
    assert forked.size == old.size and forked.root_hash != old.root_hash
    assert run(client, first) == 1
    assert "FORK: two heads of size 6" in capsys.readouterr().out
    # A second witness that only ever saw the forked view is consistent on its own ...
    assert run(client, second) == 0
    # ... and is caught as soon as it compares with the first witness's heads.
    assert run(client, second, "--peer", str(first)) == 1
    out = capsys.readouterr().out
    assert "FORK" in out and f"{old.size}:{old.root_hash}" in out and f"{forked.size}:{forked.root_hash}" in out


def test_cosignatures_are_checked_and_shown(client, logged, tree, admin, tmp_path):
    from xihu.apps.editions.services import edition_create
    from xihu.apps.ledger.models import LedgerEntry
    from xihu.apps.ledger.witnesses import witness_register
    from xihu.errors import Refused

    edition_create(district=tree["d"], name="试点", name_en="Pilot", slug="pilot", actor=admin)
    key = tmp_path / "witness.key"
    assert witness.main(["keygen", str(key)]) == 0
    seed = bytes.fromhex(key.read_text().strip())
    with pytest.raises(Refused):
        witness_register(name="expert-group", public_key="zz", district=tree["d"], actor=admin)
    staff = make_user("community_staff", tree["s1a"], "staff")
    with pytest.raises(Refused):
        witness_register(name="expert-group", public_key=ed25519.ed25519_public_key(seed).hex(),
                         district=tree["d"], actor=staff)
    witness_register(name="expert-group", public_key=ed25519.ed25519_public_key(seed).hex(),
                     note="专家组", district=tree["d"], actor=admin)
    assert LedgerEntry.objects.filter(action="ledger.witness_register").exists()
    integrate_pending()
    state = tmp_path / "state.json"
    assert run(client, state, "--name", "expert-group", "--witness-key", str(key)) == 0
    head = selectors.latest_head()
    assert WitnessCosignature.objects.filter(witness__name="expert-group", head=head).exists()
    html = client.get("/ledger/").content.decode()
    assert "expert-group" in html and head.root_hash[:16] in html
    # a forged cosignature (another key) is refused
    impostor = bytes(32)
    fetch = client_fetch(client)
    w = witness.Witness(URL, json.loads(state.read_text()), fetch)
    with pytest.raises(witness.Unreachable, match="HTTP 400"):
        w.cosign({"size": head.size, "root": head.root_hash, "checkpoint": head.note}, "expert-group", impostor)


def test_the_witness_file_runs_alone_against_a_live_server(live_server, logged, tmp_path):
    """As a social organisation would: plain Python, isolated, over HTTP."""
    state = tmp_path / "state.json"
    command = [sys.executable, "-I", standalone.__file__, "check", live_server.url, "--state", str(state)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    with GuardsDropped():
        _truncate_tail()
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "TRUNCATED" in done.stdout, done.stdout + done.stderr
    assert connection.vendor in ("sqlite", "postgresql")
