"""Undoing a merge built on earlier merges restores the grouping before that merge, not every
proposal alone (issue 14.9); what was restored is in the ledger."""

import pytest

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import MergeMode, Project, ProjectPart
from xihu.apps.proposals.services import project_undo, projects_merge

pytestmark = pytest.mark.django_db


def _groups(unit) -> list[list[int]]:
    """The live grouping: the proposals of each live project (sorted)."""
    return sorted(sorted(p.sources.filter(released_at__isnull=True).values_list("proposal_id", flat=True))
                  for p in Project.objects.live().filter(unit=unit))


def test_undo_restores_the_grouping_before_that_merge(edition, tree, make_proposals, advance, people):
    make_proposals("s1a", 8)
    advance()
    unit, staff = tree["s1a"], people["staff_s1a"]
    live = list(Project.objects.live().filter(unit=unit).order_by("pk"))
    left = projects_merge(projects=live[:2], mode=MergeMode.ONE_LOCATION, actor=staff, title="路灯")
    right = projects_merge(projects=live[2:5], mode=MergeMode.SEPARATE_LOCATIONS, actor=staff, title="楼道灯")
    before = _groups(unit)
    top = projects_merge(projects=[left, right, live[5]], mode=MergeMode.CASE_BY_CASE, actor=staff,
                         title="照明", location_text="全社区")
    assert len(_groups(unit)) == 3
    assert set(ProjectPart.objects.filter(project=top).values_list("part_id", flat=True)) == {
        left.pk, right.pk, live[5].pk}
    restored = project_undo(project=top, actor=staff)
    assert _groups(unit) == before  # not eight single-proposal projects
    assert sorted((p.title, p.mode) for p in restored) == sorted(
        [("路灯", "b"), ("楼道灯", "a"), (live[5].title, "single")])
    entry = LedgerEntry.objects.filter(action="project.undo").get()
    assert sorted(len(codes) for codes in entry.payload["restores"].values()) == [1, 2, 3]
    # the restored merge of three undoes in turn, to the singles it was made of
    again = next(p for p in restored if p.title == "楼道灯")
    singles = project_undo(project=again, actor=staff)
    assert [p.sources.count() for p in singles] == [1, 1, 1] and all(p.mode == "single" for p in singles)
    assert len(_groups(unit)) == 1 + 1 + 3 + 2  # 路灯 (two), live[5], 楼道灯's three, the last two
