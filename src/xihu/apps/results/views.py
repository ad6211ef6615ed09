"""Thin views: public results and the count/confirmation/implementation pages.

Reads go through selectors, writes through services; every refusal is shown with its reasons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting, selectors, services
from xihu.apps.results.evaluation import evaluation
from xihu.apps.results.export import cached_zip
from xihu.apps.results.forms import (
    ConfirmForm,
    ExplanationForm,
    ImplementationForm,
    OpenSessionForm,
    TypedTotalForm,
)
from xihu.apps.results.models import CountSession, ImplementationUpdate
from xihu.apps.results.permissions import implementation_refusals
from xihu.apps.results.services.implementation import is_funded
from xihu.apps.voting.models import Box
from xihu.apps.web.bodies import page_body
from xihu.apps.web.confirm import confirm_page as confirmation_page
from xihu.apps.web.confirm import confirmed, refuse_unconfirmed
from xihu.apps.web.formerrors import named_errors
from xihu.apps.web.scoping import scoped, unit_or_404
from xihu.errors import Refused


def _refused(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


# --- public results -------------------------------------------------------------------------

@scoped
def overview(request, edition):
    body = page_body("results-overview", edition, "results/_overview.html", lambda: {
        "edition": edition, "tree": selectors.district_overview(edition),
        "funded": selectors.funded_items(edition),
    })
    return render(request, "results/overview.html", {"edition": edition, "body": body})


@scoped
def unit_page(request, edition, code: str):
    unit = unit_or_404(edition, code)
    if unit.kind == Unit.Kind.DISTRICT:
        return redirect("results:overview", edition=edition.slug)
    body = page_body(f"results-unit:{unit.code}", edition, "results/_unit.html", lambda: {
        "edition": edition, "unit": unit,
        "results": selectors.unit_results(edition, unit),
        "sessions": selectors.unit_sessions(edition, unit),
        "counts": selectors.street_counts(edition, unit) if unit.kind == Unit.Kind.STREET else [],
    })
    return render(request, "results/unit.html", {"edition": edition, "unit": unit, "body": body})


@scoped
def evaluation_page(request, edition):
    return render(request, "results/evaluation.html", {
        "edition": edition, "tests": evaluation(edition),
    })


@scoped
def export_download(request, edition):
    name = cached_zip(edition)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True,
                        filename=f"xihu-{edition.slug}-export.zip", content_type="application/zip")


# --- count sessions -------------------------------------------------------------------------

def _community(edition: Edition, code: str) -> Unit:
    return unit_or_404(edition, code, Unit.Kind.COMMUNITY)


@scoped
def count_page(request, edition, unit: str):
    community = _community(edition, unit)
    may_open = decide(request.user, "count", community, edition).allowed
    sessions = CountSession.objects.filter(edition=edition, community=community)
    return render(request, "results/count.html", {
        "community": community, "edition": edition, "sessions": sessions, "may_open": may_open,
        "form": OpenSessionForm(community=community) if may_open else None,
    })


@require_POST
@login_required
@scoped
def session_open(request, edition, unit: str):
    community = _community(edition, unit)
    form = OpenSessionForm(request.POST, community=community)
    if not form.is_valid():
        for error in named_errors(form):
            messages.error(request, error)
        return redirect("results:count", edition=edition.slug, unit=unit)
    try:
        session = services.count_session_open(
            edition=edition, community=community, counters=list(form.cleaned_data["counters"]),
            scrutineers=list(form.cleaned_data["scrutineers"]),
            place=form.cleaned_data["place"], actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
        return redirect("results:count", edition=edition.slug, unit=unit)
    messages.success(request, _("The count session is open."))
    return redirect("results:session", edition=edition.slug, pk=session.pk)


@scoped
def session_page(request, edition, pk: int):
    session = get_object_or_404(CountSession.objects.select_related("community", "edition", "opened_by"),
                                pk=pk, edition=edition)
    view = counting.session_view(session)
    member = next((m for m in view.members if m.user_id == request.user.pk), None)
    return render(request, "results/session.html", {
        "edition": edition, "session": session, "view": view, "member": member,
        "is_counter": bool(member and member.role == "counter" and not view.is_closed),
        "is_scrutineer": bool(member and member.role == "scrutineer" and not view.is_closed),
    })


def _session_for_post(edition: Edition, pk: int) -> CountSession:
    return get_object_or_404(CountSession.objects.select_related("community", "edition"), pk=pk,
                             edition=edition)


def _typed_targets(edition, data) -> tuple[Ballot, Box | None, BallotItem | None]:
    """The ballot, box and project a typed total is about; refused with a message when the page
    was sent with one that does not exist (audit: a 404 debug page for item 99)."""
    ballot = Ballot.objects.filter(pk=data["ballot"], edition=edition).first()
    if ballot is None:
        raise Refused(_("This ballot is not counted in this session."))
    box = None
    if data.get("box"):
        box = Box.objects.filter(pk=data["box"], station__edition=edition).first()
        if box is None:
            raise Refused(_("This box is not counted in this session."))
    item = None
    if data.get("item") is not None:
        item = BallotItem.objects.filter(ballot=ballot, number=data["item"]).first()
        if item is None:
            raise Refused(_("There is no project %(n)s on this ballot.") % {"n": data["item"]})
    return ballot, box, item


@require_POST
@login_required
@scoped
def typed_total(request, edition, pk: int):
    session = _session_for_post(edition, pk)
    form = TypedTotalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ballot, box, item = _typed_targets(edition, data)
            entry = services.typed_total_enter(session=session, ballot=ballot, box=box, item=item,
                                               value=data["value"], actor=request.user)
        except Refused as refusal:
            _refused(request, refusal)
        else:
            if entry.matches:
                messages.success(request, _("The typed total matches the ballot records."))
            else:
                messages.error(request, _("The typed total does not match the ballot records; "
                                          "the difference is flagged publicly."))
    else:
        messages.error(request, _("Enter a whole number."))
    return redirect("results:session", edition=edition.slug, pk=pk)


@require_POST
@login_required
@scoped
def explain(request, edition, pk: int):
    session = _session_for_post(edition, pk)
    form = ExplanationForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(_("Write the explanation out."))
        services.explanation_add(session=session, key=form.cleaned_data["key"],
                                 text=form.cleaned_data["text"], actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Explanation recorded publicly."))
    return redirect("results:session", edition=edition.slug, pk=pk)


@require_POST
@login_required
@scoped
def sign_box(request, edition, pk: int, box: int):
    session = _session_for_post(edition, pk)
    target = get_object_or_404(Box, pk=box, station__edition=edition)
    try:
        services.box_sign_off(session=session, box=target, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Box %(box)s signed off.") % {"box": target})
    return redirect("results:session", edition=edition.slug, pk=pk)


@login_required
@recent_login_required
@scoped
def close(request, edition, pk: int):
    """GET: the confirmation step (what closing records); POST (confirmed): close the count."""
    session = _session_for_post(edition, pk)
    here = reverse("results:close", args=[edition.slug, pk])
    if request.method != "POST":
        return _close_confirmation(request, edition, session, here)
    if not confirmed(request):
        return refuse_unconfirmed(request, here)
    try:
        services.session_close(session=session, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The count session is closed and signed off."))
    return redirect("results:session", edition=edition.slug, pk=pk)


def _close_confirmation(request, edition: Edition, session: CountSession, here: str):
    view = counting.session_view(session)
    blockers = []
    if view.is_closed:
        blockers.append(_("This count session is already closed."))
    if view.unsigned:
        blockers.append(_("Boxes not yet signed off: %(boxes)s.")
                        % {"boxes": ", ".join(str(r.box) for r in view.unsigned)})
    blockers += [d.text for d in view.unexplained]
    details = [f"{c.ballot}: " + _("%(valid)s valid, %(blank)s blank, %(invalid)s invalid")
               % {"valid": c.tally.valid, "blank": c.tally.blank, "invalid": sum(c.tally.invalid.values())}
               for c in view.counts]
    return confirmation_page(
        request, title=_("Close the count of %(unit)s") % {"unit": session.community},
        statements=[
            _("You sign off the count of %(unit)s with the totals below, computed from the ballot "
              "records of %(boxes)d boxes.") % {"unit": session.community, "boxes": len(view.boxes)},
            _("After closing, no typed total, sign-off or explanation can be added to this session."),
            _("The winners of every ballot whose count is complete are computed at once and "
              "published; the totals go into the public ledger."),
        ],
        details=details, action=here, button=_("Yes, sign off and close the count"),
        blockers=blockers, cancel=reverse("results:session", args=[edition.slug, session.pk]))


# --- street confirmation --------------------------------------------------------------------

def _street_ballots(edition: Edition, street: Unit) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition, unit__in=[street, *street.children.all()])
                .select_related("unit", "edition").order_by("-kind", "unit__code"))


@login_required
@scoped
def confirm_page(request, edition, unit: str):
    street = unit_or_404(edition, unit, Unit.Kind.STREET)
    decision = decide(request.user, "confirm", street, edition)
    if not decision:
        raise PermissionDenied("; ".join(decision.reasons))
    rows = []
    for ballot in _street_ballots(edition, street):
        result = selectors.ballot_result(ballot)
        form = None
        if result.result and not result.confirmation:
            form = ConfirmForm(items=ballot.items.order_by("number"),
                               initial={"winners": result.result.winners})
        rows.append((result, form))
    return render(request, "results/confirm.html", {"street": street, "edition": edition, "rows": rows})


@require_POST
@login_required
@recent_login_required
@scoped
def confirm(request, edition, ballot: int):
    target = get_object_or_404(Ballot.objects.select_related("unit__parent"), pk=ballot, edition=edition)
    street = target.unit if target.unit.kind == Unit.Kind.STREET else target.unit.parent
    form = ConfirmForm(request.POST, items=target.items.order_by("number"))
    try:
        if not form.is_valid():
            raise Refused(_("Choose the projects to fund."))
        services.result_confirm(ballot=target, winners=form.cleaned_data["winners"],
                                reason=form.cleaned_data["reason"], actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Confirmed: %(ballot)s.") % {"ballot": target})
    return redirect("results:confirm", edition=edition.slug, unit=street.code)


# --- implementation -------------------------------------------------------------------------

@scoped
def item_page(request, edition, item: int):
    target = get_object_or_404(BallotItem.objects.select_related("ballot__unit__parent", "ballot__edition"),
                               pk=item, ballot__edition=edition)
    if not is_funded(target):
        raise Http404(_("This project was not funded."))
    may_edit = not implementation_refusals(request.user, target)
    return render(request, "results/item.html", {
        "edition": edition, "item": target, "tracking": selectors.tracking_for(target), "may_edit": may_edit,
        "form": ImplementationForm() if may_edit else None,
    })


@require_POST
@login_required
@scoped
def item_update(request, edition, item: int):
    target = get_object_or_404(BallotItem, pk=item, ballot__edition=edition)
    form = ImplementationForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise Refused(named_errors(form))
        data = form.cleaned_data
        services.implementation_update(item=target, status=data["status"], milestone=data["milestone"],
                                       spent=data["spent"], note=data["note"],
                                       photo=data.get("photo") or None, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Update recorded publicly."))
    return redirect("results:item", edition=edition.slug, item=item)


@scoped
def photo(request, edition, update: int):
    row = get_object_or_404(ImplementationUpdate, pk=update, item__ballot__edition=edition)
    if not row.photo or not default_storage.exists(row.photo.name):
        raise Http404(_("No photo."))
    response = FileResponse(default_storage.open(row.photo.name, "rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
