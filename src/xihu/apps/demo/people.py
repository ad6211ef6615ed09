"""Demo logins made through the platform's own services (account.create and role.grant are in
the ledger), each then given the demo password. Idempotent: an existing login only gets the role
it lacks."""

from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.accounts.services import account_create, role_grant
from xihu.apps.demo.district import DEMO_PASSWORD
from xihu.apps.organisation.models import SocialOrganisation, Unit


@cache
def demo_password_hash() -> str:
    """Hashed once: hashing is deliberately slow, and the demo has a hundred logins."""
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def demo_login(*, username: str, display_name: str, role: str, unit: Unit, actor,
               organisation: SocialOrganisation | None = None) -> User:
    """One transaction: the account's creation (logged) and its demo password commit together."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_create(username=username, display_name=display_name, role=role, unit=unit,
                              organisation=organisation, actor=actor)
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    elif not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        role_grant(user=user, role=role, unit=unit, organisation=organisation, actor=actor)
    return user


def demo_admin() -> User:
    return User.objects.get(username="admin")
