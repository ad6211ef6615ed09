"""Quotas, drawing and freezing ballots on the real database, and the voting precondition."""

import hashlib

import pytest
from django.db import DatabaseError, transaction

from tests.assemblies.helpers import make_projects, set_stage
from tests.ballots.helpers import ranked_world
from xihu.apps.ballots import selectors
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.models import Ballot, BallotItem, Quota
from xihu.apps.editions.preconditions import failing_reasons
from xihu.apps.ledger.models import LedgerEntry
from xihu.engine.ledger import canonical_json
from xihu.errors import Refused


@pytest.fixture
def ranked(world):
    return ranked_world(world)


def officer(world, street="s1"):
    return world["users"][f"officer_{street}"]


def price_all(ranked, amount=50_000):
    for project in ranked["projects"] + ranked["street_projects"]:
        svc.quota_set(project=project, amount=amount, note="专家估算", actor=officer(ranked))


def test_quota_validation(ranked):
    project = ranked["projects"][0]
    for amount in (0, -5, 12.5, "100", True):
        with pytest.raises(Refused, match="whole number"):
            svc.quota_set(project=project, amount=amount, note="估算", actor=officer(ranked))
    with pytest.raises(Refused, match="cost note"):
        svc.quota_set(project=project, amount=1000, note="  ", actor=officer(ranked))
    with pytest.raises(Refused):  # another street's officer
        svc.quota_set(project=project, amount=1000, note="估算", actor=officer(ranked, "s2"))
    with pytest.raises(Refused):  # experts advise, they do not set
        svc.quota_set(project=project, amount=1000, note="估算", actor=ranked["users"]["expert"])


def test_quota_is_refused_outside_the_quota_stage(ranked):
    set_stage(ranked["edition"], "voting")
    with pytest.raises(Refused, match="current stage"):
        svc.quota_set(project=ranked["projects"][0], amount=1000, note="估算", actor=officer(ranked))


def test_a_change_is_a_new_row_and_rows_are_append_only(ranked):
    project = ranked["projects"][0]
    first = svc.quota_set(project=project, amount=30_000, note="初估", actor=officer(ranked))
    svc.quota_set(project=project, amount=45_000, note="专家建议加装扶手", actor=officer(ranked))
    assert selectors.current_quotas(ranked["edition"], [project])[project.pk].amount == 45_000
    assert [q.amount for q in selectors.quota_history(project)] == [45_000, 30_000]
    with pytest.raises(DatabaseError), transaction.atomic():
        Quota.objects.filter(pk=first.pk).update(amount=1)


def test_projects_above_the_budget_are_flagged_and_kept_off_the_ballot(ranked):
    big = ranked["projects"][0]
    svc.quota_set(project=big, amount=300_001, note="超预算", actor=officer(ranked))
    sheet = selectors.unit_sheet(ranked["edition"], ranked["units"]["s1a"])
    flagged = [r.project.pk for r in sheet.rows if r.over_budget]
    assert flagged == [big.pk]
    assert LedgerEntry.objects.filter(action="ballots.quota_set").last().payload["over_budget"] is True
    with pytest.raises(Refused, match="more than the whole budget"):
        svc.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"], project_ids=[big.pk],
                        actor=officer(ranked))


def test_community_ranked_list_orders_the_sheet(ranked):
    sheet = selectors.unit_sheet(ranked["edition"], ranked["units"]["s1a"])
    assert [r.project.title for r in sheet.rows] == [f"社区项目{i:02d}" for i in range(1, 7)]
    assert [r.rank for r in sheet.rows] == [1, 2, 3, 4, 5, 6]


def test_draw_puts_projects_on_the_right_ballot(ranked):
    price_all(ranked)
    edition, units = ranked["edition"], ranked["units"]
    ids = [p.pk for p in ranked["projects"][:4]]
    with pytest.raises(Refused, match="not a live street project"):
        svc.ballot_draw(edition=edition, unit=units["s1"], project_ids=ids, actor=officer(ranked))
    with pytest.raises(Refused, match="no budget amount"):
        other = make_projects(edition, units["s1a"], 1, prefix="未定价")[0]
        svc.ballot_draw(edition=edition, unit=units["s1a"], project_ids=[other.pk], actor=officer(ranked))
    community = svc.ballot_draw(edition=edition, unit=units["s1a"], project_ids=ids, actor=officer(ranked))
    street = svc.ballot_draw(edition=edition, unit=units["s1"], actor=officer(ranked),
                             project_ids=[p.pk for p in ranked["street_projects"]])
    assert (community.kind, street.kind) == ("community", "street")
    assert (community.max_choices, community.budget, street.budget) == (5, 300_000, 1_000_000)
    assert [(i.number, i.title, i.amount) for i in community.items.all()][:2] == [
        (1, "社区项目01", 50_000), (2, "社区项目02", 50_000)]


