"""The simulator's default, the 2017-18 pilot, reproduces the study's figures: 9,376 proposals
from 21 communities, turnout above 50% in both streets, Nanpu's turnout target (Guangrunmen set
none), Xiawan's altered count flagged; the edition published and its log verifiable. This is
the demo that `make run` loads. On SQLite (the demo's database); the small-district tests run
on both databases."""

import pytest
from django.db import connection

from xihu.apps.demo.loader import load_demo
from xihu.apps.insights.dashboard.data import dashboard_data
from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.simulation.figures import headline

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the whole pilot runs once, on the demo's database (SQLite)")]


def test_the_pilot_default_is_the_study():
    edition, created = load_demo()
    assert created and edition.slug == "2017-18"
    figures = headline(edition)
    assert figures["proposals"] == 9376
    assert figures["communities"] == 21
    assert set(figures["turnout_streets"]) == {"guangrunmen", "nanpu"}
    assert all(percent > 50 for percent in figures["turnout_streets"].values()), figures["turnout_streets"]
    assert figures["turnout_targets"] == {"nanpu": 50}
    assert figures["stage"] == "published" and figures["assemblies"] == 21
    assert figures["confirmed_unchanged"] == 23
    assert {row["community"] for row in dashboard_data(edition)["typed"]} >= {"xiawan"}
    assert set(figures["registrations_by_age"]) >= {"15-24", "25-34", "35-44", "45-54", "55-64", "65+"}
    assert ledger_verify().ok
    again, created = load_demo()
    assert not created and again == edition
