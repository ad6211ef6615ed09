"""Assembly pages: thin views that read through selectors and write through services.

Who sees what: the schedule, the projector and the ranked list are public; attendee lists and
tables are for the community's staff and for those who read everything (district, experts);
phone numbers only for the community's staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.assemblies import selectors
from xihu.apps.assemblies import services as svc
from xihu.apps.assemblies.forms import AttendeeForm, PlenaryForm, ScheduleForm
from xihu.apps.assemblies.models import Assembly, Attendee, PlenaryBallot, RoundTable
from xihu.apps.editions.access import can_read_everything, decide, staff_units
from xihu.apps.organisation.models import Unit
from xihu.apps.web.scoping import scoped, unit_or_404
from xihu.errors import Refused


def _unit(edition, code: str) -> Unit:
    return unit_or_404(edition, code, Unit.Kind.COMMUNITY)


def _is_staff(user, unit: Unit) -> bool:
    return any(u.pk == unit.pk for u in staff_units(user))


def _may_read(user, unit: Unit) -> bool:
    return _is_staff(user, unit) or can_read_everything(user)


def _private_context(request, edition, code: str) -> dict:
    """Context of the staff pages; 403 for anyone else, 404 while nothing is scheduled."""
    unit = _unit(edition, code)
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not _may_read(request.user, unit):
        raise PermissionDenied(_("Only the community's staff see this page."))
    assembly = selectors.assembly_for(edition, unit)
    if assembly is None:
        raise Http404(_("No assembly is scheduled yet."))
    return {"unit": unit, "edition": edition, "assembly": assembly,
            "may_hold": decide(request.user, "hold_assembly", unit, edition),
            "is_staff": _is_staff(request.user, unit)}


def _refused(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


@scoped
def index(request, edition):
    assemblies = Assembly.objects.filter(edition=edition).select_related("unit")
    return render(request, "assemblies/index.html", {"edition": edition, "assemblies": assemblies})


@scoped
def unit_page(request, edition, unit):
    unit = _unit(edition, unit)
    assembly = selectors.assembly_for(edition, unit)
    may_hold = decide(request.user, "hold_assembly", unit, edition)
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                svc.assembly_schedule(edition=edition, unit=unit, actor=request.user, **form.cleaned_data)
            except Refused as refusal:
                _refused(request, refusal)
            else:
                messages.success(request, _("Saved, and recorded in the public ledger."))
                return redirect("assemblies:unit", edition=edition.slug, unit=unit.code)
    else:
        form = ScheduleForm(initial=_schedule_initial(edition, unit, assembly))
    return render(request, "assemblies/unit.html", {
        "unit": unit, "edition": edition, "assembly": assembly, "form": form, "may_hold": may_hold,
        "may_read": request.user.is_authenticated and _may_read(request.user, unit),
        "attendance": selectors.attendance(assembly) if assembly else None,
        "items": selectors.items(assembly) if assembly else [],
    })


def _schedule_initial(edition, unit, assembly) -> dict:
    if assembly:
        return {"venue": assembly.venue, "starts_at": assembly.starts_at, "tables": assembly.tables,
                "max_choices": assembly.max_choices, "open_to_all": assembly.open_to_all}
    from xihu.apps.proposals.selectors.summary import planned_tables

    tables = planned_tables(edition, unit)
    return {"tables": tables, "max_choices": 10, "open_to_all": True}


@login_required
@scoped
def attendees(request, edition, unit):
    context = _private_context(request, edition, unit)
    assembly = context["assembly"]
    form = AttendeeForm()
    if request.method == "POST":
        form = _attendees_post(request, assembly)
        if form is None:
            return redirect("assemblies:attendees", edition=edition.slug, unit=unit)
    query = request.GET.get("q", "").strip()
    people = assembly.attendees.select_related("organisation")
    if query:
        people = people.filter(name__icontains=query)
    return render(request, "assemblies/attendees.html", {
        **context, "form": form, "people": people[:500], "query": query,
        "attendance": selectors.attendance(assembly),
    })


def _attendees_post(request, assembly) -> AttendeeForm | None:
    """Handle one of the attendee actions; returns the form to show again on invalid input."""
    action = request.POST.get("do")
    try:
        if action == "check_in":
            person = get_object_or_404(Attendee, pk=request.POST.get("attendee"), assembly=assembly)
            svc.attendee_check_in(attendee=person, actor=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": person.name})
        elif action == "invite_register":
            n = svc.attendees_invite_register(assembly=assembly, actor=request.user)
            messages.success(request, _("%(n)d registered residents invited.") % {"n": n})
        elif action in ("invite", "door"):
            form = AttendeeForm(request.POST)
            if not form.is_valid():
                return form
            person = svc.attendee_add(assembly=assembly, actor=request.user, at_door=action == "door",
                                      **form.cleaned_data)
            messages.success(request, _("%(name)s is added.") % {"name": person.name})
    except Refused as refusal:
        _refused(request, refusal)
    return None


@login_required
@scoped
def seating(request, edition, unit):
    context = _private_context(request, edition, unit)
    assembly = context["assembly"]
    if request.method == "POST":
        try:
            if request.POST.get("do") == "move":
                person = get_object_or_404(Attendee, pk=request.POST.get("attendee"), assembly=assembly)
                svc.attendee_move(attendee=person, table_no=int(request.POST.get("table") or 0),
                                  actor=request.user)
            else:
                found = svc.assembly_seat(assembly=assembly, actor=request.user)
                problems = sum(len(w) for w in found.values())
                if problems:
                    messages.error(request, _("Seated, with %(n)d warnings: see the tables below.")
                                   % {"n": problems})
                else:
                    messages.success(request, _("Everyone is seated; every table is complete."))
        except Refused as refusal:
            _refused(request, refusal)
        return redirect("assemblies:seating", edition=edition.slug, unit=unit)
    return render(request, "assemblies/seating.html", {
        **context, "tables": selectors.tables(assembly), "unseated": selectors.unseated(assembly),
        "numbers": range(1, assembly.tables + 1),
    })


@login_required
@scoped
def table(request, edition, unit, number):
    context = _private_context(request, edition, unit)
    assembly = context["assembly"]
    round_table = get_object_or_404(RoundTable, assembly=assembly, number=number, number__lte=assembly.tables)
    if request.method == "POST":
        nominations = []
        for n in (1, 2, 3):
            pid = request.POST.get(f"project_{n}", "")
            if pid.isdigit():
                nominations.append((int(pid), request.POST.get(f"reason_{n}", "")))
        try:
            svc.table_record(table=round_table, notes=request.POST.get("notes", ""),
                             nominations=nominations, actor=request.user)
        except Refused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("The table's notes and nominations are saved."))
            return redirect("assemblies:table", edition=edition.slug, unit=unit, number=number)
    view = next(v for v in selectors.tables(assembly) if v.table.number == number)
    current = {nom.position: nom for nom in round_table.nominations.all()}
    return render(request, "assemblies/table.html", {
        **context, "view": view, "items": selectors.items(assembly),
        "slots": [(n, current.get(n)) for n in (1, 2, 3)],
    })


@login_required
@scoped
def table_sheet(request, edition, unit, number):
    context = _private_context(request, edition, unit)
    from xihu.apps.assemblies.pdf import table_sheet_pdf

    assembly = context["assembly"]
    view = next((v for v in selectors.tables(assembly) if v.table.number == number), None)
    if view is None:
        raise Http404
    response = HttpResponse(table_sheet_pdf(assembly, view), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="table-{unit}-{number}.pdf"'
    return response


@login_required
@scoped
def plenary(request, edition, unit):
    context = _private_context(request, edition, unit)
    assembly = context["assembly"]
    items = selectors.items(assembly)
    by_number = {i.number: i.project_id for i in items}
    form = PlenaryForm(numbers=list(by_number))
    if request.method == "POST":
        form = PlenaryForm(request.POST, numbers=list(by_number))
        if form.is_valid():
            corrects = None
            if form.cleaned_data.get("corrects"):
                corrects = get_object_or_404(PlenaryBallot, assembly=assembly,
                                             serial=form.cleaned_data["corrects"])
            try:
                ballot = svc.plenary_ballot_enter(
                    assembly=assembly, choices=[by_number[n] for n in form.chosen_numbers()],
                    channel=form.cleaned_data["channel"], corrects=corrects, actor=request.user,
                    blank=form.cleaned_data["blank"])
            except Refused as refusal:
                _refused(request, refusal)
            else:
                messages.success(request, _("Ballot %(serial)d entered (%(n)d choices).")
                                 % {"serial": ballot.serial, "n": len(ballot.choices)})
                return redirect("assemblies:plenary", edition=edition.slug, unit=unit)
    number_of = {i.project_id: i.number for i in items}
    recent = [(b, sorted(number_of.get(pid, 0) for pid in b.choices))
              for b in assembly.plenary_ballots.select_related("corrects").order_by("-serial")[:20]]
    return render(request, "assemblies/plenary.html", {
        **context, "form": form, "items": items, "recent": recent,
        "tally": selectors.plenary_tally(assembly),
        "present": selectors.attendance(assembly).checked_in,
    })


def _public_context(edition, unit_code: str) -> dict:
    unit = _unit(edition, unit_code)
    assembly = selectors.assembly_for(edition, unit)
    if assembly is None:
        raise Http404(_("No assembly is scheduled yet."))
    tally = selectors.plenary_tally(assembly)
    return {"unit": unit, "edition": edition, "assembly": assembly, "tally": tally,
            "rows": selectors.ranking(assembly, tally)}


@scoped
def projector(request, edition, unit):
    return render(request, "assemblies/projector.html", _public_context(edition, unit))


@scoped
def ranking(request, edition, unit):
    context = _public_context(edition, unit)
    nominated = {}
    for table_ in context["assembly"].round_tables.prefetch_related("nominations"):
        for nom in table_.nominations.all():
            nominated.setdefault(nom.project_id, []).append(table_.number)
    entries = [(row, nominated.get(row.project.pk, [])) for row in context["rows"]]
    return render(request, "assemblies/ranking.html", {**context, "entries": entries})


@require_POST
@login_required
@scoped
def refresh_summary(request, edition, unit):
    context = _private_context(request, edition, unit)
    try:
        n = svc.assembly_refresh_summary(assembly=context["assembly"], actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The summary table now lists %(n)d projects.") % {"n": n})
    return redirect("assemblies:unit", edition=edition.slug, unit=unit)
