"""Creating an edition, its ballot rules and budgets, and the organisations taking part: each
change refused with its message where it must be, and each written to the ledger."""

import pytest
from django.utils import translation

from tests.factories import make_user
from xihu.apps.editions import services
from xihu.apps.editions.models import BudgetCommitment, Edition, EditionOrganisation
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import SocialOrganisation
from xihu.errors import Refused


def _refusal(call, **kwargs) -> Refused:
    before = LedgerEntry.objects.count()
    with pytest.raises(Refused) as caught, translation.override("en"):
        call(**kwargs)
    assert LedgerEntry.objects.count() == before, "a refusal writes nothing"
    return caught.value


def _create(tree, admin, **overrides):
    kwargs = dict(district=tree["d"], name="二〇一九", name_en="2019", slug="2019", actor=admin)
    return services.edition_create(**(kwargs | overrides))


def test_create_writes_the_edition_its_budgets_and_one_ledger_entry(tree, admin):
    edition = _create(tree, admin, max_choices=3, min_age=16, selection_rule="mes",
                      tie_break="refuse", community_budget=200_000, street_budget=800_000)
    assert (edition.max_choices, edition.min_age, edition.selection_rule, edition.tie_break) == (
        3, 16, "mes", "refuse")
    amounts = dict(BudgetCommitment.objects.filter(edition=edition).values_list("unit__code", "amount"))
    assert amounts == {"s1": 800_000, "s2": 800_000, "s1a": 200_000, "s1b": 200_000,
                       "s2a": 200_000, "s2b": 200_000}
    entry = LedgerEntry.objects.get(action="edition.create")
    assert entry.actor == "admin" and entry.payload["tie_break"] == "refuse"
    assert entry.payload["communities"] == 4 and entry.object_id == str(edition.pk)


def test_create_refuses_bad_input_naming_each_field(tree, admin):
    refusal = _refusal(_create, tree=tree, admin=admin, slug="Bad Slug!", name=" ", name_en="x" * 121,
                       max_choices=0, min_age=99, selection_rule="lottery", tie_break="coin",
                       community_budget=-1, street_budget=0)
    assert set(refusal.fields) == {"slug", "name", "name_en", "max_choices", "min_age",
                                   "selection_rule", "tie_break", "community_budget", "street_budget"}
    assert refusal.fields["slug"] == ["Short name: use lowercase letters, digits and hyphens only "
                                      "(at most 60), e.g. 2019-20."]
    assert refusal.fields["min_age"] == ["Minimum voting age: a whole number from 10 to 30."]
    assert refusal.fields["max_choices"] == ["Most choices on a ballot: a whole number from 1 to 30."]
    assert refusal.fields["name"] == ["Name (Chinese): this field is required."]
    assert refusal.fields["selection_rule"] == ["Selection rule: choose one of the listed rules."]
    assert "Budget per street: A budget must be a positive whole number of yuan." in refusal.reasons
    assert not Edition.objects.exists()


def test_create_refuses_a_taken_short_name_and_a_non_admin(tree, admin):
    _create(tree, admin)
    refusal = _refusal(_create, tree=tree, admin=admin)
    assert refusal.fields["slug"] == ["Short name: an edition called 2019 already exists."]
    officer = make_user("street_officer", tree["s1"])
    refusal = _refusal(_create, tree=tree, admin=officer, slug="2020")
    assert refusal.reasons == ["Your role does not allow this (it needs: district admin)."]


def test_create_skips_retired_units(tree, admin):
    from xihu.apps.organisation.services import unit_retire

    unit_retire(unit=tree["s2b"], actor=admin)
    edition = _create(tree, admin)
    codes = set(BudgetCommitment.objects.filter(edition=edition).values_list("unit__code", flat=True))
    assert "s2b" not in codes and "s2a" in codes


def test_rules_change_until_voting_then_refused(tree, admin, edition):
    services.edition_set_rules(edition=edition, actor=admin, max_choices=4, min_age=18,
                               selection_rule="mes", tie_break="project_order")
    edition.refresh_from_db()
    assert (edition.max_choices, edition.min_age) == (4, 18)
    entry = LedgerEntry.objects.filter(action="edition.rules").last()
    assert entry.payload["changed"] == {"max_choices": [5, 4], "min_age": [15, 18],
                                        "selection_rule": ["greedy", "mes"],
                                        "tie_break": ["lower_cost", "project_order"]}
    refusal = _refusal(services.edition_set_rules, edition=edition, actor=admin, max_choices=4,
                       min_age=18, selection_rule="mes", tie_break="project_order")
    assert refusal.reasons == ["Nothing to change: the rules are already as given."]
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.VOTING)
    refusal = _refusal(services.edition_set_rules, edition=edition, actor=admin, max_choices=4,
                       min_age=16, selection_rule="mes", tie_break="project_order")
    assert refusal.fields["min_age"] == [
        "Voting has started (stage: voting): the ballot rules, the selection rule and the "
        "tie-break can no longer change."]
    assert list(refusal.fields) == ["min_age"], "only the changed field is refused"
    edition.refresh_from_db()
    assert edition.min_age == 18


