"""`xihu pb solve` refuses what it must not count (audit of issue 12): a negative budget, votes for
unknown projects and duplicate voter ids, each with its line; `check` still replays such files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.engine.conftest import require_pabulib
from tests.engine.test_pabulib_io import APPROVAL
from xihu.engine.cli import main
from xihu.engine.solve_checks import LIMIT, solve_problems

VALID = APPROVAL.replace("5;p9;33\n", "")


def test_a_clean_file_has_no_problems(write_pb) -> None:
    assert solve_problems(write_pb(VALID)) == []


def test_negative_budget_is_refused(write_pb, capsys) -> None:
    path = write_pb(VALID.replace("budget;400000.0", "budget;-5"))
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"error: {path}: line 4: the budget -5 is negative" in err and "not counted" in err


def test_votes_for_unknown_projects_are_refused(write_pb, capsys) -> None:
    path = write_pb(APPROVAL)
    assert main(["solve", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 19: vote for projects the file does not list: p9" in captured.err
    assert main(["check", str(path)]) == 0, "check replays it as published"


def test_duplicate_voter_ids_are_refused(write_pb, capsys) -> None:
    path = write_pb(VALID.replace("7;p3,p1;40", "2;p3,p1;40"))
    assert main(["solve", str(path)]) == 2
    assert "voter 2 appears again (first on line 16)" in capsys.readouterr().err


def test_many_problems_are_summarised(write_pb) -> None:
    rows = "".join(f"{n};p9;20\n" for n in range(100, 130))
    problems = solve_problems(write_pb(VALID + rows))
    assert len(problems) == LIMIT + 1 and problems[-1] == "... and 20 more"


@pytest.mark.pabulib
def test_the_shared_real_elections_pass() -> None:
    """No false alarm on the real municipal elections (all 58 files: about 5 s)."""
    for path in require_pabulib():
        assert solve_problems(path) == [], path.name


def test_the_command_line_says_it_once(write_pb) -> None:
    path = write_pb(VALID.replace("budget;400000.0", "budget;-1"))
    done = subprocess.run([sys.executable, "-m", "xihu.engine.cli", "solve", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "negative" in done.stderr
