"""/manage/streets/<code>/target/: the turnout target a street sets for itself (action
set_target; the service and the model are the voting app's)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition
from xihu.apps.manage.forms import TargetForm
from xihu.apps.manage.views.common import require, saved
from xihu.apps.organisation.models import Unit
from xihu.apps.voting.selectors import turnout_targets
from xihu.apps.voting.services import turnout_target_set
from xihu.errors import Refused


@login_required
def targets(request, unit):
    street = get_object_or_404(Unit, code=unit, kind=Unit.Kind.STREET)
    require(request.user, "manage_people_street", street)  # an officer of this very street
    editions = list(Edition.objects.filter(district=street.district).order_by("-created_at"))
    posted = request.POST.get("edition") if request.method == "POST" else None
    rows = []
    for edition in editions:
        form = TargetForm(request.POST if posted == edition.slug else None, prefix=edition.slug)
        target = turnout_targets(edition).get(street.pk)
        decision = decide(request.user, "set_target", street, edition)
        if posted == edition.slug and form.is_valid():
            try:
                turnout_target_set(edition=edition, street=street, percent=form.cleaned_data["percent"],
                                   actor=request.user)
                saved(request, _("The target is set, and recorded in the public ledger."))
                return redirect("manage:targets", unit=street.code)
            except Refused as refusal:
                form.add_refusal(refusal)
        rows.append((edition, target, decision, form))
    return render(request, "manage/targets.html", {"street": street, "rows": rows},
                  status=400 if posted else 200)
