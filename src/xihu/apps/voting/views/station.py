"""The station desk (registration), the tablet, and the station set-up and seal page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.models import Role
from xihu.apps.accounts.selectors import people_holding
from xihu.apps.ballots.models import BallotKind
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.voting import hot, selectors, services
from xihu.apps.voting.forms import RegisterForm, SealForm, StationForm
from xihu.apps.voting.models import Box, Station
from xihu.apps.voting.permissions import setup_reasons
from xihu.apps.voting.services.common import kinds_offered, local_day, voting_window, window_refusal
from xihu.apps.voting.views.common import community_or_404, gate, show_refusal
from xihu.apps.web.formerrors import named_errors
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused
from xihu.memo import memoised, request_memo


@login_required
@request_memo
def desk(request, edition, unit):
    """Register a voter: look the person up, check eligibility, hand out paper or the tablet.
    The hot reads are plain statements (voting.hot): the edition, the community, the boxes and
    each box's seal and the officer's shift at its station in one."""
    now = timezone.now()
    edition, community, window, boxes, states = hot.desk_scope(edition, unit, request.user.pk, local_day(now))
    request.edition = edition
    memoised(("voting_window", edition.pk), lambda: window)  # read with them: services.common.voting_window
    refusal = gate(request, "run_station", community, edition)
    if refusal:
        return refusal
    shut = window_refusal(edition, now)
    if shut:  # said before asking for anything: no form while the window is shut
        return render(request, "voting/desk.html", {"community": community, "edition": edition,
                                                    "shut": shut, "window": voting_window(edition)})
    kinds = kinds_offered(edition, community)
    form = RegisterForm(request.POST or None, boxes=boxes, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident, name = None, data["name"]
        picked = request.POST.get("resident", "")
        if picked.isdigit() and data["basis"] == "register":
            resident = RegisteredResident.objects.filter(pk=picked).select_related("household").first()
            name = name or (resident.name if resident else "")
        box = next(b for b in boxes if str(b.pk) == str(data["box"]))  # the form's choices
        box.community, box.station.edition = community, edition  # as loaded for this page
        try:
            result = services.voter_register(
                box=box, officer=request.user, id_number=data["id_number"], name=name,
                basis=data["basis"], proof=data["proof"], resident=resident, kinds=tuple(data["kinds"]),
                mode=data["mode"], now=now, desk_state=states[box.pk])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            if result.token:  # the tablet's screen is the voter's: no message waits there for the officer
                return redirect("voting:tablet", edition=edition.slug, token=result.token)
            messages.success(request, _("Registered. Hand out the paper ballots: %(kinds)s.")
                             % {"kinds": "、".join(str(BallotKind(r.ballot_kind).label)
                                                  for r in result.registrations)})
            return redirect("voting:desk", edition=edition.slug, unit=unit)
    query = request.GET.get("name", "")
    return render(request, "voting/desk.html", {
        "community": community, "edition": edition, "form": form, "query": query,
        "matches": selectors.register_lookup(community, query), "boxes": boxes,
        "today": selectors.voters_by_day(edition, community)[-3:], "kinds": kinds,
    })


def _seal_forms(request, boxes):
    return {b.pk: SealForm(request=request, prefix=f"box{b.pk}") for b in boxes}


@login_required
@scoped
def stations(request, edition, unit):
    """Stations, boxes and their seals; set-up for community staff, seals for station officers
    (also after the close of the polls, when the desk is shut)."""
    community = community_or_404(edition, unit)
    may_setup = not setup_reasons(request.user, community, edition)
    refusal = gate(request, "seal_boxes", community, edition)
    if refusal and not may_setup:
        return refusal
    states = selectors.box_states(edition, community)
    officers = people_holding(community, [Role.STATION_OFFICER, Role.COMMUNITY_STAFF]) if may_setup else []
    return render(request, "voting/stations.html", {
        "community": community, "edition": edition, "may_setup": may_setup, "may_seal": refusal is None,
        "officers": officers, "today": timezone.localdate(),
        "station_form": StationForm(), "stations": selectors.stations_of(edition, community),
        "states": states, "seal_forms": _seal_forms(request, [s.box for s in states]),
    })


@require_POST
@login_required
@scoped
def station_add(request, edition, unit):
    community = community_or_404(edition, unit)
    form = StationForm(request.POST)
    if form.is_valid():
        try:
            station = services.station_create(edition=edition, community=community, actor=request.user,
                                              **form.cleaned_data)
            services.box_create(station=station, code="1", actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Station added with box 1."))
    return redirect("voting:stations", edition=edition.slug, unit=unit)


@require_POST
@login_required
@scoped
def box_add(request, edition, unit, station):
    community = community_or_404(edition, unit)
    station = get_object_or_404(Station, pk=station, community=community, edition=edition)
    try:
        services.box_create(station=station, code=request.POST.get("code", ""), actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    return redirect("voting:stations", edition=edition.slug, unit=unit)


@require_POST
@login_required
@scoped
def shift_add(request, edition, unit, station):
    from datetime import date

    from xihu.apps.accounts.models import User

    community = community_or_404(edition, unit)
    station = get_object_or_404(Station, pk=station, community=community, edition=edition)
    officer = User.objects.filter(username=request.POST.get("officer", "")).first()
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
        if officer is None:
            raise Refused(_("No user with that name."))
        services.shift_add(station=station, officer=officer, day=day, actor=request.user)
    except ValueError:
        messages.error(request, _("Give the day as YYYY-MM-DD."))
    except Refused as refusal:
        show_refusal(request, refusal)
    return redirect("voting:stations", edition=edition.slug, unit=unit)


@require_POST
@login_required
@scoped
def seal(request, edition, unit, box):
    """Seal a box for the night, or reopen it, with a second officer co-signing."""
    community = community_or_404(edition, unit)
    box = get_object_or_404(Box, pk=box, community=community, station__edition=edition)
    form = SealForm(request.POST, request=request, prefix=f"box{box.pk}", action="seal_boxes",
                    unit=community, edition=edition, requester_action="seal_boxes")
    if not form.is_valid():
        for error in named_errors(form):
            messages.error(request, error)
        return redirect("voting:stations", edition=edition.slug, unit=unit)
    data = form.cleaned_data
    try:
        if request.POST.get("kind") == "reopen":
            services.box_reopen(box=box, officer_a=request.user, officer_b=data["cosigner_user"],
                                seal_number_found=data["seal_number"], intact=data["intact"],
                                paper_in_box=data["paper_in_box"], note=data["note"])
        else:
            services.box_seal(box=box, officer_a=request.user, officer_b=data["cosigner_user"],
                              seal_number=data["seal_number"], paper_in_box=data["paper_in_box"],
                              note=data["note"])
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Recorded, and in the public ledger."))
    return redirect("voting:stations", edition=edition.slug, unit=unit)

