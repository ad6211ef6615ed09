"""The export and the standalone verifier: they agree, and every doctoring is caught."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.ledger.sequencer import integrate_pending
from xihu.apps.results import services
from xihu.apps.results.export import build_export, export_zip, write_export
from xihu.engine import ledger as log
from xihu.engine import merkle
from xihu.verifier import logcheck, standalone

STANDALONE = Path(standalone.__file__)


@pytest.fixture
def exported(db, people, edition, counted, tmp_path):
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    integrate_pending()
    out = tmp_path / "export"
    write_export(edition, out)
    return out


def run_standalone(directory) -> subprocess.CompletedProcess:
    """As a citizen would: plain Python, isolated (-I: no site-packages, no project on the path)."""
    return subprocess.run([sys.executable, "-I", str(STANDALONE), str(directory)],
                          capture_output=True, text=True, cwd=directory.parent, timeout=60)


def load(directory, name):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def save(directory, name, value):
    (directory / name).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


@pytest.mark.django_db
def test_export_contents(exported):
    names = {p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()}
    assert {"manifest.json", "ballots.json", "projects.csv", "papers.json", "papers.csv",
            "boxes.json", "boxes.csv", "seals.json", "seals.csv", "results.json", "results.csv",
            "count.json", "ledger.json", "pabulib/s1a-community.pb", "pabulib/s1-street.pb"} <= names
    papers = load(exported, "papers.json")
    assert len(papers) == 16
    assert all(set(p) == {"id", "ballot", "box", "choices", "status", "invalid_reason", "source"} for p in papers)
    from xihu.apps.voting.models import CastBallot

    assert not {p["id"] for p in papers} & {str(i) for i in CastBallot.objects.values_list("id", flat=True)}
    pb = (exported / "pabulib" / "s1a-community.pb").read_text(encoding="utf-8")
    assert "budget;300000" in pb and "max_length;5" in pb and "rule;greedy" in pb
    from xihu.engine import pabulib

    election = pabulib.read(exported / "pabulib" / "s1a-community.pb")
    assert election.winners == ("1", "3")


@pytest.mark.django_db
def test_papers_are_shuffled_with_fresh_ids(people, edition, counted):
    first = json.loads(build_export(edition)["papers.json"])
    second = json.loads(build_export(edition)["papers.json"])
    assert {p["id"] for p in first}.isdisjoint({p["id"] for p in second})


@pytest.mark.django_db
def test_platform_and_standalone_verifier_agree(exported):
    done = run_standalone(exported)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VERIFIED" in done.stdout
    assert "s1a-community: 8 papers recounted" in done.stdout


@pytest.mark.django_db
def test_xihu_verify_runs_the_same_file(exported, capsys):
    call_command("verify", str(exported))
    assert "VERIFIED" in capsys.readouterr().out


@pytest.mark.django_db
def test_changing_one_ballot_is_caught(exported):
    papers = load(exported, "papers.json")
    paper = next(p for p in papers if p["ballot"] == "s1a-community" and p["choices"] == [1, 2, 3])
    paper["choices"] = [2, 3, 4]
    save(exported, "papers.json", papers)
    done = run_standalone(exported)
    assert done.returncode == 1
    assert "PROBLEM  s1a-community: votes for project 1: the export states 6, the ballot papers give 5" in done.stdout
    assert "PROBLEM  s1a-community: votes recorded in the ledger" in done.stdout


@pytest.mark.django_db
def test_dropping_one_ballot_is_caught(exported):
    papers = load(exported, "papers.json")
    dropped = next(p for p in papers if p["ballot"] == "s1a-community" and p["choices"] == [1, 3])
    papers.remove(dropped)
    save(exported, "papers.json", papers)
    done = run_standalone(exported)
    assert done.returncode == 1
    assert "s1a-community: ballots: the export states 8, the ballot papers give 7" in done.stdout
    assert f"box {dropped['box']}: ballots counted: the export states 6, the ballot papers give 5" in done.stdout


@pytest.mark.django_db
def test_changing_one_total_is_caught(exported):
    results = load(exported, "results.json")
    row = next(r for r in results if r["ballot"] == "s1a-community")
    row["votes"]["1"] = 3  # the Xiawan case, in the published data
    save(exported, "results.json", results)
    done = run_standalone(exported)
    assert done.returncode == 1
    assert "s1a-community: votes for project 1: the export states 3, the ballot papers give 6" in done.stdout


@pytest.mark.django_db
def test_changing_a_box_total_is_caught(exported):
    boxes = load(exported, "boxes.json")
    boxes[0]["counted"] += 1
    save(exported, "boxes.json", boxes)
    done = run_standalone(exported)
    assert done.returncode == 1 and "ballots counted: the export states" in done.stdout


@pytest.mark.django_db
def test_doctoring_papers_and_results_together_is_caught_by_the_ledger(exported):
    papers = load(exported, "papers.json")
    papers = [p for p in papers if not (p["ballot"] == "s1a-community" and p["choices"] == [1, 3])]
    save(exported, "papers.json", papers)
    results = load(exported, "results.json")
    row = next(r for r in results if r["ballot"] == "s1a-community")
    row.update(votes={"1": 5, "2": 5, "3": 3, "4": 0}, ballots=7, valid=5)
    save(exported, "results.json", results)
    boxes = load(exported, "boxes.json")
    for box in boxes:
        if box["code"] == "M1":
            box["counted"] -= 1
            box["signed_off_count"] -= 1
    save(exported, "boxes.json", boxes)
    done = run_standalone(exported)
    assert done.returncode == 1
    assert "recorded in the ledger" in done.stdout


@pytest.mark.django_db
def test_a_doctored_ledger_is_caught(exported):
    ledger = load(exported, "ledger.json")
    entry = next(e for e in ledger["entries"] if e["action"] == "results.select")
    entry["payload"]["winners"] = [1, 2]
    save(exported, "ledger.json", ledger)
    done = run_standalone(exported)
    assert done.returncode == 1
    assert f"ledger entry {entry['index']}: payload does not match its digest" in done.stdout


def test_an_unreadable_export_exits_2(tmp_path):
    done = run_standalone(tmp_path)
    assert done.returncode == 2 and "manifest.json is missing" in done.stderr


@pytest.mark.django_db
def test_the_zip_download_carries_the_verifier(people, edition, counted, tmp_path):
    import io
    import zipfile

    integrate_pending()
    archive = zipfile.ZipFile(io.BytesIO(export_zip(edition)))
    archive.extractall(tmp_path)
    root = tmp_path / "xihu-pilot"
    done = subprocess.run([sys.executable, "-I", str(root / "verify.py"), str(root)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


@pytest.mark.django_db
def test_log_check_agrees_with_the_platform_on_the_real_ledger(exported):
    ledger = load(exported, "ledger.json")
    root, problem = logcheck.check_log(ledger["entries"])
    report = ledger_verify()
    assert problem == "" and report.ok and root.hex() == report.root == ledger["head"]["root_hash"]


@pytest.mark.django_db
@pytest.mark.parametrize("doctor,expected", [
    (lambda led: led["entries"][3].update(payload=None), "ledger entry 3: the entry has no payload"),
    (lambda led: led["entries"][3].pop("payload"), "ledger entry 3: the entry has no payload"),
    (lambda led: led["entries"].pop(), "the signed head covers"),
    (lambda led: led["entries"].pop(2), "ledger entry 3: found where 2 was expected"),
    (lambda led: led["head"].update(checkpoint=led["head"]["checkpoint"].replace("\n", "\n\n", 1)),
     "the export's signed head"),
    (lambda led: led.update(public_key="00" * 32), "the export's signed head"),
])
def test_a_doctored_log_is_caught(exported, doctor, expected):
    ledger = load(exported, "ledger.json")
    doctor(ledger)
    save(exported, "ledger.json", ledger)
    done = run_standalone(exported)
    assert done.returncode == 1 and expected in done.stdout, done.stdout


@pytest.mark.django_db
def test_a_kept_head_and_a_pinned_key(exported, tmp_path):
    from xihu.apps.ledger import keys
    from xihu.apps.ledger.models import TreeHead

    ledger = load(exported, "ledger.json")
    key = keys.public_key().hex()
    earlier = TreeHead.objects.order_by("size").first()
    kept = tmp_path / "kept.txt"
    kept.write_text(earlier.note)
    done = subprocess.run([sys.executable, "-I", str(STANDALONE), str(exported), "--key", key,
                           "--head", str(kept)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--head: the head you gave" in done.stdout, done.stdout
    # A whole re-signed export with another key: the pinned key exposes it.
    done = subprocess.run([sys.executable, "-I", str(STANDALONE), str(exported), "--key", "11" * 32],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not the key" in done.stdout
    # The log's first entry rewritten (and every hash after it recomputed): the kept head fails.
    first = ledger["entries"][0]
    first["actor"] = "mallory"
    first["entry_hash"] = log.entry_hash(first)
    save(exported, "ledger.json", ledger)
    done = subprocess.run([sys.executable, "-I", str(STANDALONE), str(exported), "--head", str(kept)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "the signed head covers" in done.stdout


@settings(max_examples=60, deadline=None)
@given(
    payloads=st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
        st.integers(), st.text(max_size=8), st.booleans(), st.none(),
        st.lists(st.integers(), max_size=3))), min_size=1, max_size=6),
    tamper=st.integers(min_value=-1, max_value=5),
    field=st.sampled_from(["actor", "payload", "index", "uid", "recorded_at", "entry_hash"]),
)
def test_log_check_is_identical_to_xihu_engine_ledger(payloads, tamper, field):
    entries = []
    for index, payload in enumerate(payloads):
        fields = {"uid": f"u{index}", "recorded_at": f"2018-02-04T09:00:{index:02d}+00:00",
                  "actor": "计票员", "action": "results.x", "object_type": "t", "object_id": str(index),
                  "payload_digest": log.payload_digest(payload)}
        entries.append({**fields, "index": index, "entry_hash": log.entry_hash(fields), "payload": payload})
    if 0 <= tamper < len(entries):
        entries[tamper][field] = {"actor": "someone", "payload": {"x": random.random()}, "index": 99,
                                  "uid": "other", "recorded_at": "now", "entry_hash": "1" * 64}[field]
    root, problem = logcheck.check_log(entries)
    report = log.verify_log((log.Entry(**e) for e in entries), [])
    assert (problem == "") == report.ok
    if report.ok:
        assert root.hex() == report.root == merkle.mth([bytes.fromhex(e["entry_hash"]) for e in entries]).hex()


def test_the_standalone_copies_of_the_engine_are_current():
    done = subprocess.run([sys.executable, "scripts/sync_standalone.py", "--check"], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout


@pytest.mark.django_db
def test_export_and_verify_commands(people, edition, counted, tmp_path, capsys):
    from django.core.management.base import CommandError

    call_command("export", "--out", str(tmp_path / "e"), "--edition", "pilot")
    assert "xihu verify" in capsys.readouterr().out
    call_command("verify", str(tmp_path / "e"))
    results = load(tmp_path / "e", "results.json")
    results[0]["valid"] += 1
    save(tmp_path / "e", "results.json", results)
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify", str(tmp_path / "e"))
    assert exit_status.value.code == 1
    with pytest.raises(CommandError):
        call_command("export", "--out", str(tmp_path / "x"), "--edition", "nope")


@pytest.mark.django_db
def test_receipts_are_published_by_box_without_the_paper(people, edition, counted, tmp_path):
    """A voter's receipt code hashes to a line of receipts.csv: their ballot is included; the
    line names the box only, so it shows nobody how they voted."""
    from xihu.apps.voting.models import BallotReceipt, CastBallot
    from xihu.apps.voting.receipts import new_receipt_code, receipt_hash

    paper = CastBallot.objects.filter(ballot=counted["community"]).first()
    code = new_receipt_code()
    BallotReceipt.objects.create(box=paper.box, receipt_hash=receipt_hash(code))
    files = build_export(edition)
    rows = files["receipts.csv"].decode().splitlines()
    assert rows[0] == "box,receipt_hash"
    assert any(line.endswith("," + receipt_hash(code)) for line in rows[1:])
    assert len(rows) == 2 and str(paper.id) not in files["receipts.csv"].decode()
