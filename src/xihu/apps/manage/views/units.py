"""/manage/units/<code>/: a unit, its names, resident count and units beneath; the district admin
creates, renames and retires them here (services in organisation.services)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xihu.apps.manage.forms import ResidentsForm, UnitCreateForm, UnitRenameForm
from xihu.apps.manage.views.common import require, saved
from xihu.apps.organisation import services
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


@login_required
def unit(request, unit):
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=unit)
    require(request.user, "manage_units", unit.district)
    op = request.POST.get("op") if request.method == "POST" else None
    forms = {
        "create": UnitCreateForm(request.POST if op == "create" else None, prefix="new"),
        "rename": UnitRenameForm(request.POST if op == "rename" else None, prefix="rename",
                                 initial={"name": unit.name, "name_en": unit.name_en}),
        "residents": ResidentsForm(request.POST if op == "residents" else None, prefix="residents",
                                   initial={"residents": unit.residents}),
    }
    retire_error = ""
    if op in forms and forms[op].is_valid():
        data = forms[op].cleaned_data
        try:
            if op == "create":
                child = services.unit_create(parent=unit, actor=request.user, **data)
                saved(request, _("%(unit)s created, and recorded in the public ledger.") % {"unit": child})
            elif op == "rename":
                services.unit_rename(unit=unit, actor=request.user, **data)
                saved(request)
            else:
                services.unit_set_residents(unit=unit, residents=data["residents"], actor=request.user)
                saved(request)
            return redirect("manage:unit", unit=unit.code)
        except Refused as refusal:
            forms[op].add_refusal(refusal)
    elif op == "retire":
        if request.POST.get("confirm") != "yes":
            retire_error = _("Tick the box to confirm: retiring cannot be undone.")
        else:
            try:
                services.unit_retire(unit=unit, actor=request.user)
                saved(request, _("%(unit)s is retired.") % {"unit": unit})
                return redirect("manage:unit", unit=unit.code)
            except Refused as refusal:
                retire_error = " ".join(refusal.reasons)
    children = list(unit.children.order_by("retired_at", "code"))
    return render(request, "manage/unit.html", {
        "unit": unit, "forms": forms, "children": children, "retire_error": retire_error,
        "children_residents": unit.children.live().aggregate(n=Sum("residents"))["n"] or 0,
        "child_kind": {"district": _("street"), "street": _("community")}.get(unit.kind),
        "ancestors": _ancestors(unit),
    }, status=400 if op and request.method == "POST" else 200)


def _ancestors(unit: Unit) -> list[Unit]:
    chain, current = [], unit.parent
    while current is not None:
        chain.insert(0, current)
        current = current.parent
    return chain