def test_rules_refused_to_a_street_officer(tree, edition):
    officer = tree["s1"].role_assignments.get().user
    refusal = _refusal(services.edition_set_rules, edition=edition, actor=officer, max_choices=4,
                       min_age=15, selection_rule="greedy", tie_break="lower_cost")
    assert "Your role does not allow this (it needs: district admin)." in refusal.reasons


def test_max_choices_locked_once_a_ballot_is_frozen(tree, admin, edition):
    from django.utils import timezone

    from xihu.apps.ballots.models import Ballot

    Ballot.objects.create(edition=edition, unit=tree["s1a"], kind="community", max_choices=5,
                          budget=300_000, frozen_at=timezone.now(), frozen_by=admin)
    refusal = _refusal(services.edition_set_rules, edition=edition, actor=admin, max_choices=6,
                       min_age=15, selection_rule="greedy", tie_break="lower_cost")
    assert refusal.fields["max_choices"] == [
        "1 ballots are already frozen with at most 5 choices: the most choices can no longer change."]
    # the minimum age is not printed on a ballot: it can still change before voting
    services.edition_set_rules(edition=edition, actor=admin, max_choices=5, min_age=16,
                               selection_rule="greedy", tie_break="lower_cost")


def test_budget_per_unit_and_per_level(tree, admin, edition):
    services.budget_set(edition=edition, unit=tree["s1a"], amount=250_000, actor=admin)
    entry = LedgerEntry.objects.filter(action="budget.set").last()
    assert entry.payload == {"edition": "pilot", "unit": "s1a", "amount": 250_000, "previous": 300_000}
    assert services.budget_set_level(edition=edition, kind="community", amount=280_000, actor=admin) == 4
    edition.refresh_from_db()
    assert edition.community_budget == 280_000
    assert set(BudgetCommitment.objects.filter(edition=edition, unit__kind="community")
               .values_list("amount", flat=True)) == {280_000}
    entry = LedgerEntry.objects.filter(action="budget.set_level").last()
    assert entry.payload["units"] == ["s1a", "s1b", "s2a", "s2b"]


def test_budget_refusals(tree, admin, edition):
    from xihu.apps.organisation.models import Unit

    elsewhere = Unit.objects.create(code="z", kind="district", name="别区")
    far = Unit.objects.create(code="zs", kind="street", name="别街", parent=elsewhere)
    assert _refusal(services.budget_set, edition=edition, unit=far, amount=1, actor=admin).reasons == [
        "别街 is not in District."]
    assert _refusal(services.budget_set, edition=edition, unit=tree["d"], amount=1, actor=admin).reasons == [
        "Budgets are committed to streets and communities."]
    refusal = _refusal(services.budget_set, edition=edition, unit=tree["s1a"], amount=0, actor=admin)
    assert refusal.fields == {"amount": ["A budget must be a positive whole number of yuan."]}
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.COLLECTION)
    for call, kwargs in ((services.budget_set, {"unit": tree["s1a"]}),
                         (services.budget_set_level, {"kind": "street"})):
        refusal = _refusal(call, edition=edition, amount=100, actor=admin, **kwargs)
        assert refusal.reasons == ["Budgets are committed before collection starts and cannot change now."]


def test_organisations_taking_part(tree, admin, edition):
    org = SocialOrganisation.objects.create(name="志愿者协会", kind="university_volunteers",
                                            home_unit=tree["d"])
    row = services.edition_organisation_add(edition=edition, organisation=org, actor=admin)
    refusal = _refusal(services.edition_organisation_add, edition=edition, organisation=org, actor=admin)
    assert refusal.reasons == ["志愿者协会 already takes part in this edition."]
    services.edition_organisation_withdraw(row=row, actor=admin)
    assert EditionOrganisation.objects.get().withdrawn_by == admin
    actions = list(LedgerEntry.objects.filter(action__startswith="edition.organisation")
                   .values_list("action", flat=True))
    assert actions == ["edition.organisation_add", "edition.organisation_withdraw"]
    services.edition_organisation_add(edition=edition, organisation=org, actor=admin)  # back again
