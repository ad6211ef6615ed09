"""Known answers: every shared real election is replayed with the rule its META names and must
reproduce the official winners (PROJECTS ``selected == 1``) exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.conftest import pabulib_dir, pabulib_files, require_pabulib
from xihu.engine import pabulib, replay
from xihu.engine.rules import TieBreak, TieError, greedy

FILES = pabulib_files()
pytestmark = pytest.mark.pabulib


def test_folder_present_or_skipped() -> None:
    files = require_pabulib()
    assert len(files) >= 1, pabulib_dir()


@pytest.mark.parametrize("path", FILES or [None], ids=lambda p: p.name if p else "no-files")
def test_official_winners_reproduced(path: Path | None) -> None:
    if path is None:
        require_pabulib()
        return
    election = pabulib.read(path)
    result = replay.check(election)
    assert result.plan.warnings == ()
    assert result.reproduced, (result.missing, result.extra)
    assert set(result.allocation.selected) == set(election.winners)
    assert result.allocation.total_cost <= election.instance.budget
    # the files hold only valid ballots, and PROJECTS votes / score match the VOTES section
    assert election.tally.invalid_total == 0
    approvals = election.profile.approvals().tolist()
    scores = election.profile.scores().tolist()
    for j, row in enumerate(election.project_rows):
        assert int(row["votes"]) == approvals[j]
        if "score" in row:
            assert int(row["score"]) == scores[j]


def _by_name(name: str) -> pabulib.Election:
    matches = [p for p in require_pabulib() if p.name == name]
    if not matches:
        pytest.skip(f"{name} not in {pabulib_dir()}")
    return pabulib.read(matches[0])


def test_decisive_tie_broken_by_projects_order() -> None:
    """Convention: in Warszawa 2022 Praga-Północ, 24 and 930 tie on votes and cannot both be
    funded; the official result funds 24, the earlier of the two in PROJECTS order. Refusing to
    break ties reports exactly that tie."""
    election = _by_name("Poland_Warszawa_2022_Praga-Polnoc.pb")
    ids = election.instance.ids
    assert ids.index("24") < ids.index("930")
    by_order = greedy(election.instance, election.profile, TieBreak.ORDER)
    assert [(t.candidates, t.chosen) for t in by_order.ties] == [(("24", "930"), "24")]
    assert "24" in election.winners and "930" not in election.winners
    with pytest.raises(TieError) as info:
        greedy(election.instance, election.profile, TieBreak.REFUSE)
    assert info.value.tie.candidates == ("24", "930")
    assert set(info.value.partial.selected) < set(election.winners)


def test_equal_shares_add1_has_no_greedy_completion() -> None:
    """Convention: pabulib ``equalshares/add1`` is MES + add-one only; a greedy completion
    would also fund a project Assen did not fund."""
    election = _by_name("Netherlands_Assen_2024.pb")
    plain = replay.solve(election)[0]
    completed = replay.solve(election, "mes")[0]  # engine default: add1 then greedy
    assert set(plain.selected) == set(election.winners)
    assert set(completed.selected) > set(plain.selected)


def test_threshold_applies_to_no_skip_rule() -> None:
    """Gdynia files name ``greedy-no-skip`` with a ``min_project_score_threshold``."""
    election = _by_name("Poland_Gdynia_2025_Cisowa__small.pb")
    plan = replay.plan_for(election)
    assert plan.rule == "greedy-stop" and plan.options == {"min_score": 50}
