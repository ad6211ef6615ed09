"""The resident's own page, online verification, and the staff's in-person verification."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.residents import services
from xihu.apps.residents.forms import LanguageForm, StaffVerifyForm, VerifyForm
from xihu.apps.residents.models import ResidentAccount
from xihu.apps.residents.phones import normalise_phone
from xihu.apps.residents.views.common import resident_required, show_refusal
from xihu.errors import Refused


@resident_required
def home(request, account):
    form = LanguageForm(request.POST or None, initial={"language": account.language})
    if request.method == "POST" and form.is_valid():
        services.language_set(account=account, language=form.cleaned_data["language"])
        messages.success(request, _("Saved."))
        return redirect("residents:home")
    return render(request, "residents/home.html", {
        "account": account, "form": form, "unread": account.notices.filter(read_at__isnull=True).count()})


@resident_required
def verify(request, account):
    if account.verified:
        return redirect("residents:home")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.verify_online(account=account, name=d["name"], id_number=d["id_number"],
                                   community=d["community"])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Your account is verified. You can now propose and follow."))
            return redirect("residents:home")
    return render(request, "residents/verify.html", {"form": form})


def staff_verify(request, unit):
    """Community staff verify a signed-up resident who came with their identity card."""
    community = get_object_or_404(Unit, code=unit, kind=Unit.Kind.COMMUNITY)
    require(request.user, "verify_residents", community, None)
    form = StaffVerifyForm(request.POST or request.GET or None)
    found = []
    if form.is_valid():
        d = form.cleaned_data
        if d.get("name"):
            found = list(RegisteredResident.objects.filter(household__community=community,
                                                           name__startswith=d["name"].strip())
                         .select_related("household")[:20])
        if request.method == "POST" and d.get("entry"):
            account = ResidentAccount.objects.filter(phone=normalise_phone(d["phone"])).first()
            entry = RegisteredResident.objects.filter(pk=d["entry"], household__community=community).first()
            try:
                if account is None:
                    raise Refused(_("No resident has signed up with this number yet."))
                if entry is None:
                    raise Refused(_("Choose the person's entry in the register of %(unit)s.") % {"unit": community})
                services.verify_in_person(account=account, entry=entry, actor=request.user)
            except Refused as refusal:
                show_refusal(request, refusal)
            else:
                messages.success(request, _("Verified."))
                return redirect("residents:staff_verify", unit=community.code)
    return render(request, "residents/staff_verify.html", {"unit": community, "form": form, "found": found})
