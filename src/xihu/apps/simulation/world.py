"""The simulated district and the people who run the edition in it.

The district is the demo's (xihu.apps.demo.district: Xihu, its 2 streets and 21 communities),
multiplied by `district.scale` (copy k of street `nanpu` is `nanpu-k`, with copies of its
communities) and with residents multiplied by `district.residents_factor`. Every unit, login
and role is made through the services (the demo loader's helpers). A `Sim` carries what every
stage needs: the parameters, the edition, the units, the people, and a random stream per stage
and unit, so a unit's story does not depend on how many other units there are."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from xihu.apps.accounts.models import Role, User
from xihu.apps.demo.district import STREETS
from xihu.apps.demo.people import demo_login
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.simulation.params import Params
from xihu.apps.simulation.progress import SILENT, Progress


def login_name(prefix: str, code: str) -> str:
    return f"{prefix}_{code}".replace("-", "_")


def base_code(code: str, scale_suffixes: set[str]) -> str:
    """The pilot's code of a unit (copy `nanpu-c-3` of `nanpu-c` gives `nanpu-c`)."""
    head, _sep, tail = code.rpartition("-")
    return head if head and tail in scale_suffixes else code


def scaled_streets(params: Params) -> list:
    """district.STREETS, multiplied: copy 1 keeps the pilot's codes and names."""
    factor = params.get("district.residents_factor")
    keep = params.get("district.communities") or None
    out = []
    for k in range(1, params.scale + 1):
        suffix, mark = ("", "") if k == 1 else (f"-{k}", f"（{k}）")
        for code, name, name_en, communities in STREETS:
            out.append((code + suffix, name + mark, name_en + (f" ({k})" if k > 1 else ""), [
                (c_code + suffix, c_name + mark, c_en + (f" ({k})" if k > 1 else ""),
                 max(1, round(residents * factor)))
                for c_code, c_name, c_en, residents in communities[:keep]]))
    return out


@dataclass
class Sim:
    """One run: parameters, edition, units (in a fixed order), people, random streams."""

    params: Params
    edition: Edition
    users: dict[str, User]
    streets: list[Unit]
    communities: list[Unit]
    progress: Progress = SILENT
    suffixes: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # items per stage, for throughput
    cache: dict = field(default_factory=dict)  # what a stage computed for the next ones

    @property
    def admin(self) -> User:
        return self.users["admin"]

    def rng(self, stage: str, unit: Unit | None = None) -> random.Random:
        """A stream of its own for each stage and unit, from the run's seed (string seeds are
        hashed with SHA-512 by `random`, the same in every process)."""
        return random.Random(f"{self.params.seed}:{stage}:{unit.code if unit else '-'}")

    def base(self, unit: Unit) -> str:
        return base_code(unit.code, self.suffixes)

    def for_unit(self, mapping: dict, unit: Unit, default=None):
        """A per-unit parameter ({code: value, default: value}) for this unit or its copy."""
        return mapping.get(self.base(unit), mapping.get("default", default))

    def person(self, prefix: str, unit: Unit) -> User:
        return self.users[login_name(prefix, unit.code)]

    def street_officer(self, street: Unit) -> User:
        return self.users.get(f"street_{street.code}") or self.users[login_name("street", street.code)]


# prefix, role, title; volunteers are added per `collection.volunteers`.
CREW = [("staff", Role.COMMUNITY_STAFF, "工作人员"), ("officer", Role.STATION_OFFICER, "投票站工作人员"),
        ("officer2", Role.STATION_OFFICER, "投票站工作人员（二）"), ("counter", Role.COUNTER, "点票员"),
        ("counter2", Role.COUNTER, "点票员（二）"), ("scrutineer", Role.SCRUTINEER, "监票员")]


def _organisations() -> tuple[list[SocialOrganisation], dict[int, SocialOrganisation]]:
    orgs = list(SocialOrganisation.objects.exclude(kind=SocialOrganisation.Kind.EXPERT_GROUP)
                .select_related("home_unit").order_by("pk"))
    district_wide = [o for o in orgs if o.home_unit.kind == Unit.Kind.DISTRICT]
    own = {o.home_unit_id: o for o in orgs if o.home_unit.kind == Unit.Kind.COMMUNITY}
    return district_wide, own


def make_people(params: Params, users: dict[str, User], streets: list[Unit],
                communities: list[Unit]) -> None:
    """Street officers of the copies, and each community's staff, volunteers, station officers,
    counters and scrutineer (the demo's logins where they exist), all with the demo password."""
    admin = users["admin"]

    def login(prefix, display, role, unit, organisation=None):
        username = login_name(prefix, unit.code)
        users[username] = demo_login(username=username, display_name=display, role=role, unit=unit,
                                     organisation=organisation, actor=admin)

    for street in streets:
        if f"street_{street.code}" not in users:
            login("street", f"{street.name}干部", Role.STREET_OFFICER, street)
    district_wide, own = _organisations()
    for index, unit in enumerate(communities):
        for prefix, role, title in CREW:
            login(prefix, f"{unit.name}{title}", role, unit)
        for n in range(params.get("collection.volunteers")):
            organisation = (district_wide[(index + n) % len(district_wide)] if n != 1 or unit.pk not in own
                            else own[unit.pk])
            login("volunteer" if n == 0 else f"volunteer{n + 1}", f"{organisation.name[:4]}志愿者",
                  Role.VOLUNTEER, unit, organisation)


def build(params: Params, progress: Progress = SILENT) -> Sim:
    """The district (scaled), its people and a new edition in the collection stage."""
    from xihu.apps.demo.loader import make_edition, prepare_world
    from xihu.errors import Refused

    edition_args = {key: params.get(f"edition.{key}") for key in (
        "slug", "name", "name_en", "community_budget", "street_budget", "max_choices", "min_age")}
    if Edition.objects.filter(slug=edition_args["slug"]).exists():
        raise Refused(f"An edition {edition_args['slug']} exists already: give another edition.slug, "
                      "or use a fresh database.")
    streets_spec = scaled_streets(params)
    units, users = prepare_world(streets_spec)
    codes = [code for code, *_rest in streets_spec]
    streets = sorted((units[c] for c in codes), key=lambda u: u.pk)
    communities = list(Unit.objects.filter(parent__in=streets, kind=Unit.Kind.COMMUNITY)
                       .select_related("parent").order_by("parent_id", "pk"))
    make_people(params, users, streets, communities)
    edition = make_edition(units, users, edition_args)
    return Sim(params=params, edition=edition, users=users, streets=streets, communities=communities,
               progress=progress, suffixes={f"{k}" for k in range(2, params.scale + 1)})


def attach(params: Params, edition: Edition, users: dict[str, User] | None = None,
           progress: Progress = SILENT) -> Sim:
    """A Sim over an edition that exists (the stage apps' demo steps, and tests)."""
    users = dict(users or {})
    users.setdefault("admin", User.objects.get(username="admin"))
    streets = list(Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("pk"))
    communities = list(Unit.objects.filter(parent__in=streets, kind=Unit.Kind.COMMUNITY)
                       .select_related("parent").order_by("parent_id", "pk"))
    users.update({u.username: u for u in User.objects.filter(roles__unit__in=[*streets, *communities])})
    suffixes = {code.rpartition("-")[2] for code in (s.code for s in streets) if code.rpartition("-")[2].isdigit()}
    sim = Sim(params=params, edition=edition, users=users, streets=streets, communities=communities,
              progress=progress, suffixes=suffixes)
    make_people(params, users, streets, communities)
    return sim
