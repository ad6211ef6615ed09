"""The demo step on a small synthetic voting week in the demo district: counts, the Xiawan
case, confirmation, publication, implementation, and an export the verifier accepts."""

import pytest

from tests.results.builders import cast, make_ballot, make_box, register, seal
from tests.results.conftest import set_stage
from xihu.apps.accounts.models import User
from xihu.apps.demo.district import LOGINS
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.results.demo import load_demo_data
from xihu.apps.results.export import write_export
from xihu.apps.results.models import Confirmation, CountSession, ImplementationUpdate, TypedTotal
from xihu.verifier import cli

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_week(demo):
    users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in LOGINS])}
    officer = users["officer_xiangshan"]
    units = {u.code: u for u in Unit.objects.all()}
    street = make_ballot(demo, units["guangrunmen"], "street",
                         [("道路修缮", 600_000), ("文化广场", 500_000)], actor=users["street_guangrunmen"])
    for code, items in [("xiawan", [("下湾社区新建公共厕所", 120_000), ("楼道灯", 80_000),
                                    ("健身器材", 150_000)]),
                        ("xiangshan", [("象山社区健身路径", 100_000), ("休息座椅", 50_000)])]:
        ballot = make_ballot(demo, units[code], "community", items, actor=users["staff_xiangshan"])
        box = make_box(demo, units[code], f"{units[code].name}办公室", "1")
        cast(ballot, box, [1, 3], n=12)
        cast(ballot, box, [2], n=7)
        cast(street, box, [1], n=10)
        cast(street, box, [2], n=9)
        seal(box, 38, officer, users["counter_xiangshan"])
        register(demo, "community", box, officer, 19 + (code == "xiangshan"))  # one left without voting
        register(demo, "street", box, officer, 19)
    set_stage(demo, Stage.VOTING)
    return users


def test_demo_step_counts_confirms_publishes(demo, voting_week, tmp_path):
    load_demo_data(edition=demo, users=voting_week)
    demo.refresh_from_db()
    assert demo.stage == Stage.PUBLISHED
    sessions = CountSession.objects.filter(edition=demo)
    assert sessions.count() == 2 and all(hasattr(s, "close") for s in sessions)
    typed = TypedTotal.objects.get(session__community__code="xiawan")
    assert typed.item.title == "下湾社区新建公共厕所" and typed.value < typed.computed == 12
    hand = TypedTotal.objects.get(session__community__code="xiangshan")
    assert hand.box is not None and hand.value == hand.computed - 1
    xiangshan = sessions.get(community__code="xiangshan")
    assert any(d["key"].startswith("reg:") and d["explanation"] for d in xiangshan.close.totals["differences"])
    assert Confirmation.objects.filter(ballot__edition=demo, deviates=False).count() == 3
    assert ImplementationUpdate.objects.count() == 4
    write_export(demo, tmp_path)
    assert not cli.verify(tmp_path).problems


def test_demo_step_does_nothing_without_ballots(demo):
    users = {u.username: u for u in User.objects.all()}
    load_demo_data(edition=demo, users=users)
    assert not CountSession.objects.exists()
