"""The first district and its district admin, on an empty database (`xihu bootstrap`).

Nobody in the platform can authorise this act, so the server's operator does it from the
command line; the ledger records it with the actor "system:bootstrap"."""

from django.db import transaction

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.services import check_account_fields, open_admin_site, password_link_path
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.organisation.services import check_unit_fields
from xihu.errors import Problems

ACTOR = "system:bootstrap"


@transaction.atomic
def district_bootstrap(*, code: str, name: str, name_en: str = "", residents: int = 0,
                       admin_username: str, admin_display_name: str) -> tuple[Unit, User, str]:
    """Returns the district, its admin and the admin's one-time set-password link (path)."""
    code, name, name_en = (code or "").strip(), (name or "").strip(), (name_en or "").strip()
    admin_username = (admin_username or "").strip()
    admin_display_name = (admin_display_name or "").strip() or admin_username
    problems = Problems()
    check_unit_fields(problems, code=code, name=name, name_en=name_en, residents=residents)
    check_account_fields(problems, username=admin_username, display_name=admin_display_name)
    problems.raise_if_any()
    district = Unit.objects.create(code=code, kind=Unit.Kind.DISTRICT, name=name, name_en=name_en,
                                   residents=residents)
    ledger_append(actor=ACTOR, action="unit.create", obj=district, payload={
        "code": code, "kind": district.kind, "parent": None, "name": name, "name_en": name_en,
        "residents": residents, "budgets": {},
    })
    admin = User(username=admin_username, display_name=admin_display_name)
    admin.set_unusable_password()
    admin.save()
    ledger_append(actor=ACTOR, action="account.create", obj=admin, payload={
        "username": admin_username, "display_name": admin_display_name,
    })
    assignment = RoleAssignment.objects.create(user=admin, role=Role.DISTRICT_ADMIN, unit=district)
    open_admin_site(admin)
    ledger_append(actor=ACTOR, action="role.grant", obj=assignment, payload={
        "username": admin_username, "display_name": admin_display_name,
        "role": Role.DISTRICT_ADMIN, "unit": code, "organisation": None,
    })
    ledger_append(actor=ACTOR, action="account.password_link", obj=admin, payload={
        "username": admin_username,
    })
    return district, admin, password_link_path(admin)

