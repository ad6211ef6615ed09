# ruff: noqa: F811 - fixtures imported from tests/results/conftest.py are used as arguments
"""Built cases for the evaluation, the figures and the dashboard, on top of the results tests'
small district (tests/results/conftest.py: an edition in counting, s1a voted)."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache

from tests.factories import make_user
from tests.results.builders import CST
from tests.results.conftest import counted, edition, english, people, set_stage, voted  # noqa: F401
from xihu.apps.assemblies.models import Assembly, Attendee, Nomination, PlenaryBallot, RoundTable
from xihu.apps.editions.stages import Stage
from xihu.apps.proposals import services as proposals
from xihu.apps.proposals.models import Channel, CollectorType, Project
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput

ASSEMBLY_DAY = datetime(2018, 1, 13, 9, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Figures are cached per log head; tests build rows without the log, so start clean and
    never serve figures older than the head."""
    settings.XIHU_INSIGHTS_MAX_STALE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def _import(edition, community, actor, n, prefix):
    lines = [ImportLine(ProposalInput(content=f"{prefix}第{i}条：修好楼道灯", building=f"{i % 2 + 1}栋"),
                        Channel.DOOR, CollectorType.STAFF) for i in range(n)]
    return proposals.proposals_import(edition=edition, community=community, lines=lines, actor=actor)


@pytest.fixture
def screened(edition, tree, people):
    """s1a: 3 proposals, 2 excluded (one confirmed by the street, one never reviewed);
    s1b: 2 proposals, 1 excluded and reinstated by the street. Back in counting afterwards."""
    stage = edition.stage
    set_stage(edition, Stage.COLLECTION)
    a = _import(edition, tree["s1a"], people["staff"], 3, "甲")
    b = _import(edition, tree["s1b"], people["other_staff"], 2, "乙")
    set_stage(edition, Stage.SCREENING)
    confirmed = proposals.proposal_exclude(proposal=a[0], reason="other_party", explanation="物业负责",
                                           actor=people["staff"])
    waiting = proposals.proposal_exclude(proposal=a[1], reason="infeasible", explanation="无法施工",
                                         actor=people["staff"])
    wrong = proposals.proposal_exclude(proposal=b[0], reason="not_public", explanation="只涉及一户",
                                       actor=people["other_staff"])
    proposals.exclusion_review(exclusion=confirmed, confirm=True, actor=people["officer"])
    proposals.exclusion_review(exclusion=wrong, confirm=False, explanation="属于公共利益", actor=people["officer"])
    set_stage(edition, stage)
    return {"a": a, "b": b, "waiting": waiting}


def _attendees(assembly, table, residents, *, roles=("host", "recorder", "adviser"), organisation=None,
               invited_as=None):
    """Checked-in attendees seated at `table`: the roles, then `residents` residents."""
    rows = []
    for role in roles:
        rows.append(Attendee(assembly=assembly, name=f"{role}{table}", table_role=role, table_no=table,
                             category="adviser" if role == "adviser" else "resident",
                             organisation=organisation if role == "adviser" else None,
                             checked_in_at=assembly.starts_at))
    categories = invited_as or ["resident"] * residents
    for n in range(residents):
        rows.append(Attendee(assembly=assembly, name=f"居民{table}-{n}", table_no=table,
                             category=categories[n % len(categories)], checked_in_at=assembly.starts_at))
    return Attendee.objects.bulk_create(rows)


def _nominate(assembly, table, projects, n):
    round_table = RoundTable.objects.create(assembly=assembly, number=table)
    for position, project in enumerate(projects[:n], start=1):
        Nomination.objects.create(table=round_table, position=position, project=project, reason="大家都需要")


@pytest.fixture
def assemblies(edition, tree, people):
    """s1a: two tables, the second with only 7 residents and 2 nominations; 5 plenary ballots.
    s1b: an assembly row and nothing else. s2a: one good table of 8. s2b: no assembly."""
    staff = people["staff"]
    projects = [Project.objects.create(edition=edition, unit=tree["s1a"], level="community",
                                       title=f"项目{n}", created_by=staff) for n in range(4)]
    a = Assembly.objects.create(edition=edition, unit=tree["s1a"], venue="社区活动室", starts_at=ASSEMBLY_DAY,
                                tables=2, created_by=staff)
    _attendees(a, 1, 9, invited_as=["group_leader", "proposer", "resident"])
    _attendees(a, 2, 7, invited_as=["building_leader", "proposer"])
    Attendee.objects.create(assembly=a, name="未入座", invited=False, checked_in_at=a.starts_at)
    Attendee.objects.create(assembly=a, name="没来", category="proposer")
    _nominate(a, 1, projects, 3)
    _nominate(a, 2, projects, 2)
    PlenaryBallot.objects.bulk_create([PlenaryBallot(assembly=a, serial=n, choices=[projects[0].pk],
                                                     entered_by=staff) for n in range(1, 6)])
    empty = Assembly.objects.create(edition=edition, unit=tree["s1b"], venue="空", starts_at=ASSEMBLY_DAY,
                                    tables=3, created_by=people["other_staff"])
    s2a_staff = make_user("community_staff", tree["s2a"], "staff_s2a")
    s2_projects = [Project.objects.create(edition=edition, unit=tree["s2a"], level="community",
                                          title=f"乙项目{n}", created_by=s2a_staff) for n in range(3)]
    good = Assembly.objects.create(edition=edition, unit=tree["s2a"], venue="会议室",
                                   starts_at=ASSEMBLY_DAY + timedelta(days=1), tables=1, created_by=s2a_staff)
    _attendees(good, 1, 8, invited_as=["resident", "group_leader"])
    _nominate(good, 1, s2_projects, 3)
    PlenaryBallot.objects.bulk_create([PlenaryBallot(assembly=good, serial=n, choices=[s2_projects[1].pk],
                                                     entered_by=s2a_staff) for n in range(1, 4)])
    return {"s1a": a, "s1b": empty, "s2a": good}
