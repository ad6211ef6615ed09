"""An edition in counting with one community (s1a) that voted: a community ballot, the street
ballot of s1, two boxes, seals and registrations that agree with the papers."""

import pytest

from tests.factories import make_user
from tests.results.builders import cast, make_ballot, make_box, register, seal
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage

COMMUNITY_ITEMS = [("公共厕所", 200_000), ("楼道灯", 150_000), ("健身器材", 90_000), ("花坛", 60_000)]
STREET_ITEMS = [("道路修缮", 600_000), ("文化广场", 500_000), ("停车场", 350_000)]


def set_stage(edition, stage) -> None:
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.refresh_from_db()


@pytest.fixture
def people(tree):
    c = tree["s1a"]
    people = {
        "admin": make_user("district_admin", tree["d"], "admin"),
        "officer": make_user("street_officer", tree["s1"], "officer_s1"),
        "officer2": make_user("street_officer", tree["s2"], "officer_s2"),
        "staff": make_user("community_staff", c, "staff_a"),
        "counter": make_user("counter", c, "counter_a"),
        "scrutineer": make_user("scrutineer", c, "scrutineer_a"),
        "staff_scrutineer": make_user("scrutineer", c, "staff_scrutineer_a"),
        "other_staff": make_user("community_staff", tree["s1b"], "staff_b"),
    }
    from xihu.apps.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=people["staff_scrutineer"], role="community_staff", unit=c)
    return people


@pytest.fixture
def edition(tree, people):
    edition = editions.edition_create(district=tree["d"], name="试点", name_en="Pilot",
                                      slug="pilot", actor=people["admin"])
    for street, officer in (("s1", people["officer"]), ("s2", people["officer2"])):
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=tree[street], power=power,
                                 actor=people["admin"])
        for community in ("a", "b"):
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=tree[street + community],
                                     power=power, actor=officer)
    set_stage(edition, Stage.COUNTING)
    return edition


@pytest.fixture
def voted(edition, tree, people):
    """s1a: box A1 (office) and M1 (mobile). Community ballot votes: 1 (toilet) 6, 2 (lights) 5,
    3 (fitness) 4, 4 (flowers) 0; plus 1 blank and 1 over-vote (invalid). Street ballot cast in
    the same boxes. Seals and registrations agree with the papers."""
    c = tree["s1a"]
    community = make_ballot(edition, c, "community", COMMUNITY_ITEMS, actor=people["staff"])
    street = make_ballot(edition, tree["s1"], "street", STREET_ITEMS, actor=people["officer"])
    a1 = make_box(edition, c, "社区办公室", "A1")
    m1 = make_box(edition, c, "流动票箱", "M1", kind="mobile")
    cast(community, a1, [1, 2, 3], n=3)
    cast(community, a1, [1, 2], n=2)
    cast(community, m1, [1, 3], n=1)
    cast(community, m1, [2], n=0)
    cast(community, m1, [3], n=0)
    cast(community, m1, [], n=1)
    cast(community, m1, [1, 2, 3, 4, 1, 2], n=1)
    # votes: 1: 3+2+1 = 6, 2: 3+2 = 5, 3: 3+1 = 4
    cast(street, a1, [1, 2], n=3)
    cast(street, a1, [3], n=2)
    cast(street, m1, [2, 3], n=3)
    # a1: 5 community + 5 street = 10; m1: 3 community + 3 street = 6
    officer = people["staff"]
    seal(a1, 10, officer, people["counter"])
    seal(m1, 6, officer, people["counter"])
    register(edition, "community", a1, officer, 5)
    register(edition, "street", a1, officer, 5)
    register(edition, "community", m1, officer, 3)
    register(edition, "street", m1, officer, 3)
    return {"community": community, "street": street, "a1": a1, "m1": m1}


@pytest.fixture(autouse=True)
def english():
    """Refusal reasons are matched in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


def close_count(tree, people, edition, voted):
    """Open, sign off every box and close s1a's count (no differences in `voted`)."""
    from xihu.apps.results import services

    session = services.count_session_open(edition=edition, community=tree["s1a"],
                                          counters=[people["counter"]],
                                          scrutineers=[people["scrutineer"]], actor=people["counter"])
    for box in (voted["a1"], voted["m1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    services.session_close(session=session, actor=people["scrutineer"])
    return session


@pytest.fixture
def counted(tree, people, edition, voted):
    """s1a counted and closed; the edition moved on to confirmation."""
    from xihu.apps.editions.services import edition_advance

    voted["session"] = close_count(tree, people, edition, voted)
    edition_advance(edition=edition, actor=people["admin"])
    return voted
