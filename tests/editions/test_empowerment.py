"""Empowerment is data: a power not granted cannot be used, and the refusal says why."""

import pytest
from django.utils import translation

from tests.factories import make_user
from xihu.apps.editions import services
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import PowerGrant
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.editions.stages import Power, Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.errors import Refused


def _grant(edition, unit, power):
    return PowerGrant.objects.get(edition=edition, grantee=unit, power=power, revoked_at=None)


def test_revoked_community_power_cannot_be_used(tree, edition):
    staff = make_user("community_staff", tree["s1a"])
    edition.stage = Stage.COLLECTION
    assert decide(staff, "collect", tree["s1a"], edition).allowed
    services.power_revoke(grant=_grant(edition, tree["s1a"], Power.COLLECT),
                          actor=tree["s1"].role_assignments.get().user)
    with translation.override("en"):
        decision = decide(staff, "collect", tree["s1a"], edition)
    assert not decision.allowed
    assert any("has not granted" in r for r in decision.reasons)
    assert decide(staff, "collect", tree["s1b"], edition).allowed is False  # other unit


def test_street_power_revoked_blocks_its_communities(tree, edition, admin):
    services.power_revoke(grant=_grant(edition, tree["s1"], Power.COUNT), actor=admin)
    assert Power.COUNT not in granted_powers(edition, tree["s1a"])
    assert Power.COUNT in granted_powers(edition, tree["s2a"])
    counter = make_user("counter", tree["s1a"])
    edition.stage = Stage.COUNTING
    with translation.override("en"):
        reasons = decide(counter, "count", tree["s1a"], edition).reasons
    assert any("The district has not granted" in r for r in reasons)


def test_street_cannot_grant_what_it_does_not_hold(tree, edition, admin):
    officer = tree["s1"].role_assignments.get().user
    services.power_revoke(grant=_grant(edition, tree["s1a"], Power.SCREEN), actor=officer)
    services.power_revoke(grant=_grant(edition, tree["s1"], Power.SCREEN), actor=admin)
    with pytest.raises(Refused, match="does not hold"), translation.override("en"):
        services.power_grant(edition=edition, grantee=tree["s1a"], power=Power.SCREEN, actor=officer)


def test_confirmation_is_not_delegated_to_communities(tree, edition):
    officer = tree["s1"].role_assignments.get().user
    with pytest.raises(Refused):
        services.power_grant(edition=edition, grantee=tree["s1a"], power=Power.CONFIRM,
                             actor=officer)


def test_street_cannot_grant_to_another_streets_community(tree, edition):
    officer = tree["s1"].role_assignments.get().user
    grant = _grant(edition, tree["s2a"], Power.COLLECT)
    with pytest.raises(Refused):
        services.power_revoke(grant=grant, actor=officer)
    assert PowerGrant.objects.get(pk=grant.pk).revoked_at is None


def test_grants_are_in_the_ledger(tree, edition):
    grants = LedgerEntry.objects.filter(action="power.grant")
    assert grants.count() == 2 * 6 + 4 * 5
    assert grants.filter(payload__grantee="s1a", payload__power="collect").exists()


def test_double_grant_is_refused(tree, edition, admin):
    with pytest.raises(Refused):
        services.power_grant(edition=edition, grantee=tree["s1"], power=Power.COLLECT, actor=admin)
