"""Services end to end: submit, exclude, review, merge, undo, report, precondition."""

import pytest

from xihu.apps.editions import services as editions
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals import services
from xihu.apps.proposals.models import Project, Proposal
from xihu.errors import Refused


def test_flow(edition, tree, people, make_proposals, advance):
    props = make_proposals("s1a", 6)
    for code in ("s1b", "s2a", "s2b"):
        make_proposals(code, 2)
    assert Project.objects.live().filter(unit=tree["s1a"]).count() == 6
    advance()
    staff = people["staff_s1a"]
    d = services.proposal_exclude(proposal=props[4], reason="other_party", explanation="物业负责", actor=staff)
    assert Project.objects.live().filter(unit=tree["s1a"]).count() == 5
    projects = list(Project.objects.live().filter(unit=tree["s1a"]))
    merged = services.projects_merge(projects=projects[:2], mode="a", actor=staff, title="3栋楼道灯")
    assert merged.location_text == "3栋；3栋2单元"
    assert Project.objects.live().filter(unit=tree["s1a"]).count() == 4
    services.project_undo(project=merged, actor=staff)
    assert Project.objects.live().filter(unit=tree["s1a"]).count() == 5
    services.exclusion_review(exclusion=d, confirm=False, explanation="物业已撤出", actor=people["officer_s1"])
    assert Project.objects.live().filter(unit=tree["s1a"]).count() == 6
    with pytest.raises(Refused):
        editions.edition_advance(edition=edition, actor=people["admin"])
    for code in ("s1a", "s1b", "s2a", "s2b"):
        services.summary_report(edition=edition, unit=tree[code], actor=people[f"staff_{code}"])
    editions.edition_advance(edition=edition, actor=people["admin"])
    assert LedgerEntry.objects.filter(action="summary.report").count() == 4
    assert Proposal.objects.count() == 12


def test_assembly_waits_for_every_table_with_projects(edition, tree, people, make_proposals, advance):
    """Communities with projects must report (again, after a change); those without need not."""
    make_proposals("s1a", 3)
    make_proposals("s2b", 2, level="street")
    advance()
    with pytest.raises(Refused) as refused:
        editions.edition_advance(edition=edition, actor=people["admin"])
    text = " ".join(refused.value.reasons)
    assert "s1a" in text and "s2" in text and "s1b" not in text and "s2b" not in text
    services.summary_report(edition=edition, unit=tree["s1a"], actor=people["staff_s1a"])
    services.summary_report(edition=edition, unit=tree["s2"], actor=people["officer_s2"])
    projects = list(Project.objects.live().filter(unit=tree["s1a"]))[:2]
    services.projects_merge(projects=projects, mode="c", location_text="小广场", actor=people["staff_s1a"])
    with pytest.raises(Refused) as refused:  # changed after reporting
        editions.edition_advance(edition=edition, actor=people["admin"])
    assert "s1a" in " ".join(refused.value.reasons)
    services.summary_report(edition=edition, unit=tree["s1a"], actor=people["staff_s1a"])
    editions.edition_advance(edition=edition, actor=people["admin"])
    assert edition.stage == "assembly"
