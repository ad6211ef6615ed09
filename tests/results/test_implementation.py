"""Implementation tracking of funded projects: who may record, photo checks, public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xihu.apps.editions.services import edition_advance
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.results import services
from xihu.apps.results.selectors import funded_items, tracking_for
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def published(people, edition, counted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    services.result_confirm(ballot=counted["street"], actor=people["officer"])
    edition_advance(edition=edition, actor=people["admin"])
    return counted


def test_staff_record_status_spending_and_photos(client, people, edition, published):
    toilet = published["community"].items.get(number=1)
    services.implementation_update(item=toilet, status="in_progress", milestone="开工", spent=50_000,
                                   note="施工队进场", photo=SimpleUploadedFile("a.png", PNG),
                                   actor=people["staff"])
    services.implementation_update(item=toilet, status="done", spent=210_000, actor=people["officer"])
    tracking = tracking_for(toilet)
    assert tracking.latest.status == "done" and tracking.spent == 210_000 and tracking.overspent
    assert LedgerEntry.objects.filter(action="results.implementation").count() == 2
    assert [t.item.number for t in funded_items(edition) if t.item.ballot == published["community"]] == [1, 3]
    page = client.get(reverse("results:item", args=[edition.slug, toilet.pk])).content.decode()
    assert "开工" in page and "施工队进场" in page
    first = tracking.updates[0]
    photo = client.get(reverse("results:photo", args=[edition.slug, first.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")


def test_only_that_units_people_record_and_only_for_winners(people, edition, published):
    toilet = published["community"].items.get(number=1)
    lights = published["community"].items.get(number=2)
    with pytest.raises(Refused, match="Only the street"):
        services.implementation_update(item=toilet, status="done", actor=people["other_staff"])
    with pytest.raises(Refused, match="confirmed winners"):
        services.implementation_update(item=lights, status="done", actor=people["staff"])
    with pytest.raises(Refused):  # a street project: the community's staff may not record it
        services.implementation_update(item=published["street"].items.get(number=1), status="done",
                                       actor=people["staff"])


def test_photos_are_checked(people, edition, published):
    toilet = published["community"].items.get(number=1)
    with pytest.raises(Refused, match="Only photos"):
        services.implementation_update(item=toilet, status="planned", actor=people["staff"],
                                       photo=SimpleUploadedFile("a.png", b"<script>alert(1)</script>"))
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(Refused, match="5 MB"):
        services.implementation_update(item=toilet, status="planned", actor=people["staff"], photo=big)


def test_not_before_publication(people, edition, counted):
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    with pytest.raises(Refused, match="published"):
        services.implementation_update(item=counted["community"].items.get(number=1),
                                       status="planned", actor=people["staff"])


def test_update_through_the_page(client, people, edition, published):
    toilet = published["community"].items.get(number=1)
    client.force_login(people["staff"])
    assert 'enctype="multipart/form-data"' in client.get(reverse("results:item", args=[edition.slug, toilet.pk])).content.decode()
    client.post(reverse("results:item_update", args=[edition.slug, toilet.pk]),
                {"status": "in_progress", "milestone": "选址完成", "spent": "1000", "note": "",
                 "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")})
    assert tracking_for(toilet).latest.milestone == "选址完成"
