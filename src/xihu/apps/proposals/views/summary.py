"""The summary table: public page, XLSX and PDF; plan and report for the unit's screeners."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.editions.access import decide
from xihu.apps.proposals import exports, services
from xihu.apps.proposals.forms import PlanForm
from xihu.apps.proposals.permissions import screening_action
from xihu.apps.proposals.selectors.summary import latest_report, summary_digest, summary_table
from xihu.apps.proposals.views.common import show_refusal, unit_in
from xihu.apps.web.formerrors import named_errors
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused


@scoped
def summary(request, edition, unit):
    unit = unit_in(edition, unit)
    table = summary_table(edition, unit)
    report = latest_report(edition, unit)
    action, _target = screening_action(unit)
    return render(request, "proposals/summary.html", {
        "unit": unit, "edition": edition, "table": table, "report": report,
        "report_current": report is not None and report.digest == summary_digest(table),
        "can_screen": decide(request.user, action, unit, edition).allowed,
        "plan_form": PlanForm(initial={"planned_tables": table.planned_tables, "per_table": table.per_table}),
    })


def _filename(unit, ext: str) -> str:
    return f"summary-{unit.code}.{ext}"


@scoped
def summary_xlsx(request, edition, unit):
    unit = unit_in(edition, unit)
    data = exports.summary_xlsx(summary_table(edition, unit))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(unit, "xlsx")}"'
    return response


@scoped
def summary_pdf(request, edition, unit):
    unit = unit_in(edition, unit)
    data = exports.summary_pdf(summary_table(edition, unit))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(unit, "pdf")}"'
    return response


@require_POST
@scoped
def plan(request, edition, unit):
    unit = unit_in(edition, unit)
    form = PlanForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(named_errors(form))
        services.summary_plan_set(edition=edition, unit=unit, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Plan saved."))
    return redirect("proposals:summary", edition=edition.slug, unit=unit.code)


@require_POST
@scoped
def report(request, edition, unit):
    unit = unit_in(edition, unit)
    try:
        services.summary_report(edition=edition, unit=unit, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The summary table is reported, and recorded in the public ledger."))
    return redirect("proposals:summary", edition=edition.slug, unit=unit.code)