def test_freeze_records_the_fingerprint_and_nothing_changes_after(ranked):
    price_all(ranked)
    edition, units = ranked["edition"], ranked["units"]
    ids = [p.pk for p in ranked["projects"][:3]]
    ballot = svc.ballot_draw(edition=edition, unit=units["s1a"], project_ids=ids, actor=officer(ranked))
    ballot = svc.ballot_freeze(ballot=ballot, actor=officer(ranked))
    expected = hashlib.sha256(canonical_json({
        "edition": "pilot", "unit": "s1a", "kind": "community", "max_choices": 5, "budget": 300_000,
        "items": [[n, pid, f"社区项目{n:02d}", 50_000] for n, pid in enumerate(ids, start=1)],
    })).hexdigest()
    assert ballot.fingerprint == expected
    entry = LedgerEntry.objects.get(action="ballots.freeze")
    assert entry.payload["fingerprint"] == expected and entry.object_id == str(ballot.pk)
    with pytest.raises(Refused, match="frozen"):
        svc.ballot_draw(edition=edition, unit=units["s1a"], project_ids=ids[:1], actor=officer(ranked))
    with pytest.raises(Refused, match="already frozen"):
        svc.ballot_freeze(ballot=ballot, actor=officer(ranked))
    with pytest.raises(Refused, match="frozen"):
        svc.quota_set(project=ranked["projects"][0], amount=1, note="改", actor=officer(ranked))
    for attempt in (
        lambda: Ballot.objects.filter(pk=ballot.pk).update(max_choices=9),
        lambda: BallotItem.objects.filter(ballot=ballot).update(amount=1),
        lambda: BallotItem.objects.create(ballot=ballot, number=9, project=ranked["projects"][5],
                                          title="x", amount=1),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert svc.ballot_fingerprint(Ballot.objects.get(pk=ballot.pk)) == expected


def test_delete_of_frozen_items_is_refused_on_both_databases(ranked):
    from django.db import connection

    price_all(ranked)
    ballot = svc.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                             project_ids=[ranked["projects"][0].pk], actor=officer(ranked))
    svc.ballot_freeze(ballot=ballot, actor=officer(ranked))
    with pytest.raises(DatabaseError), transaction.atomic():
        BallotItem.objects.filter(ballot=ballot).delete()
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ballots_ballotitem WHERE ballot_id = %s", [ballot.pk])
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ballots_ballot WHERE id = %s", [ballot.pk])
    assert BallotItem.objects.filter(ballot=ballot).count() == 1


def test_an_empty_ballot_cannot_be_drawn(ranked):
    with pytest.raises(Refused, match="at least one"):
        svc.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"], project_ids=[],
                        actor=officer(ranked))


def test_voting_waits_for_every_ballot_with_projects(ranked):
    price_all(ranked)
    edition, units = ranked["edition"], ranked["units"]
    reasons = failing_reasons(edition, "voting")
    assert any("s1a" in r for r in reasons) and any("s1" in r and "street ballot" in r for r in reasons)
    community = svc.ballot_draw(edition=edition, unit=units["s1a"], actor=officer(ranked),
                                project_ids=[p.pk for p in ranked["projects"]])
    street = svc.ballot_draw(edition=edition, unit=units["s1"], actor=officer(ranked),
                             project_ids=[p.pk for p in ranked["street_projects"]])
    svc.ballot_freeze(ballot=community, actor=officer(ranked))
    assert [r for r in failing_reasons(edition, "voting") if "ballot" in r] == [
        "The street ballot of s1 is not frozen yet."]
    svc.ballot_freeze(ballot=street, actor=officer(ranked))
    assert not [r for r in failing_reasons(edition, "voting") if "ballot" in r]


def test_print_runs_number_sheets_consecutively(ranked):
    price_all(ranked)
    ballot = svc.ballot_draw(edition=ranked["edition"], unit=ranked["units"]["s1a"],
                             project_ids=[ranked["projects"][0].pk], actor=officer(ranked))
    with pytest.raises(Refused, match="Freeze"):
        svc.print_run_create(ballot=ballot, count=10, actor=officer(ranked))
    svc.ballot_freeze(ballot=ballot, actor=officer(ranked))
    first = svc.print_run_create(ballot=ballot, count=10, actor=officer(ranked))
    second = svc.print_run_create(ballot=ballot, count=5, actor=officer(ranked))
    assert (first.first_serial, first.last_serial, second.first_serial, second.last_serial) == (1, 10, 11, 15)
