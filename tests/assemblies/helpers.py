"""Builders shared by the assembly and ballot tests: an edition in a chosen stage, projects,
an assembly with checked-in attendees and plenary ballots."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.factories import make_tree, make_user
from xihu.apps.assemblies import services as assemblies
from xihu.apps.assemblies.models import Attendee
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power
from xihu.apps.proposals.models import Project

CST = ZoneInfo("Asia/Shanghai")
JAN_7 = datetime(2018, 1, 7, 9, 0, tzinfo=CST)


def build_world() -> dict:
    """A district (2 streets x 2 communities), an edition with every power granted, and users:
    admin, officer_s1/s2 (street officers), staff_<community>, expert."""
    units = make_tree()
    admin = make_user("district_admin", units["d"], "admin")
    edition = editions.edition_create(district=units["d"], name="试点", name_en="Pilot",
                                      slug="pilot", actor=admin)
    users = {"admin": admin, "expert": make_user("expert", units["d"], "expert")}
    for street in ("s1", "s2"):
        officer = make_user("street_officer", units[street], f"officer_{street}")
        users[f"officer_{street}"] = officer
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=units[street], power=power, actor=admin)
        for c in ("a", "b"):
            code = street + c
            users[f"staff_{code}"] = make_user("community_staff", units[code], f"staff_{code}")
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=units[code], power=power, actor=officer)
    return {"units": units, "edition": edition, "users": users}


def set_stage(edition: Edition, stage: str) -> None:
    """Put the edition in a stage directly (tests of one stage, not of the transitions)."""
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.stage = stage


def make_projects(edition, unit, n: int, level: str = "community", author=None, prefix="项目") -> list[Project]:
    author = author or _any_user()
    return [
        Project.objects.create(edition=edition, unit=unit, level=level, title=f"{prefix}{i:02d}",
                               description="", created_by=author)
        for i in range(1, n + 1)
    ]


def _any_user():
    from xihu.apps.accounts.models import User

    return User.objects.order_by("pk").first()


def schedule(world, code="s1a", tables=2, **kw):
    return assemblies.assembly_schedule(
        edition=world["edition"], unit=world["units"][code], venue="社区活动中心",
        starts_at=JAN_7, tables=tables, actor=world["users"][f"staff_{code}"], **kw)


def fill_assembly(assembly, actor, residents: int, households: int | None = None) -> list[Attendee]:
    """Hosts, recorders and advisers for every table, plus `residents` residents, all checked in."""
    from xihu.apps.organisation.models import SocialOrganisation

    org = SocialOrganisation.objects.get_or_create(
        name="南大志愿者", defaults={"kind": "university_volunteers", "home_unit": assembly.unit})[0]
    people = []
    for t in range(assembly.tables):
        for role in ("host", "recorder", "adviser"):
            people.append(assemblies.attendee_add(
                assembly=assembly, name=f"{role}{t}", table_role=role, actor=actor, at_door=True,
                organisation=org if role == "adviser" else None, household_text=f"{role}-{t}"))
    households = households or residents
    for i in range(residents):
        people.append(assemblies.attendee_add(
            assembly=assembly, name=f"居民{i}", actor=actor, at_door=True,
            household_text=f"{i % households}栋"))
    return people
