"""Reads for screening assemblies: summary tables, attendance, tables and the plenary count.

Counting always goes through the engine (`xihu.engine.tally`): one count function for the
projector page, the ranked list, the API and the tests.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from xihu.apps.assemblies import seating
from xihu.apps.assemblies.models import (
    TABLE_MAX_RESIDENTS,
    TABLE_MIN_RESIDENTS,
    Assembly,
    AssemblyItem,
    Attendee,
    PlenaryBallot,
    RoundTable,
)
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Level, Project
from xihu.engine.tally import Tally, make_tally, ranked, tally_approval

LEADERS = (Attendee.Category.GROUP_LEADER, Attendee.Category.BUILDING_LEADER)


def summary_projects(edition: Edition, community: Unit) -> list[Project]:
    """What the community's assembly screens: its live community projects, then the live street
    projects of its street (ranked street-wide from every community's plenary)."""
    mine = Project.objects.live().filter(edition=edition, unit=community, level=Level.COMMUNITY)
    street = Project.objects.live().filter(edition=edition, unit=community.parent_id, level=Level.STREET)
    return list(mine.order_by("pk")) + list(street.order_by("pk"))


def assembly_for(edition: Edition | None, unit: Unit) -> Assembly | None:
    if edition is None:
        return None
    return Assembly.objects.filter(edition=edition, unit=unit).select_related("unit", "edition").first()


def items(assembly: Assembly) -> list[AssemblyItem]:
    return list(assembly.items.select_related("project"))


@dataclass(frozen=True)
class Attendance:
    invited: int
    invited_leaders: int
    invited_proposers: int
    invited_residents: int
    at_door: int
    checked_in: int


def attendance(assembly: Assembly) -> Attendance:
    """How many were invited (leaders vs. everyone else), came at the door, and checked in."""
    row = assembly.attendees.aggregate(
        n_invited=Count("pk", filter=Q(invited=True)),
        n_leaders=Count("pk", filter=Q(invited=True, category__in=LEADERS)),
        n_proposers=Count("pk", filter=Q(invited=True, category=Attendee.Category.PROPOSER)),
        n_residents=Count("pk", filter=Q(invited=True, category=Attendee.Category.RESIDENT)),
        n_at_door=Count("pk", filter=Q(invited=False)),
        n_checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return Attendance(row["n_invited"], row["n_leaders"], row["n_proposers"], row["n_residents"],
                      row["n_at_door"], row["n_checked_in"])


@dataclass
class TableView:
    table: RoundTable
    members: list[Attendee]
    warnings: list[str]
    share: list[AssemblyItem]

    @property
    def residents(self) -> int:
        return sum(1 for m in self.members if m.table_role == Attendee.TableRole.RESIDENT)


def table_share(assembly: Assembly, number: int, all_items: list[AssemblyItem] | None = None) -> list[AssemblyItem]:
    """The part of the summary table that table `number` discusses: consecutive, even slices."""
    rows = all_items if all_items is not None else items(assembly)
    n, tables = len(rows), assembly.tables
    start, end = (number - 1) * n // tables, number * n // tables
    return rows[start:end]


def tables(assembly: Assembly) -> list[TableView]:
    """Every round table with its members, its warnings and its share of the summary table."""
    all_items = items(assembly)
    seated = assembly.attendees.filter(checked_in_at__isnull=False, table_no__isnull=False)
    members: dict[int, list[Attendee]] = {}
    for attendee in seated.select_related("organisation"):
        members.setdefault(attendee.table_no, []).append(attendee)
    plans = [
        seating.Table(n, [seating.Person(a.pk, a.table_role, a.household_key) for a in members.get(n, [])])
        for n in range(1, assembly.tables + 1)
    ]
    found = seating.warnings(plans, TABLE_MIN_RESIDENTS, TABLE_MAX_RESIDENTS) if seated else {}
    views = []
    for table in assembly.round_tables.filter(number__lte=assembly.tables).prefetch_related(
            "nominations__project"):
        views.append(TableView(table, members.get(table.number, []), found.get(table.number, []),
                               table_share(assembly, table.number, all_items)))
    return views


def unseated(assembly: Assembly) -> int:
    return assembly.attendees.filter(checked_in_at__isnull=False, table_no__isnull=True).count()


def counted_ballots(assembly: Assembly):
    """The plenary ballots that count: every row not replaced by a correction."""
    return PlenaryBallot.objects.filter(assembly=assembly, corrected_by__isnull=True)


def plenary_tally(assembly: Assembly) -> Tally:
    project_ids = [str(pid) for pid in assembly.items.values_list("project_id", flat=True)]
    choices = counted_ballots(assembly).values_list("choices", flat=True)
    return tally_approval(([str(c) for c in row] for row in choices), project_ids, assembly.max_choices)


@dataclass(frozen=True)
class RankRow:
    rank: int
    tied: bool
    number: int
    project: Project
    votes: int


def ranking(assembly: Assembly, tally: Tally | None = None, level: str | None = None) -> list[RankRow]:
    """The ranked list, high to low; projects with equal votes share a rank and are marked tied."""
    tally = tally or plenary_tally(assembly)
    by_id = {str(i.project_id): i for i in items(assembly)}
    if level:
        by_id = {k: v for k, v in by_id.items() if v.project.level == level}
    return rank_rows(tally, by_id)


def rank_rows(tally: Tally, by_id: dict) -> list[RankRow]:
    """Rows for the projects in `by_id` (engine id -> summary item or project), high to low:
    a tie group shares the rank of its first place; the next group's rank skips past it."""
    rows, rank = [], 1
    for group in ranked(tally):
        members = [pid for pid in group if pid in by_id]
        for pid in members:
            item = by_id[pid]
            rows.append(RankRow(rank, len(members) > 1, getattr(item, "number", 0),
                                getattr(item, "project", item), tally.votes[pid]))
        rank += len(members)
    return rows


def street_ranking(edition: Edition, street: Unit) -> list[RankRow]:
    """Street projects ranked by their votes summed over every community assembly of the street
    (each assembly counted by the engine; ties shared as in one ranked list)."""
    projects = {str(p.pk): p for p in Project.objects.live().filter(
        edition=edition, unit=street, level=Level.STREET).order_by("pk")}
    totals = dict.fromkeys(projects, 0)
    for assembly in Assembly.objects.filter(edition=edition, unit__parent=street):
        tally = plenary_tally(assembly)
        for pid in projects:
            totals[pid] += tally.votes.get(pid, 0)
    # Only the vote totals matter for ranking; the ballot accounting stays per assembly.
    combined = make_tally(list(projects), totals, 1, valid=0, blank=0, invalid={})
    return rank_rows(combined, projects)


def community_ranking(edition: Edition, community: Unit) -> list[RankRow]:
    assembly = assembly_for(edition, community)
    return ranking(assembly, level=Level.COMMUNITY) if assembly else []
