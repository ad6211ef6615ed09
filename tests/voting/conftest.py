"""A small district in voting week: frozen community and street ballots, a station with a box,
officers on shift, and residents on the register. Time is passed to services explicitly."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import make_user
from xihu.apps.accounts.identity import identity_key
from xihu.apps.ballots.models import Ballot, BallotItem, PrintRun
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage
from xihu.apps.proposals.models import Household, Project, RegisteredResident
from xihu.apps.voting import services
from xihu.apps.voting.idnumbers import with_check_character

CST = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2018, 1, 28, 9, 0, tzinfo=CST)
CLOSES = datetime(2018, 2, 3, 17, 0, tzinfo=CST)
MONDAY_NOON = datetime(2018, 1, 29, 12, 0, tzinfo=CST)
MONDAY_EVENING = datetime(2018, 1, 29, 20, 0, tzinfo=CST)


def id_number(birth: date, serial: int = 1) -> str:
    """A valid identity number for someone born on `birth` (Nanchang area code 360103)."""
    return with_check_character(f"360103{birth:%Y%m%d}{serial % 1000:03d}")


def set_stage(edition: Edition, stage: str) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.refresh_from_db()
    return edition


def frozen_ballot(edition, unit, kind, creator, items=7, max_choices=5, printed=2000) -> Ballot:
    """A frozen ballot whose sheets 1..`printed` were printed (one print run)."""
    ballot = Ballot.objects.create(edition=edition, unit=unit, kind=kind, max_choices=max_choices,
                                   budget=300_000)
    for n in range(1, items + 1):
        project = Project.objects.create(edition=edition, unit=unit, level=kind, title=f"{unit.code} p{n}",
                                         created_by=creator)
        BallotItem.objects.create(ballot=ballot, number=n, project=project, title=project.title,
                                  amount=10_000 * n)
    Ballot.objects.filter(pk=ballot.pk).update(frozen_at=timezone.now(), frozen_by=creator,
                                               fingerprint="f" * 64)
    ballot.refresh_from_db()
    if printed:
        PrintRun.objects.create(ballot=ballot, first_serial=1, count=printed, printed_by=creator)
    return ballot


@pytest.fixture
def edition(tree, admin):
    """An edition with every power granted, the study's voting window, in the voting stage."""
    edition = editions.edition_create(district=tree["d"], name="试点", name_en="Pilot", slug="pilot",
                                      actor=admin)
    editions.edition_plan_stage(edition=edition, stage=Stage.VOTING, starts_at=OPENS, ends_at=CLOSES,
                                actor=admin)
    for street in ("s1", "s2"):
        officer = make_user("street_officer", tree[street], f"officer_{street}")
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=tree[street], power=power, actor=admin)
        for community in ("a", "b"):
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=tree[street + community], power=power,
                                     actor=officer)
    return set_stage(edition, Stage.VOTING)


@pytest.fixture
def people(tree):
    """Users of community s1a (and a stranger from s1b)."""
    c = tree["s1a"]
    return {
        "staff": make_user("community_staff", c, "staff_a"),
        "officer": make_user("station_officer", c, "officer_a"),
        "officer2": make_user("station_officer", c, "officer_a2"),
        "counter": make_user("counter", c, "counter_a"),
        "counter2": make_user("counter", c, "counter_a2"),
        "scrutineer": make_user("scrutineer", c, "scrutineer_a"),
        "stranger": make_user("station_officer", tree["s1b"], "officer_b"),
    }


@pytest.fixture
def ballots(edition, tree, admin):
    return {
        "community": frozen_ballot(edition, tree["s1a"], "community", admin),
        "street": frozen_ballot(edition, tree["s1"], "street", admin, items=6),
        "community_b": frozen_ballot(edition, tree["s1b"], "community", admin),
    }


@pytest.fixture
def station(edition, tree, people, ballots):
    return services.station_create(edition=edition, community=tree["s1a"], kind="fixed",
                                   name="社区办公室", actor=people["staff"])


@pytest.fixture
def box(station, people):
    return services.box_create(station=station, code="1", actor=people["staff"])


@pytest.fixture
def on_shift(station, people):
    """Both officers and the staff member on shift at the station every day of the week."""
    for offset in range(7):
        day = (OPENS + timedelta(days=offset)).date()
        for who in ("officer", "officer2", "staff"):
            services.shift_add(station=station, officer=people[who], day=day, actor=people["staff"])
    return station


@pytest.fixture
def resident(tree):
    household = Household.objects.create(community=tree["s1a"], household_no="H1", building="3栋")
    birth = date(1980, 5, 17)
    return RegisteredResident.objects.create(household=household, name="张三", birth_date=birth,
                                             id_key=identity_key(id_number(birth)))


@pytest.fixture
def registered(box, on_shift, people, resident):
    """A helper: register someone (defaults: the resident above, paper, both ballots)."""

    def register(**kwargs):
        kwargs.setdefault("box", box)
        kwargs.setdefault("officer", people["officer"])
        kwargs.setdefault("id_number", id_number(resident.birth_date))
        kwargs.setdefault("basis", "register")
        if kwargs["basis"] == "register":
            kwargs.setdefault("resident", resident)
        kwargs.setdefault("now", MONDAY_NOON)
        return services.voter_register(**kwargs)

    return register


@pytest.fixture
def seal_box(box, people):
    """A helper: seal the box for the night (its electronic ballots are written then)."""

    def seal(at=MONDAY_EVENING, paper=0, number="S-001"):
        return services.box_seal(box=box, officer_a=people["officer"], officer_b=people["officer2"],
                                 seal_number=number, paper_in_box=paper, now=at)

    return seal
