"""/manage/people/...: accounts and roles. The district admin manages everyone in the district, a
street officer the staff of its communities (accounts.scope); services in accounts.services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts import services
from xihu.apps.accounts.importing import people_import
from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.scope import account_reasons, grantable_roles, managed_units
from xihu.apps.accounts.selectors import people_in as people_query
from xihu.apps.accounts.selectors import role_history
from xihu.apps.editions.access import decide
from xihu.apps.manage.forms import AccountForm, GrantForm, ImportForm
from xihu.apps.manage.views.common import refused, saved
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


def _scope(user, code: str) -> tuple[Unit, list[Unit]]:
    """The unit whose people this page lists (a district or a street the user manages) and the
    units beneath it (itself included) where the user manages people."""
    unit = get_object_or_404(Unit, code=code)
    street = unit if unit.kind == Unit.Kind.STREET else unit.parent
    direct = decide(user, "manage_people_district", unit.district, None) or (
        street is not None and decide(user, "manage_people_street", street, None))
    units = [u for u in managed_units(user) if unit.contains(u)] if direct else []
    if not units:
        raise PermissionDenied(_("You do not manage the people of %(unit)s.") % {"unit": unit})
    return unit, units


def _roles(user, units: list[Unit]) -> list[str]:
    return [r for r in Role.values if any(r in grantable_roles(user, u) for u in units)]


@login_required
def people_in(request, unit):
    unit, units = _scope(request.user, unit)
    form = AccountForm(request.POST or None, units=units, roles=_roles(request.user, units))
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(actor=request.user, **form.cleaned_data)
            link = request.build_absolute_uri(services.password_link_issue(user=user, actor=request.user))
            saved(request, _("Account %(name)s created, and recorded in the public ledger.") % {"name": user})
            form = AccountForm(units=units, roles=_roles(request.user, units))
        except Refused as refusal:
            form.add_refusal(refusal)
    return render(request, "manage/people.html", {
        "unit": unit, "people": people_query(request.user, unit), "form": form, "link": link,
    }, status=400 if request.method == "POST" and form.errors else 200)


def _person(request, username: str) -> User:
    person = get_object_or_404(User, username=username)
    reasons = account_reasons(request.user, person)
    if reasons:
        raise PermissionDenied(" ".join(reasons))
    return person


@login_required
def person(request, username):
    person = _person(request, username)
    units = managed_units(request.user)
    form = GrantForm(request.POST or None, units=units, roles=_roles(request.user, units))
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(user=person, actor=request.user, **form.cleaned_data)
            saved(request)
            return redirect("manage:person", username=person.username)
        except Refused as refusal:
            form.add_refusal(refusal)
    return render(request, "manage/person.html", {
        "person": person, "form": form, "roles": role_history(person),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def role_remove(request, username):
    person = _person(request, username)
    assignment = get_object_or_404(RoleAssignment.history, pk=request.POST.get("assignment"), user=person)
    if request.POST.get("confirm") != "yes":
        refused(request, Refused(_("Tick the box to confirm the removal.")))
        return redirect("manage:person", username=person.username)
    try:
        services.role_revoke(assignment=assignment, actor=request.user)
        saved(request, _("Role removed, and recorded in the public ledger."))
    except Refused as refusal:
        refused(request, refusal)
    return redirect("manage:person", username=person.username)


@require_POST
@login_required
def password_link(request, username):
    person = _person(request, username)
    try:
        path = services.password_link_issue(user=person, actor=request.user)
    except Refused as refusal:
        refused(request, refusal)
        return redirect("manage:person", username=person.username)
    return render(request, "manage/password_link.html", {
        "person": person, "link": request.build_absolute_uri(path),
    })


@login_required
def people_import_page(request, unit):
    unit, _units = _scope(request.user, unit)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            rows = people_import(data=upload.read(), filename=upload.name, actor=request.user)
            saved(request, _("Imported, and recorded in the public ledger."))
        except Refused as refusal:
            errors = refusal.reasons
    return render(request, "manage/import.html", {
        "unit": unit, "form": form, "rows": rows, "errors": errors,
    }, status=400 if errors or form.errors else 200)
