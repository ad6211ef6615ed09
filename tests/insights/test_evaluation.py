"""The three tests' verdicts on built cases: a late stage, an unreviewed exclusion, a table of 7,
an empty assembly row, a confirmed deviation; per edition and per unit, with their evidence."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_user
from tests.results.conftest import set_stage
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage
from xihu.apps.insights.evaluation.facts import evaluation_facts
from xihu.apps.insights.evaluation.report import evaluation_report
from xihu.apps.results import services as results
from xihu.verifier import evaluation as rules

pytestmark = pytest.mark.django_db


def _verdicts(edition):
    return rules.evaluate(evaluation_facts(edition))


def _unit(report, test, code):
    test = next(t for t in report.tests if t.key == test)
    return next(u for u in test.units if u.code == code)


@pytest.fixture
def planned(tree):
    """A fresh edition, planned: set-up and collection from an hour ago, screening in 2018."""
    admin = make_user("district_admin", tree["d"], "admin2")
    edition = editions.edition_create(district=tree["d"], name="计划", name_en="Planned", slug="planned",
                                      actor=admin)
    now = timezone.now()
    from datetime import datetime

    from tests.results.builders import CST
    plans = {
        Stage.SETUP: (now - timedelta(hours=1), now + timedelta(minutes=30)),
        Stage.COLLECTION: (now - timedelta(minutes=30), now + timedelta(days=30)),
        Stage.SCREENING: (datetime(2018, 1, 1, 9, 0, tzinfo=CST), datetime(2018, 1, 7, 0, 0, tzinfo=CST)),
    }
    for stage, (start, end) in plans.items():
        editions.edition_plan_stage(edition=edition, stage=stage, starts_at=start, ends_at=end, actor=admin)
    for street in ("s1", "s2"):
        officer = make_user("street_officer", tree[street], f"planner_{street}")
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=tree[street], power=power, actor=admin)
        for c in ("a", "b"):
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=tree[street + c], power=power, actor=officer)
    editions.edition_advance(edition=edition, actor=admin)
    return edition, admin


def test_a_late_stage_is_named_with_how_late(planned):
    edition, admin = planned
    verdicts = _verdicts(edition)["procedure"]
    stages = {s["stage"]: s for s in verdicts["stages"]}
    assert stages["setup"]["ok"] is True and stages["collection"]["ok"] is True
    assert stages["screening"]["entered"] is False and verdicts["timing"] == rules.PASSED
    editions.edition_advance(edition=edition, actor=admin)
    verdicts = _verdicts(edition)["procedure"]
    screening = next(s for s in verdicts["stages"] if s["stage"] == "screening")
    from tests.results.builders import CST

    planned_start = timezone.datetime(2018, 1, 1, 9, 0, tzinfo=CST)
    assert screening["ok"] is False
    assert abs(screening["late_entry"] - (timezone.now() - planned_start).total_seconds()) < 120
    late_days = screening["late_entry"] // 86400
    assert screening["late_exit"] and screening["still_open"]
    assert verdicts["timing"] == rules.PARTLY and verdicts["verdict"] != rules.PASSED
    report = evaluation_report(Edition.objects.get(pk=edition.pk))
    procedure = report.tests[0]
    text = " ".join(f.text for f in procedure.findings)
    assert "screening and merging: entered" in text and f"entered {late_days:,} days late" in text
    assert "1 of 3 stages entered so far ran late against their plan." in text
    late = next(f for f in procedure.findings if "screening and merging" in f.text)
    assert late.ok is False
    assert any("type=editions.edition" in link.url and f"id={edition.pk}" in link.url for link in late.links)


def test_the_demo_pattern_every_stage_years_late_does_not_pass(planned):
    """Entered now against a plan years old: the procedure test fails on timing."""
    edition, admin = planned
    from xihu.apps.editions.models import StagePlan

    StagePlan.objects.filter(edition=edition, stage__in=[Stage.SETUP, Stage.COLLECTION]).update(
        starts_at=timezone.now() - timedelta(days=3000), ends_at=timezone.now() - timedelta(days=2990))
    verdicts = _verdicts(edition)["procedure"]
    assert verdicts["timing"] == rules.FAILED and verdicts["verdict"] != rules.PASSED


def test_an_unreviewed_exclusion_fails_test_one_for_its_unit(edition, tree, screened):
    set_stage(edition, Stage.CONFIRMATION)
    facts = evaluation_facts(edition)
    units = {u["code"]: u for u in facts["units"]}
    assert units["s1a"]["exclusions"]["total"] == 2 and units["s1a"]["exclusions"]["unreviewed"] == 1
    assert units["s1a"]["exclusions"]["receipts"][screened["waiting"].proposal.receipt_code] == "unreviewed"
    assert sorted(units["s1b"]["exclusions"]["receipts"].values()) == ["reinstated"]
    verdicts = rules.evaluate(facts)["procedure"]["units"]
    assert verdicts["s1a"]["checks"]["exclusions_reviewed"] is False
    assert verdicts["s1b"]["checks"]["exclusions_reviewed"] is True
    assert verdicts["s2a"]["checks"]["exclusions_reviewed"] is True  # nothing excluded there
    row = _unit(evaluation_report(edition), "procedure", "s1a")
    finding = row.findings[0]
    assert finding.text == "1 of 2 exclusions were never reviewed by the street." and finding.ok is False
    assert any("action=proposal.exclude" in link.url and "community=s1a" in link.url for link in finding.links)
    summary = evaluation_report(edition).tests[0].findings[1]
    assert summary.text == "1 exclusions were never reviewed by the street." and summary.ok is False


def test_a_table_of_seven_and_an_empty_assembly_row(edition, tree, assemblies):
    set_stage(edition, Stage.CONFIRMATION)
    facts = evaluation_facts(edition)
    units = {u["code"]: u for u in facts["units"]}
    assert units["s1a"]["tables"] == [
        {"table": 1, "residents": 9, "host": 1, "recorder": 1, "adviser": 1, "nominations": 3},
        {"table": 2, "residents": 7, "host": 1, "recorder": 1, "adviser": 1, "nominations": 2}]
    a = units["s1a"]["assembly"]
    assert (a["invited"], a["invited_leaders"], a["invited_proposers"], a["invited_others"]) == (23, 7, 7, 9)
    assert (a["at_door"], a["checked_in"], a["checked_in_invited"], a["plenary_ballots"]) == (1, 23, 22, 5)
    judged = rules.evaluate(facts)["deliberation"]
    s1a = judged["units"]["s1a"]["checks"]
    assert s1a == {"held": True, "tables_sized": False, "table_roles": True, "attendance": True,
                   "open": True, "nominations": False, "plenary": True}
    assert judged["units"]["s1a"]["verdict"] == rules.PARTLY
    assert judged["units"]["s1b"] == {"verdict": rules.FAILED, "checks": {**dict.fromkeys(
        rules.DELIBERATION_CHECKS), "held": False}}
    assert judged["units"]["s2a"]["verdict"] == rules.PASSED
    assert judged["units"]["s2b"]["verdict"] == rules.FAILED  # no assembly, and the stage is past
    assert judged["verdict"] == rules.PARTLY
    report = evaluation_report(edition)
    texts = [f.text for f in _unit(report, "deliberation", "s1a").findings]
    assert "1 of 2 tables outside 8-12 residents: table 2 had 7." in texts
    assert "22 of 23 invited came (96%); 1 came without an invitation." in texts
    assert "5 nominations from 2 tables (3 per table expected)." in texts
    empty = _unit(report, "deliberation", "s1b").findings
    assert len(empty) == 1 and empty[0].ok is False and "nobody was checked in" in empty[0].text
    assert any(f"id={assemblies['s1b'].pk}" in link.url for link in empty[0].links)


def test_one_empty_assembly_row_does_not_pass(edition, tree, people):
    from xihu.apps.assemblies.models import Assembly

    set_stage(edition, Stage.ASSEMBLY)
    Assembly.objects.create(edition=edition, unit=tree["s1a"], venue="空", starts_at=timezone.now(),
                            tables=5, created_by=people["staff"])
    judged = _verdicts(edition)["deliberation"]
    assert judged["units"]["s1a"]["verdict"] == rules.FAILED
    assert judged["units"]["s1b"]["verdict"] == rules.NO_DATA  # not scheduled yet, still in the stage
    assert judged["verdict"] == rules.FAILED


def test_a_confirmed_deviation_fails_test_three(edition, tree, people, counted):
    ballot = counted["community"]
    judged = _verdicts(edition)["allocation"]
    assert judged["verdict"] == rules.NO_DATA
    results.result_confirm(ballot=ballot, actor=people["officer"], winners=[2, 3],
                           reason="街道认为楼道灯更急需，改选楼道灯。")
    facts = evaluation_facts(edition)
    row = next(b for b in facts["ballots"] if b["ballot"] == "s1a-community")
    assert (row["computed_winners"], row["confirmed_winners"], row["deviates"]) == ([1, 3], [2, 3], True)
    judged = rules.evaluate(facts)["allocation"]
    assert judged["ballots"]["s1a-community"] is False
    assert judged["units"]["s1a"]["verdict"] == rules.FAILED and judged["verdict"] == rules.FAILED
    report = evaluation_report(edition)
    [finding] = _unit(report, "allocation", "s1a").findings
    assert "departed from the computed winners [1, 3] and confirmed [2, 3]" in finding.text
    assert "改选楼道灯" in finding.text and finding.ok is False
    assert any("type=results.confirmation" in link.url for link in finding.links)


def test_computed_winners_confirmed_unchanged_pass(edition, people, counted):
    results.result_confirm(ballot=counted["community"], actor=people["officer"])
    judged = _verdicts(edition)["allocation"]
    assert judged["units"]["s1a"]["verdict"] == rules.PASSED and judged["verdict"] == rules.PASSED
    assert judged["units"]["s1"]["verdict"] == rules.NO_DATA  # the street ballot is not counted yet


def test_the_count_rules_need_a_closed_count_with_an_independent_scrutineer(edition, tree, counted):
    judged = _verdicts(edition)["procedure"]["units"]
    assert judged["s1a"]["checks"]["count_rules"] is True
    assert judged["s1b"]["checks"]["count_rules"] is None  # no box, no session
    text = [f.text for f in _unit(evaluation_report(edition), "procedure", "s1a").findings]
    assert "The count was closed in public with 1 independent scrutineer(s)." in text
