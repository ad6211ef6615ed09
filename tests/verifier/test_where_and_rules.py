"""The verifier takes the export as it comes (the zip, the folder the zip unpacks to, the folder
it was unpacked into) and recomputes Equal Shares editions too."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.sequencer import integrate_pending
from xihu.apps.results.export import export_zip, write_export
from xihu.verifier import standalone

pytestmark = pytest.mark.django_db
STANDALONE = Path(standalone.__file__)


def run(script, target) -> subprocess.CompletedProcess:
    """As a citizen would: plain Python, isolated (no site-packages, no project on the path)."""
    return subprocess.run([sys.executable, "-I", str(script), str(target)], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def download(people, edition, counted, tmp_path):
    integrate_pending()
    path = tmp_path / "download.zip"
    path.write_bytes(export_zip(edition))
    return path


def test_the_zip_the_unzipped_folder_and_the_nested_folder_are_all_accepted(download, tmp_path):
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(download) as archive:
        archive.extractall(unpacked)
    nested = unpacked / "xihu-pilot"
    for script in (STANDALONE, nested / "verify.py"):
        for target in (download, unpacked, nested):
            done = run(script, target)
            assert done.returncode == 0, (script, target, done.stdout + done.stderr)
            assert "VERIFIED" in done.stdout and "s1a-community: 8 papers recounted" in done.stdout


def test_a_doctored_zip_is_caught_without_unpacking_it(download, tmp_path):
    doctored = tmp_path / "doctored.zip"
    with zipfile.ZipFile(download) as source, zipfile.ZipFile(doctored, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/results.json"):
                results = json.loads(data)
                next(r for r in results if r["ballot"] == "s1a-community")["votes"]["1"] = 3
                data = json.dumps(results).encode()
            out.writestr(info, data)
    done = run(STANDALONE, doctored)
    assert done.returncode == 1
    assert "s1a-community: votes for project 1: the export states 3, the ballot papers give 6" in done.stdout


def test_a_folder_without_an_export_is_named(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "x").mkdir(parents=True)
    done = run(STANDALONE, tmp_path)
    assert done.returncode == 2 and "manifest.json is missing" in done.stderr
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    done = run(STANDALONE, tmp_path / "junk.zip")
    assert done.returncode == 2 and "neither an export folder nor its zip" in done.stderr


@pytest.fixture
def equal_shares(edition):
    Edition.objects.filter(pk=edition.pk).update(selection_rule=Edition.Rule.MES)
    edition.refresh_from_db()
    return edition


def test_an_equal_shares_edition_is_recomputed(equal_shares, people, counted, tmp_path):
    integrate_pending()
    out = tmp_path / "export"
    write_export(equal_shares, out)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    row = next(r for r in results if r["ballot"] == "s1a-community")
    assert row["rule"] == "mes" and row["winners"]
    done = run(STANDALONE, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "s1a-community: 8 papers recounted; votes, valid/blank/invalid and winners agree " \
           "(Equal Shares recomputed)" in done.stdout
    assert "not recomputed" not in done.stdout
    # winners that Equal Shares would not choose, stated consistently in the results: caught
    numbers = [i["number"] for b in json.loads((out / "ballots.json").read_text(encoding="utf-8"))
               if b["key"] == "s1a-community" for i in b["items"]]
    row["winners"] = [n for n in numbers if n not in row["winners"]][:1]
    (out / "results.json").write_text(json.dumps(results), encoding="utf-8")
    done = run(STANDALONE, out)
    assert done.returncode == 1 and "s1a-community: winners (mes, tie-break" in done.stdout
