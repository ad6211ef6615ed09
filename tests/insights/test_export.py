"""The evaluation in the open-data export, and the standalone verifier judging it again."""

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xihu.apps.ledger.sequencer import integrate_pending
from xihu.apps.results import services as results
from xihu.apps.results.export import export_zip, write_export
from xihu.verifier import evaluation as rules
from xihu.verifier import standalone

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(people, edition, screened, counted, tmp_path):
    results.result_confirm(ballot=counted["community"], actor=people["officer"], winners=[2, 3],
                           reason="街道认为楼道灯更急需，改选楼道灯。")
    out = tmp_path / "export"
    integrate_pending()  # the export reads the log up to its latest signed head
    write_export(edition, out)
    return out


def run(script, directory):
    """As a citizen would: plain Python, isolated (no site-packages, no project on the path)."""
    return subprocess.run([sys.executable, "-I", str(script), str(directory)], capture_output=True,
                          text=True, timeout=60)


def doctor(directory, change):
    path = directory / "evaluation.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_export_carries_the_facts_the_verdicts_and_the_rules(exported):
    data = json.loads((exported / "evaluation.json").read_text(encoding="utf-8"))
    assert data["format"] == rules.FORMAT
    assert data["verdicts"] == json.loads(json.dumps(rules.evaluate(data["facts"])))
    assert data["verdicts"]["allocation"]["units"]["s1a"]["verdict"] == "failed"
    assert data["verdicts"]["procedure"]["units"]["s1a"]["checks"]["exclusions_reviewed"] is False
    assert (exported / "evaluation.py").read_bytes() == open(rules.__file__, "rb").read()
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert {"evaluation.json", "evaluation.py"} <= set(manifest["files"])


def test_the_verifier_judges_the_three_tests_again(exported):
    done = run(standalone.__file__, exported)
    assert done.returncode == 0, done.stdout + done.stderr
    for line in ("OK       evaluation: the three tests' verdicts follow from the exported facts",
                 "OK       evaluation: stage plans and entries agree with the ledger",
                 "OK       evaluation: 3 exclusions: review states agree with the ledger",
                 "evaluation: 2 ballots: winners and confirmations agree with results.json and the ledger"):
        assert line in done.stdout, done.stdout


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["verdicts"]["allocation"]["units"]["s1a"].update(verdict="passed"),
     "evaluation: unit verdicts of test allocation"),
    (lambda d: d["verdicts"]["procedure"].update(verdict="passed"), "evaluation: verdict of test procedure"),
    (lambda d: next(u for u in d["facts"]["units"] if u["code"] == "s1a")["exclusions"].update(unreviewed=0),
     "evaluation: s1a: unreviewed exclusions"),
    (lambda d: [u["exclusions"]["receipts"].update({r: "confirmed" for r in u["exclusions"]["receipts"]})
                for u in d["facts"]["units"] if u["code"] == "s1a"],
     "screening states differ from the ledger"),
    (lambda d: next(b for b in d["facts"]["ballots"] if b["ballot"] == "s1a-community").update(
        confirmed_winners=[1, 3], deviates=False),
     "evaluation: s1a-community: confirmed winners"),
    (lambda d: d["facts"]["stages"][0].update(entered_at="2017-07-28T09:00:00+08:00"),
     "evaluation: stage setup entered at 2017-07-28"),
])
def test_a_doctored_evaluation_is_caught(exported, change, problem):
    doctor(exported, change)
    done = run(standalone.__file__, exported)
    assert done.returncode == 1, done.stdout
    assert problem in done.stdout, done.stdout


def test_the_zip_carries_the_rules_beside_the_verifier(edition, counted, tmp_path):
    integrate_pending()
    with zipfile.ZipFile(io.BytesIO(export_zip(edition))) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / f"xihu-{edition.slug}"
    assert (folder / "verify.py").exists() and (folder / "evaluation.py").exists()
    done = run(folder / "verify.py", folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "evaluation: the three tests' verdicts follow" in done.stdout


def test_without_the_rules_file_the_verifier_still_checks_the_rest(exported, tmp_path):
    folder = Path(standalone.__file__).parent
    lone = tmp_path / "lone"
    shutil.copytree(folder, lone / "xihu_verifier", ignore=shutil.ignore_patterns("evaluation.py", "__pycache__"))
    shutil.copy(folder / "standalone.py", lone / "verify.py")
    done = run(lone / "verify.py", exported)
    assert done.returncode == 0 and "evaluation" not in done.stdout
