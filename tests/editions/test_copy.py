"""Next year's edition as a copy: budgets, rules, the plan a year later, the organisations; the
earlier grants as proposals that the district, then each street, confirms in one step."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.factories import make_user
from xihu.apps.editions import services
from xihu.apps.editions.copying import edition_copy, grant_proposal_confirm, shift_years
from xihu.apps.editions.models import (
    BudgetCommitment,
    Edition,
    EditionOrganisation,
    GrantProposal,
    PowerGrant,
    StagePlan,
)
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import SocialOrganisation
from xihu.apps.organisation.services import unit_create, unit_retire
from xihu.errors import Refused

CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def source(tree, admin, edition):
    """The pilot, planned, with a custom budget and rules and an organisation, then published;
    since then s2b was retired and a community s1c created."""
    services.edition_set_rules(edition=edition, actor=admin, max_choices=4, min_age=16,
                               selection_rule="mes", tie_break="refuse")
    services.budget_set(edition=edition, unit=tree["s1a"], amount=250_000, actor=admin)
    services.edition_plan_stage(edition=edition, stage=Stage.VOTING, starts_at=datetime(2018, 1, 28, 9, tzinfo=CST),
                                ends_at=datetime(2018, 2, 3, 17, tzinfo=CST), note="一周", actor=admin)
    services.edition_plan_stage(edition=edition, stage=Stage.SETUP, starts_at=datetime(2016, 2, 29, 9, tzinfo=CST),
                                ends_at=None, actor=admin)
    org = SocialOrganisation.objects.create(name="志愿者协会", kind="university_volunteers", home_unit=tree["d"])
    services.edition_organisation_add(edition=edition, organisation=org, actor=admin)
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.PUBLISHED)
    unit_retire(unit=tree["s2b"], actor=admin)
    unit_create(parent=tree["s1"], code="s1c", name="新社区", actor=admin)
    edition.refresh_from_db()
    return edition


def test_copy_carries_rules_budgets_plan_and_organisations(source, admin):
    new = edition_copy(source=source, slug="next", name="下一届", name_en="Next", actor=admin)
    assert (new.max_choices, new.min_age, new.selection_rule, new.tie_break, new.stage) == (
        4, 16, "mes", "refuse", Stage.SETUP)
    budgets = dict(BudgetCommitment.objects.filter(edition=new).values_list("unit__code", "amount"))
    assert budgets == {"s1": 1_000_000, "s2": 1_000_000, "s1a": 250_000, "s1b": 300_000,
                       "s1c": 300_000, "s2a": 300_000}
    voting = StagePlan.objects.get(edition=new, stage=Stage.VOTING)
    assert (voting.starts_at, voting.ends_at, voting.note) == (
        datetime(2019, 1, 28, 9, tzinfo=CST), datetime(2019, 2, 3, 17, tzinfo=CST), "一周")
    setup = StagePlan.objects.get(edition=new, stage=Stage.SETUP)
    assert setup.starts_at == datetime(2017, 2, 28, 9, tzinfo=CST)  # 29 February has no next year
    assert [o.organisation.name for o in EditionOrganisation.objects.filter(edition=new)] == ["志愿者协会"]
    entry = LedgerEntry.objects.get(action="edition.copy")
    assert entry.payload["source"] == "pilot" and entry.payload["budgets"]["s1a"] == 250_000
    assert entry.payload["organisations"] == ["志愿者协会"]


def test_copied_grants_are_proposals_until_confirmed(source, tree, admin):
    new = edition_copy(source=source, slug="next", name="下一届", name_en="Next", actor=admin)
    assert not PowerGrant.objects.filter(edition=new).exists(), "nothing is live before confirmation"
    district_proposal = GrantProposal.objects.get(edition=new, grantor=tree["d"])
    s1_proposal = GrantProposal.objects.get(edition=new, grantor=tree["s1"])
    s2_proposal = GrantProposal.objects.get(edition=new, grantor=tree["s2"])
    assert sorted(map(tuple, district_proposal.items)) == sorted(
        (s, p) for s in ("s1", "s2") for p in Power.values)
    assert {code for code, _p in s2_proposal.items} == {"s2a"}, "the retired s2b is left out"
    officer = tree["s1"].role_assignments.get().user

    with pytest.raises(Refused) as early, translation.override("en"):
        grant_proposal_confirm(proposal=s1_proposal, actor=officer)
    assert len(early.value.reasons) == len(COMMUNITY_POWERS)
    assert early.value.reasons[0] == (
        "The district has not granted s1 the power to organise proposal collection yet: the "
        "district admin confirms the streets' grants first.")
    with pytest.raises(Refused) as wrong, translation.override("en"):
        grant_proposal_confirm(proposal=district_proposal, actor=officer)
    assert "Your role does not allow this (it needs: district admin)." in wrong.value.reasons

    grant_proposal_confirm(proposal=district_proposal, actor=admin)
    assert granted_powers(new, tree["s1"]) == set(Power.values)
    assert granted_powers(new, tree["s1a"]) == set(), "communities wait for their street"
    with pytest.raises(Refused) as other, translation.override("en"):
        grant_proposal_confirm(proposal=s2_proposal, actor=officer)
    assert "You act for s1, not for s2a." in other.value.reasons

    grant_proposal_confirm(proposal=s1_proposal, actor=officer)
    assert granted_powers(new, tree["s1a"]) == set(COMMUNITY_POWERS)
    with pytest.raises(Refused, match="already confirmed"), translation.override("en"):
        grant_proposal_confirm(proposal=s1_proposal, actor=officer)
    confirms = LedgerEntry.objects.filter(action="grants.confirm").order_by("pk")
    assert [e.payload["grantor"] for e in confirms] == ["d", "s1"]
    assert len(confirms[1].payload["granted"]) == 2 * len(COMMUNITY_POWERS)
    assert LedgerEntry.objects.filter(action="power.grant", payload__grantor="s1").count() >= len(COMMUNITY_POWERS)


def test_copy_refusals(source, tree, admin):
    with pytest.raises(Refused) as caught, translation.override("en"):
        edition_copy(source=source, slug="pilot", name="", name_en="", actor=admin)
    assert caught.value.fields["slug"] == ["Short name: an edition called pilot already exists."]
    assert caught.value.fields["name"] == ["Name (Chinese): this field is required."]
    with pytest.raises(Refused) as caught, translation.override("en"):
        edition_copy(source=source, slug="n2", name="n", name_en="", actor=admin, years=-1)
    assert caught.value.fields["years"] == ["Years to shift the plan: a whole number from 0 to 10."]
    staff = make_user("community_staff", tree["s1a"])
    with pytest.raises(Refused), translation.override("en"):
        edition_copy(source=source, slug="n3", name="n", name_en="", actor=staff)
    assert Edition.objects.count() == 1


def test_shift_years_keeps_local_time():
    moment = datetime(2018, 2, 3, 17, tzinfo=CST)
    assert shift_years(moment, 1) == datetime(2019, 2, 3, 17, tzinfo=CST)
    assert shift_years(None, 1) is None
