"""Assemblies on the real database: scheduling, attendance, seating, the 3-nomination rule,
the plenary's max-choices rule, tally and ties, corrections, permissions and the ledger."""

import pytest
from django.db import DatabaseError, transaction

from tests.assemblies.helpers import fill_assembly, make_projects, schedule, set_stage
from xihu.apps.assemblies import selectors
from xihu.apps.assemblies import services as svc
from xihu.apps.assemblies.models import PlenaryBallot
from xihu.apps.ledger.models import LedgerEntry
from xihu.errors import Refused


@pytest.fixture
def assembly(world):
    make_projects(world["edition"], world["units"]["s1a"], 12)
    make_projects(world["edition"], world["units"]["s1"], 2, level="street", prefix="街道项目")
    return schedule(world, tables=2)


def staff(world, code="s1a"):
    return world["users"][f"staff_{code}"]


def test_schedule_numbers_the_summary_table_with_street_projects_last(world, assembly):
    items = selectors.items(assembly)
    assert [i.number for i in items] == list(range(1, 15))
    assert [i.project.title for i in items][-2:] == ["街道项目01", "街道项目02"]
    assert assembly.round_tables.count() == 2
    entry = LedgerEntry.objects.filter(action="assembly.schedule").get()
    assert entry.payload["projects"] == 14 and entry.payload["tables"] == 2


def test_other_community_staff_and_wrong_stage_are_refused(world, assembly):
    with pytest.raises(Refused):
        svc.attendee_add(assembly=assembly, name="张三", actor=staff(world, "s1b"))
    set_stage(world["edition"], "quota")
    assembly.edition.stage = "quota"
    with pytest.raises(Refused, match="current stage"):
        svc.attendee_add(assembly=assembly, name="张三", actor=staff(world))


def test_invited_vs_door_attendance_and_private_data_not_in_ledger(world, assembly):
    svc.attendee_add(assembly=assembly, name="李楼长", category="building_leader", phone="13900000000",
                     actor=staff(world))
    proposer = svc.attendee_add(assembly=assembly, name="王提议", category="proposer", actor=staff(world))
    svc.attendee_add(assembly=assembly, name="赵居民", at_door=True, phone="13800000000", actor=staff(world))
    svc.attendee_check_in(attendee=proposer, actor=staff(world))
    with pytest.raises(Refused, match="already checked in"):
        svc.attendee_check_in(attendee=proposer, actor=staff(world))
    seen = selectors.attendance(assembly)
    assert (seen.invited, seen.invited_leaders, seen.invited_proposers, seen.at_door, seen.checked_in) \
        == (2, 1, 1, 1, 2)
    text = str(list(LedgerEntry.objects.values_list("payload", flat=True)))
    assert "1390000" not in text and "李楼长" not in text and "赵居民" not in text


def test_an_adviser_needs_a_social_organisation(world, assembly):
    with pytest.raises(Refused, match="social organisation"):
        svc.attendee_add(assembly=assembly, name="顾问", table_role="adviser", actor=staff(world))


def test_seating_fills_tables_within_bounds(world, assembly):
    fill_assembly(assembly, staff(world), residents=20, households=10)
    found = svc.assembly_seat(assembly=assembly, actor=staff(world))
    assert found == {1: [], 2: []}
    views = selectors.tables(assembly)
    assert [v.residents for v in views] == [10, 10]
    assert [len(v.share) for v in views] == [7, 7]
    for view in views:
        keys = [m.household_key for m in view.members]
        assert len(keys) == len(set(keys)), "one household per table"


def test_seating_warns_when_a_table_breaks_bounds(world, assembly):
    fill_assembly(assembly, staff(world), residents=26)
    found = svc.assembly_seat(assembly=assembly, actor=staff(world))
    assert all(any("13 residents" in w for w in found[n]) for n in (1, 2))
    svc.attendee_move(attendee=assembly.attendees.filter(table_no=1, table_role="host").get(),
                      table_no=2, actor=staff(world))
    views = {v.table.number: v for v in selectors.tables(assembly)}
    assert "Lacks a table host." in views[1].warnings


def test_exactly_three_nominations_with_reasons(world, assembly):
    table = assembly.round_tables.get(number=1)
    pids = [i.project_id for i in selectors.items(assembly)]
    for bad, message in [
        ([(pids[0], "好")], "exactly 3"),
        ([(pids[0], "好"), (pids[1], "好"), (pids[2], "好"), (pids[3], "好")], "exactly 3"),
        ([(pids[0], "好"), (pids[0], "好"), (pids[2], "好")], "twice"),
        ([(pids[0], "好"), (pids[1], ""), (pids[2], "好")], "short reason"),
        ([(pids[0], "好"), (pids[1], "好"), (999999, "好")], "summary table"),
    ]:
        with pytest.raises(Refused, match=message):
            svc.table_record(table=table, notes="讨论", nominations=bad, actor=staff(world))
    svc.table_record(table=table, notes="讨论热烈", actor=staff(world),
                     nominations=[(pids[0], "老人多"), (pids[1], "安全"), (pids[2], "便民")])
    svc.table_record(table=table, notes="改", actor=staff(world),
                     nominations=[(pids[3], "老人多"), (pids[1], "安全"), (pids[2], "便民")])
    assert list(table.nominations.values_list("project_id", flat=True)) == [pids[3], pids[1], pids[2]]


