"""Spending is cumulative: a lower figure needs a correction note (issue 14.18)."""

import pytest
from django.urls import reverse

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.results import services
from xihu.apps.results.models import ImplementationUpdate
from xihu.apps.results.selectors import tracking_for
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(people, edition, counted, settings, tmp_path):
    from xihu.apps.editions.services import edition_advance

    settings.MEDIA_ROOT = tmp_path / "media"
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    services.result_confirm(ballot=counted["street"], actor=people["officer"])
    edition_advance(edition=edition, actor=people["admin"])
    return counted


def test_a_lower_cumulative_spend_needs_a_correction_note(client, people, edition, published):
    toilet = published["community"].items.get(number=1)
    services.implementation_update(item=toilet, status="in_progress", spent=120_000, actor=people["staff"])
    services.implementation_update(item=toilet, status="in_progress", actor=people["staff"])  # no figure: fine
    for note in ("", "更正", "       短  "):
        with pytest.raises(Refused, match=r"cumulative: 90,000 is less than the 120,000 recorded before"):
            services.implementation_update(item=toilet, status="in_progress", spent=90_000, note=note,
                                           actor=people["staff"])
    assert ImplementationUpdate.objects.filter(item=toilet).count() == 2
    services.implementation_update(item=toilet, status="in_progress", spent=120_000, actor=people["staff"])  # same: fine
    update = services.implementation_update(item=toilet, status="in_progress", spent=90_000,
                                            note="上次误把设计费计入两次，实际为九万元", actor=people["officer"])
    entry = LedgerEntry.objects.filter(action="results.implementation").order_by("-pk").first()
    assert entry.payload["corrects_spent"] == 120_000 and entry.payload["spent"] == 90_000
    tracking = tracking_for(toilet)
    assert tracking.spent == 90_000 and tracking.corrections == {update.pk}
    page = client.get(reverse("results:item", args=[edition.slug, toilet.pk])).content.decode()
    assert page.count('class="flag correction"') == 1 and "上次误把设计费计入两次" in page


def test_the_page_refuses_a_lower_spend_without_a_note(client, people, edition, published):
    toilet = published["community"].items.get(number=1)
    services.implementation_update(item=toilet, status="in_progress", spent=120_000, actor=people["staff"])
    client.force_login(people["staff"])
    page = client.post(reverse("results:item_update", args=[edition.slug, toilet.pk]),
                       {"status": "in_progress", "milestone": "", "spent": "1000", "note": ""}, follow=True)
    assert page.status_code == 200 and "120,000" in page.content.decode()
    assert ImplementationUpdate.objects.filter(item=toilet).count() == 1
