"""Quota and ballot pages. The street officer (action "set_quotas") prices the ranked projects,
draws and freezes the ballots and prints sheets; experts and the district read everything;
a frozen ballot's page is public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.ballots import selectors
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.models import Ballot, PrintRun
from xihu.apps.ballots.printing import cjk_font_problem
from xihu.apps.editions.access import can_read_everything, decide
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Project
from xihu.apps.web.confirm import confirm_page, confirmed, refuse_unconfirmed
from xihu.apps.web.scoping import scoped, unit_or_404
from xihu.apps.web.templatetags.humanize_cn import yuan
from xihu.errors import Refused


def _may_read(user, street: Unit) -> bool:
    return can_read_everything(user) or user.roles.filter(role="street_officer", unit=street).exists()


def _refused(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


@login_required
@recent_login_required(when=lambda request: request.POST.get("do") == "freeze")
@scoped
def street(request, edition, unit):
    street = unit_or_404(edition, unit, Unit.Kind.STREET)
    if not _may_read(request.user, street):
        raise PermissionDenied(_("Only the street's officers, the district and experts see this page."))
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
            unit = unit_or_404(edition, request.POST.get("unit", ""))
            if not street.contains(unit):
                raise PermissionDenied
            chosen = {int(p) for p in request.POST.getlist("project") if p.isdigit()}
            ranked = [row.project.pk for row in selectors.unit_sheet(edition, unit).rows]
            svc.ballot_draw(edition=edition, unit=unit, actor=request.user,
                            project_ids=[pid for pid in ranked if pid in chosen])
            messages.success(request, _("The ballot of %(unit)s is drawn.") % {"unit": unit})
        elif action == "freeze":
            ballot = get_object_or_404(Ballot, pk=request.POST.get("ballot"), edition=edition)
            if not confirmed(request):
                refuse_unconfirmed(request, reverse("ballots:freeze", args=[edition.slug, ballot.pk]))
                return
            _freeze(request, ballot)
    except Refused as refusal:
        _refused(request, refusal)


def _freeze(request, ballot: Ballot) -> None:
    svc.ballot_freeze(ballot=ballot, actor=request.user)
    ballot.refresh_from_db()
    # The 64-character fingerprint as a breakable hash: plain text ran off a phone's screen.
    messages.success(request, format_html(
        escape(_("Frozen. Fingerprint: %(fp)s")).replace("%(fp)s", "{}"),
        format_html('<code class="hash" id="frozen-fingerprint">{}</code>', ballot.fingerprint)))


@login_required
@recent_login_required
@scoped
def ballot_freeze(request, edition, pk):
    """The confirmation step before freezing: what the ballot holds and that it never changes."""
    ballot = get_object_or_404(Ballot.objects.select_related("unit__parent"), pk=pk, edition=edition)
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    here = reverse("ballots:freeze", args=[edition.slug, pk])
    if request.method == "POST":
        if not confirmed(request):
            return refuse_unconfirmed(request, here)
        try:
            _freeze(request, ballot)
        except Refused as refusal:
            _refused(request, refusal)
            return redirect(here)
        return redirect(reverse("ballots:street", args=[edition.slug, street.code]) + f"#unit-{ballot.unit.code}")
    items = list(ballot.items.order_by("number"))
    decision = decide(request.user, "set_quotas", street, edition)
    blockers = decision.reasons + ([_("This ballot is already frozen.")] if ballot.is_frozen else [])
    return confirm_page(
        request, title=_("Freeze the ballot of %(unit)s") % {"unit": ballot.unit},
        statements=[
            _("The %(kind)s of %(unit)s is frozen with %(n)d projects, in this order, with these amounts.")
            % {"kind": ballot.get_kind_display(), "unit": ballot.unit, "n": len(items)},
            _("From then on neither the projects, nor their amounts, nor their order can change; "
              "the database refuses it."),
            _("Its fingerprint is published in the public ledger; printed sheets and voting use "
              "exactly this ballot."),
        ],
        details=[f"{i.number}. {i.title} · {yuan(i.amount)}" for i in items],
        action=here, button=_("Yes, freeze this ballot"), blockers=blockers,
        cancel=reverse("ballots:street", args=[edition.slug, street.code]))


@scoped
def ballot_detail(request, edition, pk):
    ballot = get_object_or_404(Ballot.objects.select_related("unit", "edition", "frozen_by"), pk=pk,
                               edition=edition)
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    if not ballot.is_frozen and not (request.user.is_authenticated and _may_read(request.user, street)):
        raise Http404(_("This ballot is not frozen yet."))
    return render(request, "ballots/ballot.html", {
        "edition": edition, "ballot": ballot, "items": selectors.frozen_ballot_items(ballot),
        "runs": ballot.print_runs.select_related("printed_by"),
        "may_print": ballot.is_frozen and decide(request.user, "set_quotas", street, ballot.edition),
        "font_problem": cjk_font_problem(),
    })


@require_POST
@login_required
@scoped
def ballot_print(request, edition, pk):
    ballot = get_object_or_404(Ballot, pk=pk, edition=edition)
    count = request.POST.get("count", "")
    try:
        run = svc.print_run_create(ballot=ballot, count=int(count) if count.isdigit() else 0,
                                   actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
        return redirect("ballots:ballot", edition=edition.slug, pk=pk)
    return redirect("ballots:run_pdf", edition=edition.slug, pk=pk, run=run.pk)


@login_required
@scoped
def run_pdf(request, edition, pk, run):
    from xihu.apps.ballots.pdf import ballot_sheets_pdf

    print_run = get_object_or_404(PrintRun.objects.select_related("ballot__unit"), pk=run, ballot_id=pk,
                                  ballot__edition=edition)
    ballot = print_run.ballot
    street = ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent
    if not _may_read(request.user, street):
        raise PermissionDenied
    serials = list(range(print_run.first_serial, print_run.last_serial + 1))
    response = HttpResponse(ballot_sheets_pdf(ballot, serials), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ballot-{ballot.unit.code}-{ballot.kind}-{print_run.first_serial}.pdf"')
    return response


@scoped
def index(request, edition):
    ballots = selectors.ballots_of(edition).filter(frozen_at__isnull=False)
    return render(request, "ballots/index.html", {"edition": edition, "ballots": ballots})
