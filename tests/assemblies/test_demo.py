"""The assemblies and ballots demo steps on the demo district, with projects made here (the
proposals step is another app's): 21 assemblies, Xiangshan's with 6 tables and 60 projects,
every ballot frozen, the edition in the voting stage."""

import time

import pytest

from tests.assemblies.helpers import make_projects, set_stage
from xihu.apps.accounts.models import User
from xihu.apps.assemblies import demo as assemblies_demo
from xihu.apps.assemblies import selectors
from xihu.apps.assemblies.models import Assembly
from xihu.apps.ballots import demo as ballots_demo
from xihu.apps.ballots.models import Ballot
from xihu.apps.organisation.models import Unit


@pytest.fixture
def demo_projects(demo):
    author = User.objects.get(username="admin")
    for unit in Unit.objects.filter(kind="community"):
        make_projects(demo, unit, 60 if unit.code == "xiangshan" else 22, author=author, prefix=f"{unit.name}项目")
    for street in Unit.objects.filter(kind="street"):
        make_projects(demo, street, 6, level="street", author=author, prefix=f"{street.name}项目")
    set_stage(demo, "assembly")
    return demo


def test_demo_steps(demo_projects):
    edition = demo_projects
    users = {u.username: u for u in User.objects.all()}
    started = time.monotonic()
    assemblies_demo.load_demo_data(edition=edition, users=users)
    middle = time.monotonic()
    assert Assembly.objects.filter(edition=edition).count() == 21
    xiangshan = Assembly.objects.get(unit__code="xiangshan")
    assert xiangshan.tables == 6 and xiangshan.starts_at.day == 7
    assert xiangshan.items.filter(project__level="community").count() == 60
    tally = selectors.plenary_tally(xiangshan)
    assert tally.ballots == selectors.attendance(xiangshan).checked_in and tally.invalid_total >= 0
    assert all(len(v.table.nominations.all()) == 3 for v in selectors.tables(xiangshan))
    ballots_demo.load_demo_data(edition=edition, users=users)
    finished = time.monotonic()
    ballots = Ballot.objects.filter(edition=edition)
    assert ballots.filter(kind="community").count() == 21 and ballots.filter(kind="street").count() == 2
    assert all(b.is_frozen and 1 <= b.items.count() <= 15 for b in ballots)
    xiangshan_ballot = ballots.get(unit__code="xiangshan")
    assert sum(r.count for r in xiangshan_ballot.print_runs.all()) == 5456  # 80% of 6820
    edition.refresh_from_db()
    assert edition.stage == "voting"
    print(f"assemblies step {middle - started:.1f} s, ballots step {finished - middle:.1f} s")
