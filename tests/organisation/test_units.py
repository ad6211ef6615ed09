"""Units: create, rename, set resident counts, retire, and social organisations; each refused
with its message where it must be, and each in the ledger."""

import pytest
from django.utils import translation

from tests.factories import make_user
from xihu.apps.accounts.models import RoleAssignment
from xihu.apps.editions import services as editions
from xihu.apps.editions.models import BudgetCommitment, Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation import services
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _refused(call, **kwargs) -> Refused:
    before = LedgerEntry.objects.count()
    with pytest.raises(Refused) as caught, translation.override("en"):
        call(**kwargs)
    assert LedgerEntry.objects.count() == before
    return caught.value


def test_create_street_and_community_with_ledger_entries(tree, admin):
    street = services.unit_create(parent=tree["d"], code="s3", name="新街道", name_en="New Street",
                                  residents=12000, actor=admin)
    community = services.unit_create(parent=street, code="s3a", name="新社区", residents=3000, actor=admin)
    assert (street.kind, community.kind, community.parent) == ("street", "community", street)
    entry = LedgerEntry.objects.filter(action="unit.create").last()
    assert entry.payload == {"code": "s3a", "kind": "community", "parent": "s3", "name": "新社区",
                             "name_en": "", "residents": 3000, "budgets": {}}


def test_a_unit_created_during_setup_gets_the_default_budget(tree, admin, edition):
    unit = services.unit_create(parent=tree["s1"], code="s1c", name="新社区", actor=admin)
    assert BudgetCommitment.objects.get(edition=edition, unit=unit).amount == 300_000
    assert LedgerEntry.objects.filter(action="unit.create").last().payload["budgets"] == {"pilot": 300_000}
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.COLLECTION)
    later = services.unit_create(parent=tree["s1"], code="s1d", name="更新社区", actor=admin)
    assert not BudgetCommitment.objects.filter(unit=later).exists(), "a running edition is not changed"


def test_create_refusals(tree, admin):
    refusal = _refused(services.unit_create, parent=tree["d"], code="S 1", name="", name_en="x" * 200,
                       residents=-5, actor=admin)
    assert refusal.fields == {
        "code": ["Code: lowercase letters, digits and hyphens only (at most 60), e.g. nanpu."],
        "name": ["Name (Chinese): this field is required."],
        "name_en": ["Name (English): at most 120 characters."],
        "residents": ["Registered residents: a whole number from 0 to 10000000."],
    }
    assert _refused(services.unit_create, parent=tree["d"], code="s1", name="重复", actor=admin).fields == {
        "code": ["Code: a unit with the code s1 already exists."]}
    assert _refused(services.unit_create, parent=tree["s1a"], code="x", name="楼", actor=admin).reasons == [
        "A community has no units beneath it."]
    officer = make_user("street_officer", tree["s1"])
    assert _refused(services.unit_create, parent=tree["s1"], code="s1x", name="x", actor=officer).reasons == [
        "Your role does not allow this (it needs: district admin)."]


def test_rename_and_residents(tree, admin):
    services.unit_rename(unit=tree["s1a"], name="象山社区", name_en="Xiangshan", actor=admin)
    services.unit_set_residents(unit=tree["s1a"], residents=6820, actor=admin)
    unit = Unit.objects.get(code="s1a")
    assert (unit.name, unit.name_en, unit.residents) == ("象山社区", "Xiangshan", 6820)
    rename, residents = LedgerEntry.objects.filter(action__in=["unit.rename", "unit.residents"]).order_by("pk")
    assert rename.payload["previous"] == {"name": "s1a", "name_en": ""}
    assert residents.payload == {"code": "s1a", "residents": 6820, "previous": 1000}
    assert _refused(services.unit_rename, unit=unit, name="象山社区", name_en="Xiangshan", actor=admin).reasons == [
        "Nothing to change: Xiangshan already has these names."]


def test_residents_locked_while_turnout_is_measured(tree, admin, edition):
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.COUNTING)
    refusal = _refused(services.unit_set_residents, unit=tree["s1a"], residents=5, actor=admin)
    assert refusal.reasons == ["Turnout of Pilot is being measured against this count (stage: "
                               "counting): it can change after the results are published."]
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.PUBLISHED)
    services.unit_set_residents(unit=tree["s1a"], residents=5, actor=admin)


def test_retire_keeps_history_removes_roles_and_drops_setup_budgets(tree, admin, edition):
    staff = make_user("community_staff", tree["s2b"])
    services.unit_retire(unit=tree["s2b"], actor=admin)
    unit = Unit.objects.get(code="s2b")
    assert unit.retired_at is not None
    assert not BudgetCommitment.objects.filter(edition=edition, unit=unit).exists()
    assert not staff.roles.exists() and RoleAssignment.history.filter(user=staff).exists()
    entry = LedgerEntry.objects.filter(action="unit.retire").last()
    assert entry.payload == {"code": "s2b", "budgets_dropped": ["pilot"],
                             "roles_removed": [[staff.username, "community_staff"]]}
    assert LedgerEntry.objects.filter(action="role.revoke", payload__username=staff.username).exists()
    assert list(Unit.objects.live().filter(parent=tree["s2"])) == [tree["s2a"]]
    # the collection precondition no longer asks for the retired unit's budget
    from xihu.apps.editions.preconditions import budgets_committed

    assert budgets_committed(edition) == []


def test_retire_refusals(tree, admin, edition):
    assert _refused(services.unit_retire, unit=tree["d"], actor=admin).reasons == [
        "A district is not retired here."]
    assert _refused(services.unit_retire, unit=tree["s1"], actor=admin).reasons == [
        "s1 still has communities that are not retired: s1a、s1b."]
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.VOTING)
    assert _refused(services.unit_retire, unit=tree["s1a"], actor=admin).reasons == [
        "s1a takes part in Pilot (stage: voting): retire it after the results are published."]
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.IMPLEMENTATION)
    services.unit_retire(unit=tree["s1a"], actor=admin)
    assert BudgetCommitment.objects.filter(edition=edition, unit=tree["s1a"]).exists(), "history kept"
    assert _refused(services.unit_retire, unit=tree["s1a"], actor=admin).reasons == ["s1a is already retired."]
    assert _refused(services.unit_create, parent=tree["s1a"], code="zz", name="z", actor=admin).reasons == [
        "A community has no units beneath it."]
    tree["s1b"].refresh_from_db()
    services.unit_retire(unit=tree["s1b"], actor=admin)
    services.unit_retire(unit=tree["s1"], actor=admin)
    assert _refused(services.unit_create, parent=Unit.objects.get(code="s1"), code="zz", name="z",
                    actor=admin).reasons == ["s1 is retired: nothing new goes beneath it."]
    assert editions.edition_create(district=tree["d"], name="新", name_en="", slug="new", actor=admin)


def test_organisation_create(tree, admin):
    org = services.organisation_create(name="校友会", name_en="Alumni", kind="alumni", home_unit=tree["d"],
                                       actor=admin)
    assert LedgerEntry.objects.filter(action="organisation.create").last().payload == {
        "name": "校友会", "name_en": "Alumni", "kind": "alumni", "home_unit": "d"}
    refusal = _refused(services.organisation_create, name="校友会", kind="club", home_unit=tree["s1"],
                       actor=admin)
    assert refusal.fields == {"kind": ["Kind: choose one of the listed kinds."],
                              "name": ["Name (Chinese): an organisation of this name already exists here."]}
    assert SocialOrganisation.objects.get() == org
