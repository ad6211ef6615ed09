"""A small district (two streets, two communities each) in the collection stage, with a
collector of each kind and helpers to make proposals and move stages."""

import pytest

from tests.factories import make_user
from xihu.apps.editions import services as editions
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power
from xihu.apps.organisation.models import SocialOrganisation
from xihu.apps.proposals.models import Channel, CollectorType
from xihu.apps.proposals.services import proposals_import
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput


@pytest.fixture
def people(tree):
    admin = make_user("district_admin", tree["d"], "admin")
    users = {"admin": admin}
    for street in ("s1", "s2"):
        users[f"officer_{street}"] = make_user("street_officer", tree[street], f"officer_{street}")
        for c in ("a", "b"):
            code = street + c
            users[f"staff_{code}"] = make_user("community_staff", tree[code], f"staff_{code}")
            users[f"volunteer_{code}"] = make_user("volunteer", tree[code], f"volunteer_{code}")
            users[f"resident_{code}"] = make_user("resident", tree[code], f"resident_{code}")
    return users


@pytest.fixture
def organisation(tree, people):
    org = SocialOrganisation.objects.create(name="南大志愿者", kind="university_volunteers",
                                            home_unit=tree["d"])
    role = people["volunteer_s1a"].roles.get()
    role.organisation = org
    role.save()
    return org


@pytest.fixture
def edition(tree, people):
    """In the collection stage, every power granted down to every community."""
    admin = people["admin"]
    edition = editions.edition_create(district=tree["d"], name="试点", name_en="Pilot", slug="pilot",
                                      actor=admin)
    for street in ("s1", "s2"):
        for power in Power.values:
            editions.power_grant(edition=edition, grantee=tree[street], power=power, actor=admin)
        for c in ("a", "b"):
            for power in COMMUNITY_POWERS:
                editions.power_grant(edition=edition, grantee=tree[street + c], power=power,
                                     actor=people[f"officer_{street}"])
    editions.edition_advance(edition=edition, actor=admin)
    return edition


@pytest.fixture
def advance(edition, people):
    def go():
        editions.edition_advance(edition=edition, actor=people["admin"])
        return edition

    return go


TEXTS = [
    ("3栋楼道灯坏了，晚上很黑", "3栋"),
    ("修好3栋楼道灯", "3栋2单元"),
    ("小广场增设健身器材", "小广场"),
    ("在广场安装健身器材", "小广场东侧"),
    ("公共厕所太旧，需要翻新", "菜市场旁"),
    ("增加电动车充电桩", "5栋门口"),
]


@pytest.fixture
def make_proposals(edition, tree, people):
    def make(community="s1a", n=6, level="community"):
        staff = people[f"staff_{community}"]
        lines = [ImportLine(ProposalInput(content=TEXTS[i % len(TEXTS)][0],
                                          location_text=TEXTS[i % len(TEXTS)][1], level=level,
                                          proposer_name="张三", proposer_contact="13800000000"),
                            Channel.DOOR, CollectorType.STAFF) for i in range(n)]
        return proposals_import(edition=edition, community=tree[community], lines=lines, actor=staff)

    return make
