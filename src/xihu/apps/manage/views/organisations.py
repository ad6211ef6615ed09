"""/manage/districts/<code>/organisations/: the district's social organisations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xihu.apps.manage.forms import OrganisationForm
from xihu.apps.manage.views.common import require, saved
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.organisation.services import organisation_create
from xihu.errors import Refused


@login_required
def organisations(request, unit):
    district = get_object_or_404(Unit, code=unit, kind=Unit.Kind.DISTRICT)
    require(request.user, "manage_units", district)
    units = [district, *Unit.objects.live().filter(parent=district),
             *Unit.objects.live().filter(parent__parent=district)]
    form = OrganisationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(actor=request.user, **form.cleaned_data)
            saved(request, _("%(org)s created, and recorded in the public ledger.") % {"org": organisation})
            return redirect("manage:organisations", unit=district.code)
        except Refused as refusal:
            form.add_refusal(refusal)
    return render(request, "manage/organisations.html", {
        "district": district, "form": form,
        "organisations": SocialOrganisation.objects.filter(home_unit__in=units).select_related("home_unit"),
    }, status=400 if request.method == "POST" else 200)