def _vote(world, assembly, numbers_list, **kw):
    pid = {i.number: i.project_id for i in selectors.items(assembly)}
    actor = staff(world, assembly.unit.code)
    return [svc.plenary_ballot_enter(assembly=assembly, choices=[pid[n] for n in numbers],
                                     actor=actor, blank=not numbers, **kw) for numbers in numbers_list]


def test_more_than_max_choices_is_kept_and_counted_invalid(world, assembly):
    fill_assembly(assembly, staff(world), residents=10)
    _vote(world, assembly, [list(range(1, 11)), list(range(1, 12)), [], [1]])
    tally = selectors.plenary_tally(assembly)
    assert (tally.ballots, tally.valid, tally.blank, tally.invalid) == (4, 2, 1, {"over_vote": 1})
    pid1 = str(selectors.items(assembly)[0].project_id)
    assert tally.votes[pid1] == 2
    tally.check()


def test_max_choices_is_configurable(world):
    make_projects(world["edition"], world["units"]["s1a"], 6)
    assembly = schedule(world, tables=1, max_choices=3)
    fill_assembly(assembly, staff(world), residents=8)
    _vote(world, assembly, [[1, 2, 3], [1, 2, 3, 4]])
    assert selectors.plenary_tally(assembly).invalid == {"over_vote": 1}


def test_ranked_list_shows_ties_as_ties(world, assembly):
    fill_assembly(assembly, staff(world), residents=10)
    _vote(world, assembly, [[1, 2, 3], [1, 2], [1, 3], [4]])
    rows = selectors.ranking(assembly)
    head = [(r.rank, r.number, r.votes, r.tied) for r in rows[:4]]
    assert head == [(1, 1, 3, False), (2, 2, 2, True), (2, 3, 2, True), (4, 4, 1, False)]
    assert rows[-1].rank == 5 and rows[-1].votes == 0 and rows[-1].tied


def test_no_more_ballots_than_checked_in_attendees(world, assembly):
    svc.attendee_add(assembly=assembly, name="甲", at_door=True, actor=staff(world))
    _vote(world, assembly, [[1]])
    with pytest.raises(Refused, match="1 checked-in"):
        _vote(world, assembly, [[2]])


def test_unknown_or_repeated_choices_are_refused_at_entry(world, assembly):
    svc.attendee_add(assembly=assembly, name="甲", at_door=True, actor=staff(world))
    with pytest.raises(Refused, match="summary table"):
        svc.plenary_ballot_enter(assembly=assembly, choices=[999999], actor=staff(world))


def test_a_correction_replaces_a_ballot_and_rows_are_append_only(world, assembly):
    fill_assembly(assembly, staff(world), residents=8)
    first, = _vote(world, assembly, [[1, 2]])
    _vote(world, assembly, [[3]], corrects=first)
    tally = selectors.plenary_tally(assembly)
    assert tally.ballots == 1
    with pytest.raises(Refused, match="already corrected"):
        _vote(world, assembly, [[4]], corrects=first)
    with pytest.raises(DatabaseError), transaction.atomic():
        PlenaryBallot.objects.filter(pk=first.pk).update(choices=[])
    with pytest.raises(DatabaseError), transaction.atomic():
        PlenaryBallot.objects.filter(pk=first.pk).delete()


def test_street_projects_are_ranked_over_the_street_communities(world, assembly):
    make_projects(world["edition"], world["units"]["s1b"], 3)
    other = schedule(world, code="s1b", tables=1)
    fill_assembly(assembly, staff(world), residents=8)
    fill_assembly(other, staff(world, "s1b"), residents=8)
    _vote(world, assembly, [[13], [13, 14]])   # 13, 14: the street projects in s1a
    _vote(world, other, [[5], [5], [4]])       # 4, 5: the street projects in s1b
    rows = selectors.street_ranking(world["edition"], world["units"]["s1"])
    assert [(r.rank, r.project.title, r.votes, r.tied) for r in rows] == [
        (1, "街道项目01", 3, True), (1, "街道项目02", 3, True)]


def test_inviting_the_register_invites_voters_once(world, assembly):
    from datetime import date

    from xihu.apps.proposals.models import Household, RegisteredResident

    home = Household.objects.create(community=world["units"]["s1a"], household_no="001", building="3")
    elsewhere = Household.objects.create(community=world["units"]["s1b"], household_no="002", building="1")
    RegisteredResident.objects.create(household=home, name="老张", birth_date=date(1950, 3, 1))
    RegisteredResident.objects.create(household=home, name="小张", birth_date=date(2010, 3, 1))  # too young
    RegisteredResident.objects.create(household=elsewhere, name="老李", birth_date=date(1960, 3, 1))
    assert svc.attendees_invite_register(assembly=assembly, actor=staff(world)) == 1
    assert svc.attendees_invite_register(assembly=assembly, actor=staff(world)) == 0
    invited = assembly.attendees.get()
    assert (invited.name, invited.household_key) == ("老张", f"h{home.pk}")
    assert selectors.attendance(assembly).invited_residents == 1


def test_fewer_tables_unseat_the_people_of_the_removed_tables(world, assembly):
    fill_assembly(assembly, staff(world), residents=16)
    svc.assembly_seat(assembly=assembly, actor=staff(world))
    assembly = schedule(world, tables=1)
    assert selectors.unseated(assembly) == 8 + 3
    assert [len(v.members) for v in selectors.tables(assembly)] == [11]
