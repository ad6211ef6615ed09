"""Demo accounts, roles, units and organisations, each recorded in the public log as it is made
(the demo goes through the platform's rules: everything that matters is in the log)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.demo.district import DEMO_PASSWORD
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import OrganisationMembership, SocialOrganisation, Unit

ACTOR = "demo"


@transaction.atomic
def demo_unit(*, code: str, defaults: dict) -> Unit:
    unit, created = Unit.objects.get_or_create(code=code, defaults=defaults)
    if created:
        ledger_append(actor=ACTOR, action="unit.create", obj=unit, payload={
            "code": unit.code, "kind": unit.kind, "name": unit.name, "name_en": unit.name_en,
            "parent": unit.parent.code if unit.parent else None, "residents": unit.residents})
    return unit


@transaction.atomic
def demo_residents(*, unit: Unit, residents: int) -> None:
    if unit.residents != residents:
        unit.residents = residents
        unit.save(update_fields=["residents"])
        ledger_append(actor=ACTOR, action="unit.residents", obj=unit, payload={"residents": residents})


@transaction.atomic
def demo_organisation(*, name: str, defaults: dict) -> SocialOrganisation:
    organisation, created = SocialOrganisation.objects.get_or_create(name=name, defaults=defaults)
    if created:
        ledger_append(actor=ACTOR, action="organisation.create", obj=organisation, payload={
            "name": name, "kind": organisation.kind, "home_unit": organisation.home_unit.code})
    return organisation


@transaction.atomic
def demo_person(*, username: str, display: str, role: str | None = None, unit: Unit | None = None,
                organisation: SocialOrganisation | None = None, password_hash: str | None = None,
                superuser: bool = False) -> User:
    """The account (made once, with the demo password) and its role in the unit."""
    user, created = User.objects.get_or_create(username=username, defaults={
        "display_name": display, "is_staff": superuser, "is_superuser": superuser,
        "password": password_hash or make_password(DEMO_PASSWORD)})
    if created:
        ledger_append(actor=ACTOR, action="account.create", obj=user, payload={
            "username": username, "display_name": display, "admin_site": superuser})
    if role is not None:
        grant, made = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit,
                                                           defaults={"organisation": organisation})
        if made:
            ledger_append(actor=ACTOR, action="role.grant", obj=grant, payload={
                "user": username, "role": role, "unit": unit.code,
                "organisation": organisation.name if organisation else None})
    if organisation is not None:
        _member, joined = OrganisationMembership.objects.get_or_create(organisation=organisation, user=user)
        if joined:
            ledger_append(actor=ACTOR, action="organisation.member_add", obj=organisation,
                          payload={"user": username})
    return user
