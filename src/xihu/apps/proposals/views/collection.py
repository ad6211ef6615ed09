"""Collection pages: the collector's buildings, households and visits, proposal entry one per
screen, spreadsheet imports, the register and building assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.accounts.selectors import people_holding
from xihu.apps.editions.access import decide
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals import services
from xihu.apps.proposals.forms import AssignForm, EntryForm, ProposalForm, UploadForm, VisitForm
from xihu.apps.proposals.importing import parse_proposals
from xihu.apps.proposals.models import (
    BuildingAssignment,
    Household,
    Proposal,
    RegisteredResident,
    Visit,
    VisitOutcome,
)
from xihu.apps.proposals.permissions import allowed_collector_types, is_staff_of
from xihu.apps.proposals.selectors.figures import building_progress, collector_progress
from xihu.apps.proposals.views.common import require_read, show_refusal, unit_in
from xihu.apps.web.formerrors import named_errors
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused

COMMUNITY = Unit.Kind.COMMUNITY


def _assigned(edition, unit, user) -> list[str]:
    return list(BuildingAssignment.objects.filter(edition=edition, community=unit, collector=user)
                .values_list("building", flat=True).order_by("building"))


@login_required
@scoped
def collect(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    mine = _assigned(edition, unit, request.user)
    return render(request, "proposals/collect.html", {
        "unit": unit, "edition": edition,
        "can_collect": decide(request.user, "collect", unit, edition).allowed,
        "is_staff": is_staff_of(request.user, unit),
        "mine": building_progress(edition, unit, mine) if mine else [],
        "buildings": building_progress(edition, unit),
        "collectors": collector_progress(edition, unit),
    })


@login_required
@scoped
def building(request, edition, unit, building):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    households = list(Household.objects.filter(community=unit, building=building)
                      .order_by("entrance", "door", "household_no"))
    if not households:
        messages.error(request, _("The register has no building %(building)s.") % {"building": building})
        return redirect("proposals:collect", edition=edition.slug, unit=unit.code)
    last = {}
    for visit in Visit.objects.filter(household__in=households, edition=edition).order_by("at", "pk"):
        last[visit.household_id] = visit
    for h in households:
        h.last_visit = last.get(h.pk)
    return render(request, "proposals/building.html", {
        "unit": unit, "edition": edition, "building": building, "households": households,
    })


@login_required
@scoped
def visit(request, edition, unit, pk):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    household = get_object_or_404(Household, pk=pk, community=unit)
    types = allowed_collector_types(request.user, unit)
    visit_form = VisitForm(request.POST or None, initial={"collector_type": types[0] if types else ""})
    proposal_form = ProposalForm(request.POST or None, prefix="p", use_required_attribute=False)
    if request.method == "POST" and visit_form.is_valid():
        with_proposal = visit_form.cleaned_data["outcome"] == VisitOutcome.PROPOSALS
        if not with_proposal or proposal_form.is_valid():
            try:
                with transaction.atomic():
                    done = services.visit_record(
                        edition=edition, household=household, actor=request.user,
                        outcome=visit_form.cleaned_data["outcome"],
                        collector_type=visit_form.cleaned_data["collector_type"],
                        note=visit_form.cleaned_data["note"])
                    proposal = None
                    if with_proposal:
                        proposal = services.proposal_submit(
                            edition=edition, community=unit, data=proposal_form.to_input(),
                            channel="door", actor=request.user, visit=done)
            except Refused as refusal:
                show_refusal(request, refusal)
            else:
                if proposal:
                    messages.success(request, _("Visit and proposal saved. Receipt code for the proposer: %(code)s")
                                     % {"code": proposal.receipt_code})
                    if "another" in request.POST:
                        return redirect("proposals:entry_visit", edition=edition.slug, unit=unit.code,
                                        visit=done.pk)
                else:
                    messages.success(request, _("Visit saved."))
                return redirect("proposals:building", edition=edition.slug, unit=unit.code,
                                building=household.building)
    return render(request, "proposals/visit.html", {
        "unit": unit, "edition": edition, "household": household, "visit_form": visit_form,
        "proposal_form": proposal_form, "members": RegisteredResident.objects.filter(household=household).count(),
        "history": household.visits.filter(edition=edition).select_related("collector"),
    })


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _saved_count(user, edition, unit, the_visit) -> int:
    """What the entry screen's counter shows: the proposals of this visit, or those this person
    entered here today (from the database, so it is right after a reload or a redirect)."""
    if the_visit is not None:
        return Proposal.objects.filter(visit=the_visit).count()
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Proposal.objects.filter(edition=edition, community=unit, collector=user, created_at__gte=start).count()


@login_required
@scoped
def entry(request, edition, unit, visit=None):
    """One proposal per screen, keyboard only; with JavaScript it saves without a reload."""
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    the_visit = (get_object_or_404(Visit, pk=visit, household__community=unit, edition=edition)
                 if visit else None)
    types = allowed_collector_types(request.user, unit)
    initial = {"collector_type": types[0] if types else "staff",
               "channel": "door" if the_visit else request.GET.get("channel", "booth")}
    form = EntryForm(request.POST or None, initial=initial)
    if the_visit:  # a visit's proposals are door to door: shown so, and not to be changed
        form.fields["channel"].disabled = True
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = services.proposal_submit(
                    edition=edition, community=unit, data=form.to_input(form.cleaned_data["building"]),
                    channel="door" if the_visit else form.cleaned_data["channel"],
                    collector_type=form.cleaned_data["collector_type"], actor=request.user,
                    visit=the_visit)
            except Refused as refusal:
                if _wants_json(request):
                    return JsonResponse({"ok": False, "errors": refusal.reasons}, status=400)
                show_refusal(request, refusal)
            else:
                text = _("Saved. Receipt code: %(code)s") % {"code": proposal.receipt_code}
                if _wants_json(request):
                    return JsonResponse({"ok": True, "receipt": proposal.receipt_code, "message": text,
                                         "saved": _saved_count(request.user, edition, unit, the_visit)})
                messages.success(request, text)
                return redirect(request.get_full_path())
        elif _wants_json(request):
            errors = named_errors(form)
            return JsonResponse({"ok": False, "errors": errors}, status=400)
    return render(request, "proposals/entry.html", {
        "unit": unit, "edition": edition, "form": form, "visit": the_visit,
        "saved": _saved_count(request.user, edition, unit, the_visit),
        "can_collect": decide(request.user, "collect", unit, edition).allowed,
    })


@login_required
@scoped
def import_proposals(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = parse_proposals(upload.read(), upload.name)
            made = services.proposals_import(edition=edition, community=unit, lines=lines,
                                             actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("%(count)s proposals imported; their receipt codes are on the screening list.")
                             % {"count": len(made)})
            return redirect("proposals:collect", edition=edition.slug, unit=unit.code)
    return render(request, "proposals/import.html", {"unit": unit, "edition": edition, "form": form})


@login_required
@scoped
def register(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.register_import(community=unit, edition=edition, data=upload.read(),
                                              filename=upload.name, actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Imported %(h)s households with %(r)s residents.")
                             % {"h": result.households, "r": result.residents})
            return redirect("proposals:register", edition=edition.slug, unit=unit.code)
    households = Household.objects.filter(community=unit)
    return render(request, "proposals/register.html", {
        "unit": unit, "edition": edition, "form": form, "households": households.count(),
        "residents": RegisteredResident.objects.filter(household__community=unit).count(),
        "buildings": households.values("building").distinct().count(),
        "is_staff": is_staff_of(request.user, unit),
    })


@login_required
@scoped
def assign(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    buildings = list(Household.objects.filter(community=unit).values_list("building", flat=True)
                     .distinct().order_by("building"))
    collectors = list(people_holding(unit, [Role.COMMUNITY_STAFF, Role.VOLUNTEER]))
    form = AssignForm(request.POST or None, buildings=buildings, collectors=collectors)
    if request.method == "POST" and form.is_valid():
        collector = next(u for u in collectors if str(u.pk) == form.cleaned_data["collector"])
        try:
            services.building_assign(edition=edition, community=unit, building=form.cleaned_data["building"],
                                     collector=collector, actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Assigned."))
            return redirect("proposals:assign", edition=edition.slug, unit=unit.code)
    return render(request, "proposals/assign.html", {
        "unit": unit, "edition": edition, "form": form,
        "assignments": BuildingAssignment.objects.filter(edition=edition, community=unit)
        .select_related("collector"),
    })
