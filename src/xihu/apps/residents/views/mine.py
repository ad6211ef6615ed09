"""A verified resident's proposals: propose online to their community, and "my proposals"
with each one's path from proposal to built project."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xihu.apps.editions.stages import Stage
from xihu.apps.proposals.forms import OnlineForm
from xihu.apps.residents import services
from xihu.apps.residents.selectors import edition_for, my_proposals
from xihu.apps.residents.views.common import resident_required, show_refusal
from xihu.errors import Refused


@resident_required
def mine(request, account):
    return render(request, "residents/mine.html", {"account": account, "rows": my_proposals(account)})


@resident_required
def propose(request, account):
    if not account.verified:
        messages.info(request, _("Verify your account first to propose online."))
        return redirect("residents:verify")
    edition = edition_for(account)
    form = OnlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and edition is not None:
        try:
            proposal = services.resident_propose(account=account, edition=edition, data=form.to_input())
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Thank you. Your proposal %(code)s is in “My proposals”; you "
                                        "will get a notice at each step.") % {"code": proposal.receipt_code})
            return redirect("residents:mine")
    return render(request, "residents/propose.html", {
        "account": account, "edition": edition, "form": form,
        "open": edition is not None and edition.stage == Stage.COLLECTION})
