"""Accounts and roles: create an account, grant and remove a role, issue a set-password link.
Each is access-checked (accounts.scope) and writes its ledger entry in the same transaction."""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.scope import account_reasons, grant_reasons
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import OrganisationMembership, SocialOrganisation, Unit
from xihu.errors import Problems, Refused

READ_ONLY_ADMIN_GROUP = "read-only admin"


def check_account_fields(problems: Problems, *, username: str, display_name: str) -> None:
    if not username:
        problems.add("username", _("Username: this field is required."))
    elif len(username) > 150:
        problems.add("username", _("Username: at most 150 characters."))
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            problems.add("username", _("Username: use letters, digits and @ . + - _ only."))
        else:
            if User.objects.filter(username__iexact=username).exists():
                problems.add("username", _("Username: %(name)s is already taken.") % {"name": username})
    if not display_name:
        problems.add("display_name", _("Display name: this field is required (it is shown "
                                       "publicly, e.g. on the list of counters)."))
    elif len(display_name) > 80:
        problems.add("display_name", _("Display name: at most 80 characters."))


def _role_problems(problems: Problems, *, actor, role: str, unit: Unit | None,
                   organisation: SocialOrganisation | None) -> None:
    if unit is None:
        problems.add("unit", _("Unit: this field is required."))
        return
    if unit.retired_at:
        problems.add("unit", _("Unit: %(unit)s is retired.") % {"unit": unit})
    for reason in grant_reasons(actor, role, unit):
        problems.add("role", reason)
    if organisation is not None and not unit.district.contains(organisation.home_unit):
        problems.add("organisation", _("On behalf of: %(org)s is not based in %(district)s.")
                     % {"org": organisation, "district": unit.district})


@transaction.atomic
def account_create(*, username: str, display_name: str, role: str, unit: Unit | None, actor,
                   organisation: SocialOrganisation | None = None) -> User:
    """A new account holding one role, with no usable password: hand its holder a set-password
    link (password_link_issue)."""
    username, display_name = (username or "").strip(), (display_name or "").strip()
    problems = Problems()
    check_account_fields(problems, username=username, display_name=display_name)
    _role_problems(problems, actor=actor, role=role, unit=unit, organisation=organisation)
    problems.raise_if_any()
    user = User(username=username, display_name=display_name)
    user.set_unusable_password()
    user.save()
    ledger_append(actor=actor, action="account.create", obj=user, payload={
        "username": username, "display_name": display_name,
    })
    role_grant(user=user, role=role, unit=unit, organisation=organisation, actor=actor)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, unit: Unit | None, actor,
               organisation: SocialOrganisation | None = None) -> RoleAssignment:
    problems = Problems()
    _role_problems(problems, actor=actor, role=role, unit=unit, organisation=organisation)
    problems.raise_if_any()
    if not user.is_active:
        raise Refused(_("%(user)s's account is disabled.") % {"user": user})
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise Refused(_("%(user)s is already %(role)s of %(unit)s.")
                      % {"user": user, "role": Role(role).label, "unit": unit})
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit,
                                               organisation=organisation, granted_by=actor)
    if organisation is not None:
        OrganisationMembership.objects.get_or_create(organisation=organisation, user=user)
    if role == Role.DISTRICT_ADMIN:
        open_admin_site(user)
    ledger_append(actor=actor, action="role.grant", obj=assignment, payload={
        "username": user.get_username(), "display_name": user.display_name, "role": role,
        "unit": unit.code, "organisation": organisation.name if organisation else None,
    })
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> RoleAssignment:
    assignment = RoleAssignment.history.select_for_update().select_related("unit", "user").get(
        pk=assignment.pk)
    if assignment.revoked_at:
        raise Refused(_("This role was already removed."))
    reasons = grant_reasons(actor, assignment.role, assignment.unit)
    if reasons:
        raise Refused(reasons)
    if assignment.role == Role.DISTRICT_ADMIN and not RoleAssignment.objects.filter(
            role=Role.DISTRICT_ADMIN, unit=assignment.unit).exclude(pk=assignment.pk).exists():
        raise Refused(_("%(user)s is the last district admin of %(district)s: grant the role to "
                        "someone else first.") % {"user": assignment.user, "district": assignment.unit})
    assignment.revoked_at, assignment.revoked_by = timezone.now(), actor
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    user = assignment.user
    if assignment.role == Role.DISTRICT_ADMIN and not user.roles.filter(role=Role.DISTRICT_ADMIN).exists():
        close_admin_site(user)
    ledger_append(actor=actor, action="role.revoke", obj=assignment, payload={
        "username": user.get_username(), "role": assignment.role, "unit": assignment.unit.code,
    })
    return assignment


@transaction.atomic
def password_link_issue(*, user: User, actor) -> str:
    """A one-time link (path) with which `user` sets a password. It expires after
    PASSWORD_RESET_TIMEOUT and works once; issuing it also ends the current password and every
    earlier link. The ledger records that a link was issued, never the link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    reasons = account_reasons(actor, user)
    if reasons:
        raise Refused(reasons)
    if not user.is_active:
        raise Refused(_("%(user)s's account is disabled.") % {"user": user})
    user.set_unusable_password()
    user.save(update_fields=["password"])
    ledger_append(actor=actor, action="account.password_link", obj=user, payload={
        "username": user.get_username(),
    })
    return password_link_path(user)


@transaction.atomic
def password_set(*, user: User, password: str) -> User:
    """The holder of a set-password link sets their password: recorded in the log (that the
    account became usable, and when), never the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    ledger_append(actor=user, action="account.password_set", obj=user, payload={
        "username": user.get_username(),
    })
    return user


def password_link_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("manage:set_password", kwargs={
        "uidb64": uid, "token": default_token_generator.make_token(user)})


def open_admin_site(user: User) -> None:
    """A district admin reads everything in /admin/ (which is read-only for ledgered models)."""
    group, created = Group.objects.get_or_create(name=READ_ONLY_ADMIN_GROUP)
    if created or not group.permissions.exists():
        group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def close_admin_site(user: User) -> None:
    user.groups.remove(*Group.objects.filter(name=READ_ONLY_ADMIN_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
