"""Load the demo district and its 2017-18 edition through the platform's own services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from xihu.apps.accounts.bootstrap import district_bootstrap
from xihu.apps.accounts.models import User
from xihu.apps.demo.district import LOGINS, ORGANISATIONS, STREETS
from xihu.apps.demo.people import demo_login, demo_password_hash
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.organisation.services import organisation_create, unit_create, unit_set_residents

EDITION_SLUG = "2017-18"
CST = ZoneInfo("Asia/Shanghai")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)


# The study's dates (PROCESS.md section 2); where it gives one date, the stage is planned there.
STAGE_PLAN = [
    (Stage.SETUP, "2017-07-28 09:00", "2017-10-29 09:00", "2017-07-28 民政局申请试点；2017-10-29 启动、培训、招募社会组织"),
    (Stage.COLLECTION, "2017-10-29 09:00", "2018-01-07 00:00", "21个社区共征集9376条提议"),
    (Stage.SCREENING, "2017-12-25 09:00", "2018-01-07 00:00", "按七条理由初选，整合成项目征集汇总表"),
    (Stage.ASSEMBLY, "2018-01-07 09:00", "2018-01-14 18:00", "象山社区1月7日率先举行（6桌），其余20个社区1月13、14日"),
    (Stage.QUOTA, "2018-01-15 09:00", "2018-01-27 18:00", "街道与专家确定预算配额，印制社区票与街道票"),
    (Stage.VOTING, "2018-01-28 09:00", "2018-02-03 17:00", "投票一周，每晚封箱"),
    (Stage.COUNTING, "2018-02-04 09:00", "2018-02-04 18:00", "各社区公开点票"),
    (Stage.CONFIRMATION, "2018-02-05 09:00", "2018-02-05 18:00", "街道确认中选项目"),
    (Stage.PUBLISHED, "2018-02-06 09:00", None, "公布结果、投票率与评估"),
    (Stage.IMPLEMENTATION, "2018-03-01 09:00", None, "项目实施与跟踪"),
]


def _district() -> tuple[Unit, User]:
    """The district and its admin, made as `xihu bootstrap` makes them; the demo admin also gets
    the demo password and the site's superuser flag."""
    district = Unit.objects.filter(code="xihu").first()
    if district is None:
        district, _admin, _link = district_bootstrap(
            code="xihu", name="西湖区", name_en="Xihu District",
            admin_username="admin", admin_display_name=LOGINS[0][1])
    admin = User.objects.get(username="admin")
    if not admin.has_usable_password():
        admin.password = demo_password_hash()
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["password", "is_staff", "is_superuser"])
    return district, admin


def _units(district: Unit, admin: User, streets=STREETS) -> dict[str, Unit]:
    """The streets and communities (made through the services where missing); `streets` has
    the shape of district.STREETS (the simulator passes scaled copies)."""
    units = {"xihu": district}
    existing = {u.code: u for u in Unit.objects.all()}
    for code, name, name_en, communities in streets:
        street = existing.get(code) or unit_create(
            parent=district, code=code, name=name, name_en=name_en,
            residents=sum(c[3] for c in communities), actor=admin)
        units[code] = street
        for c_code, c_name, c_en, residents in communities:
            units[c_code] = existing.get(c_code) or unit_create(
                parent=street, code=c_code, name=c_name, name_en=f"{c_en} Community",
                residents=residents, actor=admin)
    total = sum(Unit.objects.filter(parent=district, kind=Unit.Kind.STREET).values_list("residents", flat=True))
    if district.residents != total:
        district = unit_set_residents(unit=district, residents=total, actor=admin)
        units["xihu"] = district
    return units


def _organisations(units: dict[str, Unit], admin: User) -> dict[str, SocialOrganisation]:
    existing = {o.name: o for o in SocialOrganisation.objects.all()}
    return {
        name: existing.get(name) or organisation_create(
            name=name, name_en=name_en, kind=kind, home_unit=units[home], actor=admin)
        for kind, name, name_en, home in ORGANISATIONS
    }


def _logins(units, organisations, admin: User) -> dict[str, User]:
    users = {"admin": admin}
    for username, display, role, unit_code, org_name in LOGINS:
        if username == "admin":
            continue
        organisation = organisations.get(org_name) if org_name else None
        users[username] = demo_login(username=username, display_name=display, role=role,
                                     unit=units[unit_code], organisation=organisation, actor=admin)
    return users


EDITION = {"slug": EDITION_SLUG, "name": "2017-18 幸福微实事",
           "name_en": "2017-18 Happiness Micro-Projects"}


def _edition(units, users, edition_args: dict | None = None) -> Edition:
    """The edition, planned with the study's dates, every power granted down to the
    communities, every social organisation taking part, and moved to collection."""
    admin = users["admin"]
    edition = editions.edition_create(district=units["xihu"], actor=admin, **(edition_args or EDITION))
    for stage, start, end, note in STAGE_PLAN:
        editions.edition_plan_stage(edition=edition, stage=stage, starts_at=_at(start),
                                    ends_at=_at(end) if end else None, note=note, actor=admin)
    streets = Unit.objects.filter(parent=units["xihu"], kind=Unit.Kind.STREET).order_by("pk")
    for street in streets:
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=street, power=power, actor=admin)
        officer = users.get(f"street_{street.code}") or users[_street_login(street.code)]
        for community in street.children.order_by("pk"):
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=community, power=power, actor=officer)
    for organisation in SocialOrganisation.objects.order_by("pk"):
        editions.edition_organisation_add(edition=edition, organisation=organisation, actor=admin)
    editions.edition_advance(edition=edition, actor=admin, to_stage=Stage.COLLECTION)
    return edition


def _street_login(code: str) -> str:
    return f"street_{code}".replace("-", "_")


def prepare_world(streets=STREETS) -> tuple[dict[str, Unit], dict[str, User]]:
    """The district, its units, social organisations and the demo logins (idempotent)."""
    district, admin = _district()
    units = _units(district, admin, streets)
    users = _logins(units, _organisations(units, admin), admin)
    return units, users


def make_edition(units, users, edition_args: dict | None = None) -> Edition:
    return _edition(units, users, edition_args)


@transaction.atomic
def load_demo(*, with_stage_data: bool = True, progress=None) -> tuple[Edition, bool]:
    """Returns the demo edition and whether it was created now (False: it was already there).

    The demo is the simulator's default run (xihu.apps.simulation, the parameters of the
    2017-18 pilot); with_stage_data=False loads the district, logins and edition only (what
    most tests need). `progress` is a simulation.progress.Progress (default: silent)."""
    existing = Edition.objects.filter(slug=EDITION_SLUG).first()
    if existing:
        prepare_world()
        return existing, False
    if with_stage_data:
        from xihu.apps.simulation.params import pilot
        from xihu.apps.simulation.runner import simulate

        return simulate(params=pilot(), progress=progress).edition, True
    units, users = prepare_world()
    edition = _edition(units, users)
    # The sequencer's round, in process: the entries are in a signed head at once.
    from xihu.apps.ledger.sequencer import integrate_pending

    integrate_pending()
    return edition, True
