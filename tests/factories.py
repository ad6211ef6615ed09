"""Small, explicit builders for tests that need less than the whole demo district."""

import factory

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.organisation.models import Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")


def make_user(role: str, unit: Unit, username: str | None = None) -> User:
    user = UserFactory(username=username) if username else UserFactory()
    user.save()
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def make_tree() -> dict[str, Unit]:
    """A district with two streets, two communities each."""
    d = Unit.objects.create(code="d", kind="district", name="区", name_en="District")
    units = {"d": d}
    for s in ("s1", "s2"):
        units[s] = Unit.objects.create(code=s, kind="street", name=s, parent=d)
        for c in ("a", "b"):
            code = f"{s}{c}"
            units[code] = Unit.objects.create(
                code=code, kind="community", name=code, parent=units[s], residents=1000
            )
    return units
