"""The summary table (项目征集汇总表) of a unit: live projects with their sources and target."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Prefetch

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Project, ProjectSource, SummaryPlan, SummaryReport
from xihu.apps.proposals.models.summary import DEFAULT_TABLES


@dataclass
class SummaryTable:
    edition: Edition
    unit: Unit
    rows: list[Project]
    planned_tables: int
    per_table: int

    @property
    def target(self) -> int:
        return self.planned_tables * self.per_table

    @property
    def targets(self) -> tuple[int, int]:
        return self.planned_tables * 10, self.planned_tables * 11

    @property
    def gap(self) -> int:
        """Projects still to merge away (positive) or missing (negative) to reach the target."""
        return len(self.rows) - self.target

    @property
    def proposals(self) -> int:
        return sum(len(p.live_sources) for p in self.rows)


def summary_plan(edition: Edition, unit: Unit) -> SummaryPlan:
    """The plan in force, or the default (unsaved) when none was set."""
    plan = SummaryPlan.objects.filter(edition=edition, unit=unit).first()
    return plan or SummaryPlan(edition=edition, unit=unit, planned_tables=DEFAULT_TABLES, per_table=10)


def planned_tables(edition: Edition, unit: Unit) -> int:
    """Contract for assemblies: the number of round tables planned for the unit's assembly."""
    return summary_plan(edition, unit).planned_tables


def live_projects(edition: Edition, unit: Unit):
    sources = Prefetch("sources", to_attr="live_sources", queryset=ProjectSource.objects.filter(
        released_at__isnull=True).select_related("proposal").order_by("proposal_id"))
    return (Project.objects.live().filter(edition=edition, unit=unit)
            .prefetch_related(sources).order_by("pk"))


def summary_table(edition: Edition, unit: Unit) -> SummaryTable:
    """Rows grouped by category (as the printed table is read), oldest project first within."""
    plan = summary_plan(edition, unit)
    rows = sorted(live_projects(edition, unit), key=lambda p: (p.category, p.pk))
    return SummaryTable(edition, unit, rows, plan.planned_tables, plan.per_table)


def summary_digest(table: SummaryTable) -> str:
    """SHA-256 of the table's content: projects, titles, locations and source receipts."""
    rows = [[p.pk, p.title, p.location_text, [s.proposal.receipt_code for s in p.live_sources]]
            for p in table.rows]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def latest_report(edition: Edition, unit: Unit) -> SummaryReport | None:
    return SummaryReport.objects.filter(edition=edition, unit=unit).order_by("-reported_at", "-pk").first()


@dataclass(frozen=True)
class ReportState:
    unit: Unit
    report: SummaryReport | None
    current: bool
    projects: int


def report_states(edition: Edition) -> list[ReportState]:
    """Every unit with live projects (communities, and streets with street projects): is its
    table reported as it is? A unit without projects has no table to report."""
    with_projects = set(Project.objects.live().filter(edition=edition).values_list("unit_id", flat=True))
    units = Unit.objects.filter(pk__in=with_projects).select_related("parent").order_by("kind", "code")
    states = []
    for unit in units:
        table = summary_table(edition, unit)
        report = latest_report(edition, unit)
        current = report is not None and report.digest == summary_digest(table)
        states.append(ReportState(unit, report, current, len(table.rows)))
    return states
