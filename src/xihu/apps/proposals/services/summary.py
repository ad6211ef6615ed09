"""The summary table's plan (round tables x 10 or 11) and its report to the street."""

from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import SummaryPlan, SummaryReport
from xihu.apps.proposals.permissions import require_screening
from xihu.apps.proposals.selectors.summary import summary_digest, summary_plan, summary_table
from xihu.errors import Refused


@transaction.atomic
def summary_plan_set(*, edition: Edition, unit: Unit, planned_tables: int, per_table: int,
                     actor) -> SummaryPlan:
    require_screening(actor, unit, edition)
    if per_table not in (10, 11):
        raise Refused(_("The list is 10 or 11 projects per round table."))
    if not 1 <= planned_tables <= 50:
        raise Refused(_("Plan between 1 and 50 round tables."))
    plan, _created = SummaryPlan.objects.update_or_create(
        edition=edition, unit=unit, defaults={"planned_tables": planned_tables, "per_table": per_table})
    ledger_append(actor=actor, action="summary.plan", obj=plan, payload={
        "unit": unit.code, "planned_tables": planned_tables, "per_table": per_table,
    })
    return plan


@transaction.atomic
def summary_report(*, edition: Edition, unit: Unit, actor) -> SummaryReport:
    """Report the unit's summary table to the street (a community) or district (a street)."""
    require_screening(actor, unit, edition)
    table = summary_table(edition, unit)
    if not table.rows:
        raise Refused(_("The summary table is empty: there is nothing to report."))
    plan = summary_plan(edition, unit)
    report = SummaryReport.objects.create(
        edition=edition, unit=unit, projects=len(table.rows), target=plan.target,
        digest=summary_digest(table), reported_by=actor)
    ledger_append(actor=actor, action="summary.report", obj=report, payload={
        "unit": unit.code, "projects": report.projects, "target": report.target,
        "digest": report.digest,
    })
    return report
