"""Helpers shared by the voting pages: the unit from the URL (in the URL's edition), refusals
shown as a 403 page."""

from django.contrib import messages
from django.shortcuts import render

from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.web.scoping import unit_or_404
from xihu.errors import Refused


def community_or_404(edition: Edition, code: str) -> Unit:
    return unit_or_404(edition, code, Unit.Kind.COMMUNITY)


def refused_page(request, reasons, status=403):
    return render(request, "voting/refused.html", {"reasons": reasons}, status=status)


def gate(request, action: str, unit: Unit, edition: Edition):
    """None when the user may do `action` for `unit` in `edition` now, else the 403 page."""
    decision = decide(request.user, action, unit, edition)
    if not decision.allowed:
        return refused_page(request, decision.reasons)
    return None


def show_refusal(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
