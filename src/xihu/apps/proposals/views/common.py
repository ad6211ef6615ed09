"""Shared by the proposal pages: the unit from the URL, its edition, and refusals as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from xihu.apps.editions.selectors import current_edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.permissions import can_read_unit
from xihu.errors import Refused


def unit_and_edition(code: str, kind: str | None = None):
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    if kind and unit.kind != kind:
        raise PermissionDenied
    return unit, current_edition(unit.district)


def require_read(request, unit: Unit) -> None:
    """Object level: another community's staff get 403 here."""
    if not can_read_unit(request.user, unit):
        raise PermissionDenied


def show_refusal(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
