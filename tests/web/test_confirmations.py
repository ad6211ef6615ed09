"""A confirmation step before each irreversible act: a page that says what will happen and asks to
confirm (a plain form, no JavaScript); a POST without the confirmation is refused with a message
and changes nothing. (Freezing a ballot: tests/ballots/test_views.py; closing a count:
tests/results/test_pages.py.)"""

import pytest
from django.urls import reverse

from xihu.apps.accounts.models import User
from xihu.apps.editions.models import PowerGrant
from xihu.apps.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
NOT_CONFIRMED = "未做任何更改：此操作不可撤销，须先在本页确认。"


def _messages(response) -> str:
    return response.content.decode()


def test_advancing_a_stage(client, demo):
    client.force_login(User.objects.get(username="admin"))
    url = reverse("web:advance", args=[demo.slug])
    page = client.get(url).content.decode()
    assert "将从“项目提议征集”阶段进入“初选与整合”阶段" in page or "进入" in page
    assert 'name="confirm" value="yes"' in page and "此操作不可撤销" in page
    entries = LedgerEntry.objects.count()
    refused = client.post(url, follow=True)
    demo.refresh_from_db()
    assert demo.stage == "collection" and LedgerEntry.objects.count() == entries
    assert NOT_CONFIRMED in _messages(refused) and refused.redirect_chain[-1][0] == url
    client.post(url, {"confirm": "yes"})
    demo.refresh_from_db()
    assert demo.stage == "screening"


def test_the_advance_page_says_why_it_would_be_refused(client, demo):
    from xihu.apps.editions.models import BudgetCommitment, Edition

    Edition.objects.filter(pk=demo.pk).update(stage="setup")
    BudgetCommitment.objects.filter(edition=demo, unit__code="xiawan").delete()
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("web:advance", args=[demo.slug])).content.decode()
    blockers = page[page.index('id="confirm-blockers"'):]
    assert "下湾社区" in blockers[:blockers.index("</ul>")]


def test_revoking_a_power(client, demo):
    client.force_login(User.objects.get(username="street_guangrunmen"))
    grant = PowerGrant.objects.get(edition=demo, grantee__code="xiawan", power="count", revoked_at=None)
    confirm = reverse("web:power_revoke", args=[demo.slug, grant.pk])
    powers = client.get(reverse("web:powers", args=[demo.slug])).content.decode()
    assert f'href="{confirm}"' in powers
    page = client.get(confirm).content.decode()
    assert "下湾社区" in page and "点票" in page and 'name="grant"' in page
    change = reverse("web:power_change", args=[demo.slug])
    refused = client.post(change, {"unit": "xiawan", "grant": grant.pk}, follow=True)
    grant.refresh_from_db()
    assert grant.revoked_at is None and NOT_CONFIRMED in _messages(refused)
    client.post(change, {"unit": "xiawan", "grant": grant.pk, "confirm": "yes"})
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_granting_needs_no_confirmation(client, demo):
    client.force_login(User.objects.get(username="street_guangrunmen"))
    grant = PowerGrant.objects.get(edition=demo, grantee__code="xiawan", power="count", revoked_at=None)
    client.post(reverse("web:power_change", args=[demo.slug]),
                {"unit": "xiawan", "grant": grant.pk, "confirm": "yes"})
    client.post(reverse("web:power_change", args=[demo.slug]), {"unit": "xiawan", "power": "count"})
    assert PowerGrant.objects.filter(edition=demo, grantee__code="xiawan", power="count",
                                     revoked_at=None).exists()
