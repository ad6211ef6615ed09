"""Public: who holds which role in an edition (names as displayed, nothing private)."""

from django.shortcuts import get_object_or_404, render

from xihu.apps.accounts.models import Role
from xihu.apps.accounts.selectors import (
    PUBLIC_COMMUNITY_ROLES,
    edition_role_holders,
    edition_window,
)
from xihu.apps.editions.models import Edition


def edition_roles(request, slug):
    edition = get_object_or_404(Edition.objects.select_related("district"), slug=slug)
    start, end = edition_window(edition)
    streets = [
        (street.unit, street.holders.get(Role.STREET_OFFICER, []),
         [(c.unit, [(Role(r).label, c.holders.get(r, [])) for r in PUBLIC_COMMUNITY_ROLES])
          for c in communities])
        for street, communities in edition_role_holders(edition)
    ]
    return render(request, "manage/edition_roles.html", {
        "edition": edition, "streets": streets, "window_start": start, "window_end": end,
    })
