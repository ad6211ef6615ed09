"""/manage/: what this person manages, with a link to each page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition, GrantProposal
from xihu.apps.manage.views.common import admin_districts, officer_streets


def pending_proposals(user) -> list[GrantProposal]:
    """Copied grants waiting for this person's confirmation."""
    grantors = [u.pk for u in admin_districts(user) + officer_streets(user)]
    return list(GrantProposal.objects.filter(grantor_id__in=grantors, confirmed_at__isnull=True)
                .select_related("edition", "grantor").order_by("edition__created_at", "grantor__code"))


@login_required
def index(request):
    districts, streets = admin_districts(request.user), officer_streets(request.user)
    if not districts and not streets:
        raise PermissionDenied(_("The back office is for district admins and street officers."))
    return render(request, "manage/index.html", {
        "districts": [(d, Edition.objects.filter(district=d).order_by("-created_at")) for d in districts],
        "streets": streets,
        "pending": pending_proposals(request.user),
    })
