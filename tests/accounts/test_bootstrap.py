"""The first district and its admin on an empty database: ledgered, with a set-password link."""

import pytest
from django.utils import translation

from xihu.apps.accounts.bootstrap import district_bootstrap
from xihu.apps.accounts.models import User
from xihu.apps.editions.access import decide
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def test_bootstrap_on_an_empty_database(client):
    district, admin, link = district_bootstrap(code="xihu", name="西湖区", name_en="Xihu District",
                                               admin_username="alice", admin_display_name="区管理员")
    assert district.kind == "district" and not admin.has_usable_password()
    assert admin.is_staff and not admin.is_superuser
    assert decide(admin, "manage_units", district, None).allowed
    assert [(e.actor, e.action) for e in LedgerEntry.objects.order_by("pk")] == [
        ("system:bootstrap", "unit.create"), ("system:bootstrap", "account.create"),
        ("system:bootstrap", "role.grant"), ("system:bootstrap", "account.password_link")]
    assert ledger_verify().ok
    page = client.get(link, follow=True)
    assert 'name="new_password1"' in page.content.decode()


def test_bootstrap_refuses_taken_code_and_username():
    district_bootstrap(code="xihu", name="西湖区", admin_username="alice", admin_display_name="甲")
    with pytest.raises(Refused) as caught, translation.override("en"):
        district_bootstrap(code="xihu", name="", admin_username="ALICE", admin_display_name="乙")
    assert caught.value.fields == {
        "code": ["Code: a unit with the code xihu already exists."],
        "name": ["Name (Chinese): this field is required."],
        "username": ["Username: ALICE is already taken."],
    }
    assert Unit.objects.count() == 1 and User.objects.count() == 1
