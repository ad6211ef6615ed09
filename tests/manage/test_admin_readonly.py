"""The Django admin is a window onto services, never a side door: every ledgered model is
readable there and no POST changes it (nor writes anything)."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.editions.models import BudgetCommitment, Edition, PowerGrant, StagePlan
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import SocialOrganisation, Unit

pytestmark = pytest.mark.django_db

LEDGERED = ["accounts.user", "organisation.unit", "organisation.socialorganisation",
            "editions.edition", "editions.budgetcommitment", "editions.powergrant",
            "editions.stagechange", "editions.stageplanchange", "editions.grantproposal",
            "editions.editionorganisation", "ledger.ledgerentry"]


@pytest.fixture
def superuser(demo):
    return User.objects.get(username="admin")  # the demo admin is a superuser: the strongest case


def _snapshot():
    return (LedgerEntry.objects.count(), list(Unit.objects.values_list("code", "name", "residents")),
            list(RoleAssignment.history.values_list("pk", "role", "unit_id", "revoked_at")),
            list(BudgetCommitment.objects.values_list("pk", "amount")),
            list(Edition.objects.values_list("slug", "name", "max_choices")),
            list(User.objects.values_list("username", "display_name", "is_staff")),
            PowerGrant.objects.count(), SocialOrganisation.objects.count(), StagePlan.objects.count())


def test_every_ledgered_model_is_registered_read_only(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    registered = {m._meta.label_lower: a for m, a in django_admin.site._registry.items()}
    for label in LEDGERED:
        model_admin = registered[label]
        assert model_admin.has_view_permission(request), label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


def test_admin_pages_read_and_posts_change_nothing(client, superuser, demo):
    client.force_login(superuser)
    unit = Unit.objects.get(code="xiangshan")
    staff = User.objects.get(username="staff_xiangshan")
    budget = BudgetCommitment.objects.filter(edition=demo).first()
    assert client.get(reverse("admin:organisation_unit_changelist")).status_code == 200
    view = client.get(reverse("admin:organisation_unit_change", args=[unit.pk]))
    assert view.status_code == 200 and "象山社区" in view.content.decode()
    assert client.get(reverse("admin:accounts_user_change", args=[staff.pk])).status_code == 200
    before = _snapshot()
    attempts = [
        (reverse("admin:organisation_unit_add"), {"code": "x", "name": "新", "kind": "community",
                                                  "parent": unit.parent_id, "residents": 1}),
        (reverse("admin:organisation_unit_change", args=[unit.pk]),
         {"code": unit.code, "name": "改名", "kind": unit.kind, "parent": unit.parent_id, "residents": 1}),
        (reverse("admin:organisation_unit_delete", args=[unit.pk]), {"post": "yes"}),
        (reverse("admin:accounts_user_change", args=[staff.pk]),
         {"username": "renamed", "display_name": "x", "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
          "roles-0-role": "district_admin", "roles-0-unit": unit.district.pk}),
        (reverse("admin:accounts_user_add"), {"username": "new", "password1": "Xx-123456789",
                                              "password2": "Xx-123456789"}),
        (reverse("admin:editions_edition_change", args=[demo.pk]), {"name": "改", "max_choices": 9}),
        (reverse("admin:editions_budgetcommitment_change", args=[budget.pk]), {"amount": 1}),
        (reverse("admin:editions_powergrant_delete", args=[PowerGrant.objects.first().pk]), {"post": "yes"}),
        (reverse("admin:organisation_unit_changelist"),
         {"action": "delete_selected", "_selected_action": [unit.pk], "post": "yes"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        assert _snapshot() == before, url
