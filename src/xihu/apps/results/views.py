"""Thin views: public results and the count/confirmation/implementation pages.

Reads go through selectors, writes through services; every refusal is shown with its reasons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import current_edition
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
from xihu.errors import Refused


def _refused(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


def _edition(slug: str | None) -> Edition:
    if slug is None:
        edition = current_edition()
        if edition is None:
            raise Http404(_("There is no edition yet."))
        return edition
    return get_object_or_404(Edition.objects.select_related("district"), slug=slug)


# --- public results -------------------------------------------------------------------------

def overview(request, slug: str | None = None):
    edition = _edition(slug)
    return render(request, "results/overview.html", {
        "edition": edition, "tree": selectors.district_overview(edition),
        "funded": selectors.funded_items(edition),
    })


def unit_page(request, slug: str, code: str):
    edition = _edition(slug)
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    if unit.kind == Unit.Kind.DISTRICT:
        return redirect("results:overview", slug=edition.slug)
    return render(request, "results/unit.html", {
        "edition": edition, "unit": unit,
        "results": selectors.unit_results(edition, unit),
        "sessions": selectors.unit_sessions(edition, unit),
        "children": unit.children.order_by("code"),
    })


def evaluation_page(request, slug: str):
    edition = _edition(slug)
    return render(request, "results/evaluation.html", {
        "edition": edition, "tests": evaluation(edition),
    })


def export_download(request, slug: str):
    edition = _edition(slug)
    name = cached_zip(edition)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True,
                        filename=f"xihu-{edition.slug}-export.zip", content_type="application/zip")


# --- count sessions -------------------------------------------------------------------------

def _community(code: str) -> Unit:
    return get_object_or_404(Unit, code=code, kind=Unit.Kind.COMMUNITY)


def count_page(request, unit: str):
    community = _community(unit)
    edition = current_edition(community.district)
    may_open = bool(edition) and decide(request.user, "count", community, edition).allowed
    sessions = CountSession.objects.filter(edition=edition, community=community) if edition else []
    return render(request, "results/count.html", {
        "community": community, "edition": edition, "sessions": sessions, "may_open": may_open,
        "form": OpenSessionForm(community=community) if may_open else None,
    })


@require_POST
@login_required
def session_open(request, unit: str):
    community = _community(unit)
    edition = current_edition(community.district)
    form = OpenSessionForm(request.POST, community=community)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("results:count", unit=unit)
    try:
        session = services.count_session_open(
            edition=edition, community=community, counters=list(form.cleaned_data["counters"]),
            scrutineers=list(form.cleaned_data["scrutineers"]),
            place=form.cleaned_data["place"], actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
        return redirect("results:count", unit=unit)
    messages.success(request, _("The count session is open."))
    return redirect("results:session", pk=session.pk)


def session_page(request, pk: int):
    session = get_object_or_404(CountSession.objects.select_related("community", "edition", "opened_by"), pk=pk)
    view = counting.session_view(session)
    member = next((m for m in view.members if m.user_id == request.user.pk), None)
    return render(request, "results/session.html", {
        "session": session, "view": view, "member": member,
        "is_counter": bool(member and member.role == "counter" and not view.is_closed),
        "is_scrutineer": bool(member and member.role == "scrutineer" and not view.is_closed),
    })


def _session_for_post(request, pk: int) -> CountSession:
    return get_object_or_404(CountSession.objects.select_related("community", "edition"), pk=pk)


def _typed_targets(data) -> tuple[Ballot, Box | None, BallotItem | None]:
    """The ballot, box and project a typed total is about; refused with a message when the page
    was sent with one that does not exist (audit: a 404 debug page for item 99)."""
    ballot = Ballot.objects.filter(pk=data["ballot"]).first()
    if ballot is None:
        raise Refused(_("This ballot is not counted in this session."))
    box = None
    if data.get("box"):
        box = Box.objects.filter(pk=data["box"]).first()
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
def typed_total(request, pk: int):
    session = _session_for_post(request, pk)
    form = TypedTotalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ballot, box, item = _typed_targets(data)
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
    return redirect("results:session", pk=pk)


@require_POST
@login_required
def explain(request, pk: int):
    session = _session_for_post(request, pk)
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
    return redirect("results:session", pk=pk)


@require_POST
@login_required
def sign_box(request, pk: int, box: int):
    session = _session_for_post(request, pk)
    target = get_object_or_404(Box, pk=box)
    try:
        services.box_sign_off(session=session, box=target, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Box %(box)s signed off.") % {"box": target})
    return redirect("results:session", pk=pk)


@require_POST
@login_required
@recent_login_required
def close(request, pk: int):
    session = _session_for_post(request, pk)
    try:
        services.session_close(session=session, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The count session is closed and signed off."))
    return redirect("results:session", pk=pk)


# --- street confirmation --------------------------------------------------------------------

def _street_ballots(edition: Edition, street: Unit) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition, unit__in=[street, *street.children.all()])
                .select_related("unit", "edition").order_by("-kind", "unit__code"))


@login_required
def confirm_page(request, unit: str):
    street = get_object_or_404(Unit, code=unit, kind=Unit.Kind.STREET)
    edition = current_edition(street.district)
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
def confirm(request, ballot: int):
    target = get_object_or_404(Ballot.objects.select_related("unit__parent"), pk=ballot)
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
    return redirect("results:confirm", unit=street.code)


# --- implementation -------------------------------------------------------------------------

def item_page(request, item: int):
    target = get_object_or_404(BallotItem.objects.select_related("ballot__unit__parent", "ballot__edition"), pk=item)
    if not is_funded(target):
        raise Http404(_("This project was not funded."))
    may_edit = not implementation_refusals(request.user, target)
    return render(request, "results/item.html", {
        "item": target, "tracking": selectors.tracking_for(target), "may_edit": may_edit,
        "form": ImplementationForm() if may_edit else None,
    })


@require_POST
@login_required
def item_update(request, item: int):
    target = get_object_or_404(BallotItem, pk=item)
    form = ImplementationForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise Refused([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        services.implementation_update(item=target, status=data["status"], milestone=data["milestone"],
                                       spent=data["spent"], note=data["note"],
                                       photo=data.get("photo") or None, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Update recorded publicly."))
    return redirect("results:item", item=item)


def photo(request, update: int):
    row = get_object_or_404(ImplementationUpdate, pk=update)
    if not row.photo or not default_storage.exists(row.photo.name):
        raise Http404(_("No photo."))
    response = FileResponse(default_storage.open(row.photo.name, "rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
