"""/manage/lockouts/: the district admin sees locked login names and addresses and unlocks them
(accounts.unlock; each unlock is ledgered)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xihu.apps.accounts.unlock import lockout_clear, lockouts_for
from xihu.apps.manage.views.common import admin_districts, refused, saved
from xihu.errors import Refused


@login_required
def lockouts(request):
    if not admin_districts(request.user) and not request.user.is_superuser:
        raise PermissionDenied(_("Only the district admin unlocks logins."))
    if request.method == "POST":
        try:
            lockout_clear(actor=request.user, username=request.POST.get("username", ""),
                          address=request.POST.get("address", ""))
            saved(request, _("Unlocked, and recorded in the public ledger."))
        except Refused as refusal:
            refused(request, refusal)
        return redirect("manage:lockouts")
    return render(request, "manage/lockouts.html", {"locked": lockouts_for(request.user)})
