"""Screening: seven reasons only, with an explanation; append-only history; the street reviews;
staff of another community cannot screen; nothing is ever deleted."""

import pytest
from django.db import DatabaseError, transaction

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import ExclusionReason, Project, Proposal, ScreeningDecision
from xihu.apps.proposals.selectors.proposals import with_state
from xihu.apps.proposals.services import (
    exclusion_review,
    project_undo,
    projects_merge,
    proposal_exclude,
)
from xihu.errors import Refused


def test_there_are_exactly_seven_reasons():
    assert len(ExclusionReason.values) == 7
    labels = " ".join(str(label) for label in ExclusionReason.labels)
    for chinese in ("不属于公共利益范畴", "有其他责任主体", "违反政策法规", "与政府在建或拟建项目重复",
                    "超出街道建设能力范围", "不具有技术可行性", "明显超出预算限额"):
        assert chinese in labels


@pytest.fixture
def screening(edition, make_proposals, advance):
    proposals = make_proposals("s1a", 4)
    make_proposals("s1b", 2)
    advance()
    return proposals


def test_exclusion_needs_one_of_the_seven_and_an_explanation(screening, people):
    staff = people["staff_s1a"]
    with pytest.raises(Refused):
        proposal_exclude(proposal=screening[0], reason="we_dislike_it", explanation="不喜欢", actor=staff)
    with pytest.raises(Refused):
        proposal_exclude(proposal=screening[0], reason="not_public", explanation=" ", actor=staff)
    assert ScreeningDecision.objects.count() == 0
    proposal_exclude(proposal=screening[0], reason="not_public", explanation="只涉及一户", actor=staff)
    with pytest.raises(Refused):
        proposal_exclude(proposal=screening[0], reason="not_public", explanation="再次排除", actor=staff)


@pytest.mark.parametrize("who", ["staff_s1b", "volunteer_s1a", "officer_s1", "resident_s1a", "admin"])
def test_only_own_staff_screen(screening, people, who):
    with pytest.raises(Refused):
        proposal_exclude(proposal=screening[0], reason="not_public", explanation="只涉及一户", actor=people[who])
    projects = list(Project.objects.live().filter(unit=screening[0].community))[:2]
    with pytest.raises(Refused):
        projects_merge(projects=projects, mode="a", actor=people[who])


def test_no_screening_during_collection(edition, make_proposals, people):
    proposals = make_proposals("s1a", 2)
    with pytest.raises(Refused):
        proposal_exclude(proposal=proposals[0], reason="not_public", explanation="只涉及一户",
                         actor=people["staff_s1a"])


def test_street_confirms_or_reinstates(screening, people):
    staff, officer = people["staff_s1a"], people["officer_s1"]
    first = proposal_exclude(proposal=screening[0], reason="other_party", explanation="物业负责", actor=staff)
    second = proposal_exclude(proposal=screening[1], reason="over_budget", explanation="需要上百万", actor=staff)
    with pytest.raises(Refused):  # another street
        exclusion_review(exclusion=first, confirm=True, actor=people["officer_s2"])
    with pytest.raises(Refused):  # the community cannot review itself
        exclusion_review(exclusion=first, confirm=True, actor=staff)
    exclusion_review(exclusion=first, confirm=True, actor=officer)
    with pytest.raises(Refused):
        exclusion_review(exclusion=first, confirm=False, explanation="再审", actor=officer)
    with pytest.raises(Refused):  # reinstating needs a reason
        exclusion_review(exclusion=second, confirm=False, explanation="", actor=officer)
    exclusion_review(exclusion=second, confirm=False, explanation="可以分期实施", actor=officer)
    states = dict(with_state(Proposal.objects.filter(pk__in=[screening[0].pk, screening[1].pk]))
                  .values_list("pk", "state"))
    assert states == {screening[0].pk: "confirm", screening[1].pk: "reinstate"}
    assert Project.objects.live().filter(sources__proposal=screening[1],
                                         sources__released_at__isnull=True).count() == 1
    assert LedgerEntry.objects.filter(action="proposal.review").count() == 2


def test_merged_proposal_cannot_be_excluded_until_undone(screening, people):
    staff = people["staff_s1a"]
    projects = list(Project.objects.live().filter(sources__proposal__in=screening[:2]))
    merged = projects_merge(projects=projects, mode="b", location_text="3栋", actor=staff)
    with pytest.raises(Refused):
        proposal_exclude(proposal=screening[0], reason="not_public", explanation="只涉及一户", actor=staff)
    project_undo(project=merged, actor=staff)
    proposal_exclude(proposal=screening[0], reason="not_public", explanation="只涉及一户", actor=staff)


def test_decisions_and_proposals_are_never_deleted(screening, people):
    decision = proposal_exclude(proposal=screening[0], reason="not_public", explanation="只涉及一户",
                                actor=people["staff_s1a"])
    with pytest.raises(DatabaseError), transaction.atomic():
        ScreeningDecision.objects.filter(pk=decision.pk).update(reason="unlawful")
    with pytest.raises(DatabaseError), transaction.atomic():
        ScreeningDecision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(Exception):  # noqa: B017 - PROTECT: decisions and links hold the proposal
        Proposal.objects.filter(pk=screening[0].pk).delete()


def test_screen_page_refuses_other_community_post(client, screening, people):
    client.force_login(people["staff_s1b"])
    client.post(f"/editions/pilot/proposals/s1a/proposals/{screening[0].pk}/exclude/",
                {"reason": "not_public", "explanation": "只涉及一户"})
    assert ScreeningDecision.objects.count() == 0
