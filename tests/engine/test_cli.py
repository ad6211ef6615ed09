"""The ``xihu pb`` command line (called in-process through ``main``)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.engine.test_pabulib_io import APPROVAL
from xihu.engine.cli import main

# `solve` refuses a vote for an unknown project (APPROVAL's voter 5 names p9): without it
VALID = APPROVAL.replace("5;p9;33\n", "")


def test_solve_json(write_pb, capsys) -> None:
    path = write_pb(VALID)
    assert main(["solve", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rule"] == "greedy" and out["selected"] == ["p1", "p2"]
    assert out["total_cost"] == 400000


def test_solve_with_rule_and_text(write_pb, capsys) -> None:
    path = write_pb(VALID)
    assert main(["solve", str(path), "--rule", "phragmen"]) == 0
    out = capsys.readouterr().out
    assert "rule: phragmen" in out and "total cost:" in out and "funded" in out


def test_unknown_rule_falls_back_with_warning(write_pb, capsys) -> None:
    path = write_pb(VALID.replace("rule;greedy", "rule;borda"))
    assert main(["solve", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "unknown rule 'borda'" in captured.err
    assert json.loads(captured.out)["rule"] == "greedy"


def test_check_reports_differences(write_pb, capsys) -> None:
    assert main(["check", str(write_pb(APPROVAL))]) == 0
    assert "reproduced" in capsys.readouterr().out
    wrong = APPROVAL.replace("p3;250000;1;Pool;0", "p3;250000;1;Pool;1")
    assert main(["check", str(write_pb(wrong, "w.pb"))]) == 1
    assert "not funded by the engine: p3" in capsys.readouterr().out


def test_bad_file_one_line_error(write_pb, capsys) -> None:
    path = write_pb(APPROVAL.replace("2;p2;41", "2;p2"))
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: {path}:16: VOTES row has 2 fields, header has 3"


def test_module_entry_point(write_pb) -> None:
    path = write_pb(VALID)
    done = subprocess.run([sys.executable, "-m", "xihu.engine.cli", "solve", str(path), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"] == ["p1", "p2"]
