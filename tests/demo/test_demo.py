"""The demo district reproduces the pilot's shape and loads idempotently."""

import pytest

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.demo.district import LOGINS
from xihu.apps.demo.loader import load_demo
from xihu.apps.editions.models import Edition, StagePlan
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.organisation.models import SocialOrganisation, Unit

pytestmark = pytest.mark.django_db


def test_pilot_shape(demo):
    assert Unit.objects.get(code="xihu").name == "西湖区"
    streets = Unit.objects.filter(kind="street")
    assert sorted(s.name for s in streets) == ["南浦街道", "广润门街道"]
    assert Unit.objects.filter(kind="community").count() == 21
    assert {"象山社区", "下湾社区"} <= set(Unit.objects.values_list("name", flat=True))
    assert all(c.residents > 0 for c in Unit.objects.filter(kind="community"))
    assert SocialOrganisation.objects.filter(kind="university_volunteers").exists()
    assert SocialOrganisation.objects.filter(kind="expert_group").exists()
    voting = StagePlan.objects.get(edition=demo, stage="voting")
    assert voting.ends_at.isoformat() == "2018-02-03T09:00:00+00:00"  # 17:00 in Nanchang
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert len(roles) == 9


def test_idempotent(demo):
    before = (User.objects.count(), LedgerEntry.objects.count(), Unit.objects.count())
    edition, created = load_demo(with_stage_data=False)
    assert not created and edition == demo
    assert (User.objects.count(), LedgerEntry.objects.count(), Unit.objects.count()) == before
    assert Edition.objects.count() == 1
    assert ledger_verify().ok


def test_every_login_works(demo):
    for username, *_ in LOGINS:
        assert User.objects.get(username=username).check_password("xihu2018")
