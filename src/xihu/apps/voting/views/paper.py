"""Paper entry after the close (two operators per sheet) and adjudication of mismatches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xihu.apps.editions.access import decide
from xihu.apps.voting import selectors, services
from xihu.apps.voting.forms import AdjudicationForm
from xihu.apps.voting.models import Box, PaperEntry
from xihu.apps.voting.services.paper import Outcome, pending_mismatches, sheet_ballot
from xihu.apps.voting.views.common import community_or_404, gate, show_refusal
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused

_OUTCOME_MESSAGES = {
    Outcome.WAITING: gettext_lazy("First entry saved; another operator enters the same sheet."),
    Outcome.MATCHED: gettext_lazy("Both entries match: the ballot is counted."),
    Outcome.MISMATCH: gettext_lazy("The entries differ: a counter and a scrutineer adjudicate the sheet."),
}


@login_required
@scoped
def paper(request, edition, unit):
    """Step 1: the box and the sheet ID (typed or read by a QR scanner); step 2: the marks."""
    community = community_or_404(edition, unit)
    refusal = gate(request, "count", community, edition)
    if refusal:
        return refusal
    boxes = list(selectors.boxes_of(edition, community))
    box = next((b for b in boxes if str(b.pk) == (request.POST.get("box") or request.GET.get("box"))), None)
    sheet = (request.POST.get("sheet") or request.GET.get("sheet") or "").strip()
    ballot = None
    if box and sheet:
        try:
            sheet, ballot = sheet_ballot(sheet, box)
        except Refused as refused:
            show_refusal(request, refused)
    if request.method == "POST" and ballot is not None:
        try:
            result = services.paper_enter(box=box, operator=request.user, sheet_id=sheet,
                                          choices=request.POST.getlist("marks"))
        except Refused as refused:
            show_refusal(request, refused)
        else:
            level = messages.WARNING if result.outcome == Outcome.MISMATCH else messages.SUCCESS
            messages.add_message(request, level, f"{sheet}: {_OUTCOME_MESSAGES[result.outcome]}")
        return redirect(f"{request.path}?box={box.pk}")
    return render(request, "voting/paper.html", {
        "community": community, "edition": edition, "boxes": boxes, "box": box, "sheet": sheet,
        "ballot": ballot, "items": ballot.items.all() if ballot else [],
        "mismatches": pending_mismatches(community=community, edition=edition),
        "mine": PaperEntry.objects.filter(operator=request.user, box__community=community,
                                          box__station__edition=edition).count(),
    })


@login_required
@scoped
def adjudicate(request, edition, unit, sheet):
    """The counter (logged in) and the scrutineer (co-signing) decide what a sheet says."""
    community = community_or_404(edition, unit)
    refusal = gate(request, "count", community, edition)
    if refusal:
        return refusal
    entries = list(PaperEntry.objects.filter(sheet_id=sheet, box__community=community,
                                             box__station__edition=edition)
                   .select_related("operator", "box__station", "ballot").order_by("entered_at", "pk"))
    if len(entries) < 2:
        messages.error(request, _("Sheet %(sheet)s has no two entries to adjudicate.") % {"sheet": sheet})
        return redirect("voting:paper", edition=edition.slug, unit=unit)
    items = list(entries[0].ballot.items.all())
    form = AdjudicationForm(request.POST or None, request=request, items=items, action="scrutinise",
                            unit=community, edition=edition, requester_action="count")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scrutineer = data["cosigner_user"]
        if not decide(scrutineer, "scrutinise", community, edition).allowed:
            messages.error(request, _("The second person must be a scrutineer of this community."))
        else:
            try:
                services.paper_adjudicate(sheet_id=sheet, counter=request.user, scrutineer=scrutineer,
                                          choices=data["choices"], note=data["note"])
            except Refused as refused:
                show_refusal(request, refused)
            else:
                messages.success(request, _("Decided and counted; both entries are kept."))
                return redirect("voting:paper", edition=edition.slug, unit=unit)
    return render(request, "voting/adjudicate.html", {
        "edition": edition, "community": community, "sheet": sheet, "entries": entries[:2],
        "items": items, "form": form, "box": get_object_or_404(Box, pk=entries[0].box_id),
    })
