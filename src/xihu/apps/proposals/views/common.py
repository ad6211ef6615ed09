"""Shared by the proposal pages: the unit from the URL (in the URL's edition), and refusals as
messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.permissions import can_read_unit
from xihu.apps.web.scoping import unit_or_404
from xihu.errors import Refused


def unit_in(edition: Edition, code: str, kind: str | None = None) -> Unit:
    """The unit of the edition's district with this code; 403 when it is of another kind."""
    unit = unit_or_404(edition, code)
    if kind and unit.kind != kind:
        raise PermissionDenied
    return unit


def require_read(request, unit: Unit) -> None:
    """Object level: another community's staff get 403 here."""
    if not can_read_unit(request.user, unit):
        raise PermissionDenied


def show_refusal(request, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
