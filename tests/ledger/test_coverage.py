"""Everything that matters is in the log: every model is either logged or declared outside the
log with a reason (xihu.apps.ledger.coverage.OUTSIDE_LOG), and no platform transaction of the
whole test run wrote a logged model without writing a log entry.

Every test runs under the recorder (tests/conftest.py); this report runs last and also makes
its own writes through the Django admin, so it fails on its own when run alone as well."""

import os
import warnings

import pytest
from django.apps import apps
from django.urls import reverse

from tests.ledger.log_coverage import SESSION
from xihu.apps.ledger.coverage import OUTSIDE_LOG, OUTSIDE_LOG_FIELDS, logged_labels
from xihu.apps.ledger.models import LedgerEntry


def test_every_model_is_logged_or_declared_outside_with_a_reason():
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert set(OUTSIDE_LOG) <= labels, f"declared but no such model: {set(OUTSIDE_LOG) - labels}"
    assert all(len(reason) > 20 for reason in OUTSIDE_LOG.values())
    assert set(OUTSIDE_LOG_FIELDS) <= labels
    assert logged_labels() == labels - set(OUTSIDE_LOG)
    for label in ("organisation.unit", "accounts.user", "accounts.roleassignment", "editions.powergrant",
                  "voting.castballot", "voting.seal", "results.selectionresult", "ledger.witnesskey"):
        assert label in logged_labels()


@pytest.mark.django_db
def test_the_admin_is_a_window_not_a_side_door(client, tree, admin_client_user):
    """Units, accounts and role grants cannot be made in /admin/ (it is read-only for them: the
    back office's services do that, with their entries); what the admin does allow to change
    (e.g. a group of view permissions) is logged."""
    client.force_login(admin_client_user)
    before = LedgerEntry.objects.count()
    response = client.post(reverse("admin:organisation_unit_add"), {
        "code": "newcomm", "name": "新社区", "name_en": "New", "kind": "community",
        "parent": tree["s1"].pk, "residents": 1000})
    assert response.status_code == 403
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newstaff", "password1": "a-long-Passw0rd!", "password2": "a-long-Passw0rd!",
        "usable_password": "true", "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 403
    assert LedgerEntry.objects.count() == before
    assert not apps.get_model("organisation", "Unit").objects.filter(code="newcomm").exists()
    assert not apps.get_model("accounts", "User").objects.filter(username="newstaff").exists()
    response = client.post(reverse("admin:auth_group_add"), {"name": "读者", "permissions": []})
    assert response.status_code == 302, response.content.decode()[:500]
    entry = LedgerEntry.objects.get(action="admin.add", object_type="auth.group")
    assert entry.payload["changes"]["name"] == "读者"


@pytest.mark.log_coverage_report
def test_no_platform_write_without_a_log_entry_in_the_whole_run():
    """The report of the whole run: each violation names the model, the write and the line of
    the platform that made it, and the test that ran it."""
    places: dict[str, set[str]] = {}
    for v in SESSION.violations:
        places.setdefault(f"{v.label} ({v.kind}) at {v.where}", set()).add(v.context)
    found = [f"{place}  [{len(tests)} test(s), e.g. {min(tests)}]" for place, tests in sorted(places.items())]
    assert not found, "platform writes without a log entry:\n" + "\n".join(found)
    unexercised = sorted(logged_labels() - set(SESSION.logged))
    if os.environ.get("XIHU_REQUIRE_LOG_COVERAGE") == "1":
        assert not unexercised, f"logged models no test wrote through the platform: {unexercised}"
    elif unexercised:
        warnings.warn(f"logged models no test of this run wrote through the platform: {unexercised}",
                      stacklevel=1)
    assert SESSION.tests > 0
