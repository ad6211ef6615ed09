"""Property: after any sequence of merges, undos, exclusions and reviews, every non-excluded
proposal is the source of exactly one live project, and an excluded one of none."""

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xihu.apps.proposals.models import MergeMode, Project, ProjectSource, Proposal
from xihu.apps.proposals.selectors.proposals import is_excluded, with_state
from xihu.apps.proposals.selectors.summary import summary_table
from xihu.apps.proposals.services import (
    exclusion_review,
    project_undo,
    projects_merge,
    proposal_exclude,
)
from xihu.apps.proposals.services.screening import latest_decision
from xihu.errors import Refused

OPS = st.tuples(
    st.sampled_from(["merge", "merge", "undo", "exclude", "confirm", "reinstate"]),
    st.lists(st.integers(0, 40), min_size=2, max_size=4),
    st.sampled_from([MergeMode.SEPARATE_LOCATIONS, MergeMode.ONE_LOCATION, MergeMode.CASE_BY_CASE]),
)


@pytest.fixture
def setting(edition, tree, make_proposals, advance, people):
    proposals = make_proposals("s1a", 8)
    advance()
    return {"unit": tree["s1a"], "edition": edition, "proposals": proposals,
            "staff": people["staff_s1a"], "officer": people["officer_s1"]}


def check_invariant(unit, edition) -> None:
    states = {p.pk: p.state for p in with_state(Proposal.objects.filter(community=unit))}
    live_links = ProjectSource.objects.filter(project__dissolved_at__isnull=True, project__unit=unit)
    per_proposal = Counter(live_links.values_list("proposal_id", flat=True))
    for pk, state in states.items():
        expected = 0 if is_excluded(state) else 1
        assert per_proposal.get(pk, 0) == expected, (pk, state, per_proposal.get(pk, 0))
    # links of live projects are never released; links of dissolved projects always are
    assert not live_links.filter(released_at__isnull=False).exists()
    assert not ProjectSource.objects.filter(project__dissolved_at__isnull=False,
                                            released_at__isnull=True).exists()
    # every live project has a source; the summary table counts each proposal once
    table = summary_table(edition, unit)
    assert all(p.live_sources for p in table.rows)
    assert table.proposals == sum(1 for s in states.values() if not is_excluded(s))


def apply(op, setting) -> None:
    kind, picks, mode = op
    unit, staff = setting["unit"], setting["staff"]
    live = list(Project.objects.live().filter(unit=unit).order_by("pk"))
    proposals = setting["proposals"]
    if kind == "merge" and len(live) >= 2:
        chosen = {live[i % len(live)].pk: live[i % len(live)] for i in picks}
        projects_merge(projects=list(chosen.values()), mode=mode, actor=staff, title="合并")
    elif kind == "undo" and live:
        project_undo(project=live[picks[0] % len(live)], actor=staff)
    elif kind == "exclude":
        proposal_exclude(proposal=proposals[picks[0] % len(proposals)], reason="infeasible",
                         explanation="技术上不可行", actor=staff)
    elif kind in ("confirm", "reinstate"):
        last = latest_decision(proposals[picks[0] % len(proposals)])
        if last is not None:
            exclusion_review(exclusion=last, confirm=kind == "confirm", explanation="复核意见",
                             actor=setting["officer"])


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, max_size=14))
def test_every_non_excluded_proposal_in_exactly_one_live_project(setting, ops):
    savepoint = transaction.savepoint()
    try:
        check_invariant(setting["unit"], setting["edition"])
        for op in ops:
            try:
                apply(op, setting)
            except Refused:
                pass
            check_invariant(setting["unit"], setting["edition"])
    finally:
        transaction.savepoint_rollback(savepoint)


def test_merge_then_undo_restores_the_count(setting):
    unit, staff = setting["unit"], setting["staff"]
    live = list(Project.objects.live().filter(unit=unit))
    merged = projects_merge(projects=live[:3], mode=MergeMode.SEPARATE_LOCATIONS, actor=staff)
    again = projects_merge(projects=[merged, live[3]], mode=MergeMode.CASE_BY_CASE, actor=staff,
                           location_text="3栋")
    assert again.sources.filter(released_at__isnull=True).count() == 4
    assert Project.objects.live().filter(unit=unit).count() == 5
    with pytest.raises(Refused):
        project_undo(project=merged, actor=staff)  # already merged further
    restored = project_undo(project=again, actor=staff)
    # the grouping before the last merge: the merge of three, and the fourth project alone
    assert Project.objects.live().filter(unit=unit).count() == 6
    assert sorted(p.live_sources_count for p in _with_counts(restored)) == [1, 3]
    check_invariant(unit, setting["edition"])
    three = next(p for p in restored if p.mode == MergeMode.SEPARATE_LOCATIONS)
    assert (three.title, three.location_text) == (merged.title, merged.location_text)
    assert set(three.sources.values_list("proposal_id", flat=True)) == set(
        merged.sources.values_list("proposal_id", flat=True))
    project_undo(project=three, actor=staff)  # and one step further back: every proposal alone
    assert Project.objects.live().filter(unit=unit).count() == 8
    check_invariant(unit, setting["edition"])


def _with_counts(projects):
    for project in projects:
        project.live_sources_count = project.sources.filter(released_at__isnull=True).count()
    return projects
