"""A decision on an action that needs a power reads the user's roles and the unit's powers in
one statement (editions.selectors.roles_and_powers): the same as the two reads it replaces,
revoked roles and grants left out, a community holding only what its street holds too."""

import pytest

from tests.factories import make_user
from xihu.apps.accounts import services as accounts
from xihu.apps.accounts.models import RoleAssignment
from xihu.apps.editions import services
from xihu.apps.editions.access import _roles_held, decide
from xihu.apps.editions.models import PowerGrant
from xihu.apps.editions.selectors import granted_powers, roles_and_powers
from xihu.apps.editions.stages import Power, Stage

pytestmark = pytest.mark.django_db


def _same(user, edition, unit):
    roles, powers = roles_and_powers(user.pk, edition, unit)
    assert sorted(roles) == sorted(_roles_held(user))
    assert powers == granted_powers(edition, unit)
    return roles, powers


def test_one_statement_reads_what_the_two_read(tree, edition, admin):
    officer = make_user("station_officer", tree["s1a"])
    RoleAssignment.objects.create(user=officer, role="counter", unit=tree["s1b"])
    gone = RoleAssignment.objects.create(user=officer, role="community_staff", unit=tree["s2a"])
    accounts.role_revoke(assignment=gone, actor=admin)
    services.power_revoke(grant=PowerGrant.objects.get(edition=edition, grantee=tree["s1"], power=Power.COUNT,
                                                       revoked_at=None), actor=admin)
    roles, powers = _same(officer, edition, tree["s1a"])
    assert sorted(roles) == sorted([("station_officer", tree["s1a"].pk), ("counter", tree["s1b"].pk)])
    assert Power.COUNT not in powers and Power.STATIONS in powers  # the street's revocation counts
    for unit in ("s1", "s2", "s2a", "d"):
        _same(officer, edition, tree[unit])
    nobody = make_user("resident", tree["s2b"])
    _same(nobody, edition, tree["s2b"])


def test_the_decision_is_unchanged(tree, edition, admin):
    officer = make_user("station_officer", tree["s1a"])
    edition.stage = Stage.VOTING
    assert decide(officer, "run_station", tree["s1a"], edition).allowed
    assert not decide(officer, "run_station", tree["s1b"], edition).allowed  # not their community
    services.power_revoke(grant=PowerGrant.objects.get(edition=edition, grantee=tree["s1"], power=Power.STATIONS,
                                                       revoked_at=None), actor=admin)
    refused = decide(officer, "run_station", tree["s1a"], edition)
    assert not refused.allowed and len(refused.reasons) == 1
