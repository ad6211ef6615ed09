"""Stage changes are guarded service calls that refuse with every reason, and are recorded."""

import pytest
from django.utils import translation

from tests.factories import make_user
from xihu.apps.editions import services
from xihu.apps.editions.models import BudgetCommitment, StageChange
from xihu.apps.editions.selectors import edition_timeline
from xihu.apps.editions.stages import STAGE_ORDER, Power, Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.errors import Refused


def test_new_edition_commits_budgets_to_every_unit(tree, edition):
    amounts = dict(BudgetCommitment.objects.filter(edition=edition)
                   .values_list("unit__code", "amount"))
    assert amounts == {"s1": 1_000_000, "s2": 1_000_000,
                       "s1a": 300_000, "s1b": 300_000, "s2a": 300_000, "s2b": 300_000}
    assert (edition.max_choices, edition.min_age, edition.selection_rule) == (5, 15, "greedy")


def test_transition_refuses_with_every_reason(tree, admin):
    edition = services.edition_create(district=tree["d"], name="无授权", name_en="No grants",
                                      slug="bare", actor=admin)
    with pytest.raises(Refused) as refusal, translation.override("en"):
        services.edition_advance(edition=edition, actor=admin)
    # both streets and all four communities lack the collect power
    assert len(refusal.value.reasons) == 6
    assert all("collect" in r for r in refusal.value.reasons)
    edition.refresh_from_db()
    assert edition.stage == Stage.SETUP
    assert not LedgerEntry.objects.filter(action="edition.advance").exists()


def test_only_the_district_admin_moves_stages(tree, edition):
    officer = tree["s1"].role_assignments.get().user
    with pytest.raises(Refused):
        services.edition_advance(edition=edition, actor=officer)


@pytest.fixture
def foundation_preconditions_only(monkeypatch):
    """Stage apps add their own preconditions (tested in their apps); the ordering and the
    recording of moves are tested here against the foundation's checks alone."""
    from xihu.apps.editions import preconditions

    own = {stage: [c for c in checks if c.__module__ == preconditions.__name__]
           for stage, checks in preconditions._CHECKS.items()}
    monkeypatch.setattr(preconditions, "_CHECKS", preconditions.defaultdict(list, own))


def test_stage_apps_register_their_preconditions():
    """Each stage app guards the stage that consumes its work (tested in the app itself)."""
    from xihu.apps.editions.preconditions import _CHECKS

    modules = {stage: {c.__module__.split(".")[2] for c in checks} for stage, checks in _CHECKS.items()}
    assert "proposals" in modules[Stage.ASSEMBLY]
    assert "ballots" in modules[Stage.VOTING]
    assert "voting" in modules[Stage.COUNTING]
    assert "results" in modules[Stage.CONFIRMATION]


@pytest.mark.usefixtures("foundation_preconditions_only")
def test_stages_run_in_order_and_are_recorded(tree, edition, admin):
    with pytest.raises(Refused):
        services.edition_advance(edition=edition, actor=admin, to_stage=Stage.VOTING)
    for expected in STAGE_ORDER[1:]:
        change = services.edition_advance(edition=edition, actor=admin)
        assert change.to_stage == expected and change.actor == admin
    edition.refresh_from_db()
    assert edition.stage == Stage.IMPLEMENTATION
    with pytest.raises(Refused):
        services.edition_advance(edition=edition, actor=admin)
    assert StageChange.objects.filter(edition=edition).count() == len(STAGE_ORDER) - 1
    moves = LedgerEntry.objects.filter(action="edition.advance").order_by("pk")
    assert [m.payload["to"] for m in moves] == STAGE_ORDER[1:]
    timeline = edition_timeline(edition)
    assert all(row.entered_at for row in timeline) and timeline[-1].is_current


@pytest.mark.usefixtures("foundation_preconditions_only")
def test_voting_cannot_close_before_its_planned_end(tree, edition, admin):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    services.edition_plan_stage(edition=edition, stage=Stage.VOTING, starts_at=now - timedelta(days=1),
                                ends_at=now + timedelta(hours=2), actor=admin)
    while edition.stage != Stage.VOTING:
        services.edition_advance(edition=edition, actor=admin)
        edition.refresh_from_db()
    with pytest.raises(Refused, match="Voting is open until"), translation.override("en"):
        services.edition_advance(edition=edition, actor=admin)


def test_budgets_are_frozen_after_setup(tree, edition, admin):
    services.budget_set(edition=edition, unit=tree["s1a"], amount=250_000, actor=admin)
    with pytest.raises(Refused):
        services.budget_set(edition=edition, unit=tree["s1a"], amount=0, actor=admin)
    services.edition_advance(edition=edition, actor=admin)
    with pytest.raises(Refused, match="cannot change"), translation.override("en"):
        services.budget_set(edition=edition, unit=tree["s1a"], amount=200_000, actor=admin)
    assert BudgetCommitment.objects.get(edition=edition, unit=tree["s1a"]).amount == 250_000


def test_stage_forbids_with_a_clear_message(tree, edition):
    from xihu.apps.editions.access import require

    staff = make_user("community_staff", tree["s1a"])
    with pytest.raises(Refused) as refusal, translation.override("zh-hans"):
        require(staff, "collect", tree["s1a"], edition)
    assert any("当前阶段" in r for r in refusal.value.reasons)
    # the power is granted (to s1a by its street): only the stage refuses, and says nothing else
    from xihu.apps.editions.models import Edition, PowerGrant

    assert PowerGrant.objects.filter(edition=edition, grantee=tree["s1a"], power=Power.COLLECT,
                                     revoked_at__isnull=True).exists()
    assert all("当前阶段" in r for r in refusal.value.reasons), refusal.value.reasons
    Edition.objects.filter(pk=edition.pk).update(stage="collection")
    edition.refresh_from_db()
    require(staff, "collect", tree["s1a"], edition)  # in its stage the same act is allowed
