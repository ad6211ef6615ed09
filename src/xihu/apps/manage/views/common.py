"""Helpers shared by the back-office views: access checks that explain a refusal, and the
districts and streets a person manages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import decide
from xihu.apps.organisation.models import Unit


def require(user, action: str, unit: Unit, edition=None) -> None:
    decision = decide(user, action, unit, edition)
    if not decision:
        raise PermissionDenied(" ".join(decision.reasons))


def units_held(user, role: str) -> list[Unit]:
    if not user.is_authenticated:
        return []
    return [ra.unit for ra in user.roles.filter(role=role).select_related("unit").order_by("unit__code")]


def admin_districts(user) -> list[Unit]:
    return units_held(user, Role.DISTRICT_ADMIN)


def officer_streets(user) -> list[Unit]:
    return units_held(user, Role.STREET_OFFICER)


def saved(request, text: str | None = None) -> None:
    messages.success(request, text or _("Saved, and recorded in the public ledger."))


def refused(request, refusal) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
