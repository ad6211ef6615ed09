"""Quota and ballot pages. The street officer (action "set_quotas") prices the ranked projects,
draws and freezes the ballots and prints sheets; experts and the district read everything;
a frozen ballot's page is public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.ballots import selectors
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.models import Ballot, PrintRun
from xihu.apps.ballots.printing import cjk_font_problem
from xihu.apps.editions.access import can_read_everything, decide
from xihu.apps.editions.selectors import current_edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Project
from xihu.errors import Refused


def _may_read(user, street: Unit) -> bool:
    return can_read_everything(user) or user.roles.filter(role="street_officer", unit=street).exists()


def _refused(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


@login_required
@recent_login_required(when=lambda request: request.POST.get("do") == "freeze")
def street(request, unit):
    street = get_object_or_404(Unit, code=unit, kind=Unit.Kind.STREET)
    if not _may_read(request.user, street):
        raise PermissionDenied(_("Only the street's officers, the district and experts see this page."))
    edition = current_edition(street.district)
    if edition is None:
        raise Http404
    if request.method == "POST":
        _street_post(request, edition, street)
        return redirect(request.get_full_path())
    sheets = selectors.street_sheets(edition, street)
    return render(request, "ballots/street.html", {
        "street": street, "edition": edition, "sheets": sheets,
        "may_set": decide(request.user, "set_quotas", street, edition),
    })


def _street_post(request, edition, street: Unit) -> None:
    action = request.POST.get("do")
    try:
        if action == "quota":
            project = get_object_or_404(Project, pk=request.POST.get("project"), edition=edition)
            amount = request.POST.get("amount", "").strip().replace(",", "")
            if not amount.isdigit():
                raise Refused(_("An amount is a positive whole number of yuan."))
            svc.quota_set(project=project, amount=int(amount), note=request.POST.get("note", ""),
                          actor=request.user)
            messages.success(request, _("Amount saved for %(title)s.") % {"title": project.title})
        elif action == "draw":
            unit = get_object_or_404(Unit, code=request.POST.get("unit"))
            if not street.contains(unit):
                raise PermissionDenied
            chosen = {int(p) for p in request.POST.getlist("project") if p.isdigit()}
            ranked = [row.project.pk for row in selectors.unit_sheet(edition, unit).rows]
            svc.ballot_draw(edition=edition, unit=unit, actor=request.user,
                            project_ids=[pid for pid in ranked if pid in chosen])
            messages.success(request, _("The ballot of %(unit)s is drawn.") % {"unit": unit})
        elif action == "freeze":
            ballot = get_object_or_404(Ballot, pk=request.POST.get("ballot"), edition=edition)
            svc.ballot_freeze(ballot=ballot, actor=request.user)
            messages.success(request, _("Frozen. Fingerprint: %(fp)s") % {"fp": ballot.fingerprint})
    except Refused as refusal:
        _refused(request, refusal)


def ballot_detail(request, pk):
    ballot = get_object_or_404(Ballot.objects.select_related("unit", "edition", "frozen_by"), pk=pk)
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    if not ballot.is_frozen and not (request.user.is_authenticated and _may_read(request.user, street)):
        raise Http404(_("This ballot is not frozen yet."))
    return render(request, "ballots/ballot.html", {
        "ballot": ballot, "items": selectors.frozen_ballot_items(ballot),
        "runs": ballot.print_runs.select_related("printed_by"),
        "may_print": ballot.is_frozen and decide(request.user, "set_quotas", street, ballot.edition),
        "font_problem": cjk_font_problem(),
    })


@require_POST
@login_required
def ballot_print(request, pk):
    ballot = get_object_or_404(Ballot, pk=pk)
    count = request.POST.get("count", "")
    try:
        run = svc.print_run_create(ballot=ballot, count=int(count) if count.isdigit() else 0,
                                   actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
        return redirect("ballots:ballot", pk=pk)
    return redirect("ballots:run_pdf", pk=pk, run=run.pk)


@login_required
def run_pdf(request, pk, run):
    from xihu.apps.ballots.pdf import ballot_sheets_pdf

    print_run = get_object_or_404(PrintRun.objects.select_related("ballot__unit"), pk=run, ballot_id=pk)
    ballot = print_run.ballot
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    if not _may_read(request.user, street):
        raise PermissionDenied
    serials = list(range(print_run.first_serial, print_run.last_serial + 1))
    response = HttpResponse(ballot_sheets_pdf(ballot, serials), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ballot-{ballot.unit.code}-{ballot.kind}-{print_run.first_serial}.pdf"')
    return response


def index(request):
    edition = current_edition()
    ballots = selectors.ballots_of(edition).filter(frozen_at__isnull=False) if edition else []
    return render(request, "ballots/index.html", {"edition": edition, "ballots": ballots})
