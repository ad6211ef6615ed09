"""Helpers shared by the voting pages: the unit from the URL, refusals shown as a 403 page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from xihu.apps.editions.access import decide
from xihu.apps.editions.selectors import current_edition
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


def community_or_404(code: str) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), code=code, kind=Unit.Kind.COMMUNITY)


def refused_page(request, reasons, status=403):
    return render(request, "voting/refused.html", {"reasons": reasons}, status=status)


def gate(request, action: str, unit: Unit):
    """(edition, None) when the user may do `action` for `unit` now, else (edition, 403 page)."""
    edition = current_edition(unit.district)
    decision = decide(request.user, action, unit, edition)
    if not decision.allowed:
        return edition, refused_page(request, decision.reasons)
    return edition, None


def show_refusal(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
