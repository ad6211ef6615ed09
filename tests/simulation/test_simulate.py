"""`xihu simulate` on a small district: the same seed gives the same figures and the same log
(apart from entry ids, times and random receipt codes), another seed differs; the Xiawan-like
count change shows on the abuse dashboard; the pilot default reproduces the study's figures."""

import pytest
from django.core.management import call_command

from tests.simulation.helpers import run_and_forget
from xihu.apps.insights.dashboard import dashboard
from xihu.apps.insights.dashboard.data import dashboard_data
from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.simulation.runner import simulate

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_run_and_another_seed_differs(small):
    first_figures, first_log = run_and_forget(small)
    again_figures, again_log = run_and_forget(small)
    other_figures, other_log = run_and_forget(small.with_overrides(seed=7))
    assert first_figures["proposals"] == 160 and first_figures["stage"] == "published"
    assert first_figures == again_figures
    assert len(first_log) > 500 and first_log == again_log
    assert other_figures["proposals"] == 160  # the shape is the parameters'; the story is the seed's
    assert other_figures["turnout_communities"] != first_figures["turnout_communities"]
    assert other_figures["winners"] != first_figures["winners"]
    assert other_log != first_log


def _typed(edition):
    return [(row["community"], row["username"], row["value"] < row["computed"])
            for row in dashboard_data(edition)["typed"]]


def test_the_count_change_shows_on_the_abuse_dashboard(small):
    outcome = simulate(params=small.with_overrides(**{"counting.hand_count_slips": []}))
    typed = _typed(outcome.edition)
    assert ("xiawan", "staff_xiawan", True) in typed  # the residents' choice lowered
    assert {row[0] for row in typed} == {"xiawan"}
    section = next(s for s in dashboard(outcome.edition).sections if s.key == "counts")
    assert section.items and all(item.unit == "下湾社区" for item in section.items)
    assert any(link.kind == "log" for item in section.items for link in item.links)
    assert outcome.figures["typed_differences"] == len(typed) >= 1
    assert ledger_verify().ok


def test_an_honest_count_shows_nothing(small):
    outcome = simulate(params=small.with_overrides(**{"counting.abuse.enabled": False,
                                                      "counting.hand_count_slips": []}))
    assert _typed(outcome.edition) == []
    section = next(s for s in dashboard(outcome.edition).sections if s.key == "counts")
    assert not [item for item in section.items if "typed" in item.text]
    assert outcome.figures["confirmed_unchanged"] == outcome.figures["communities"] + 2


def test_the_command_reports_throughput_per_stage(small, tmp_path, capsys):
    path = tmp_path / "small.yaml"
    path.write_text("district: {residents_factor: 0.03, communities: 2}\ncollection: {proposals: 80, fixed: {}}\n"
                    "assembly: {tables: {default: 1}, per_table: {default: 10}}\nvoting: {electronic: 1}\n",
                    encoding="utf-8")
    call_command("simulate", "--params", str(path), "--seed", "3", "--edition", "sim-3", "--json",
                 str(tmp_path / "out.json"))
    out = capsys.readouterr().out
    assert "proposals 80 from 4 communities" in out
    for stage in ("register", "collection", "screening", "assemblies", "ballots", "voting", "count", "public log"):
        assert f"  {stage}" in out
    assert "items/s" in out and "load average" in out
