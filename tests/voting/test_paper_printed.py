"""Paper entry accepts only sheets that a print run of their ballot produced (issue 14.1)."""

from datetime import datetime

import pytest

from tests.voting.conftest import CST, frozen_ballot, set_stage
from xihu.apps.ballots.models import PrintRun
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.voting import services
from xihu.apps.voting.models import CastBallot, PaperEntry
from xihu.apps.voting.services.batch import SheetIn
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
COUNT_DAY = datetime(2018, 2, 4, 10, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def ballots(edition, tree, admin):
    """As in conftest, but the street ballot was never printed."""
    return {"community": frozen_ballot(edition, tree["s1a"], "community", admin),
            "street": frozen_ballot(edition, tree["s1"], "street", admin, items=6, printed=0)}


@pytest.fixture
def counting(edition, box, ballots):
    set_stage(edition, "counting")
    return box


def _enter(box, who, sheet, marks):
    return services.paper_enter(box=box, operator=who, sheet_id=sheet, choices=marks, now=COUNT_DAY)


def test_a_sheet_never_printed_is_refused_with_the_print_runs(counting, people, ballots):
    ballot = ballots["community"]  # printed 1-2000 (tests/voting/conftest.py)
    with pytest.raises(Refused) as refused:
        _enter(counting, people["counter"], sheet_id(ballot.pk, 900_001), [1])
    assert refused.value.reasons == [
        f"Sheet B{ballot.pk}-900001 was never printed: the sheets printed for this ballot are 1–2000."]
    with pytest.raises(Refused, match="never printed"):
        _enter(counting, people["counter"], sheet_id(ballot.pk, 2001), [1])
    assert not PaperEntry.objects.exists()
    PrintRun.objects.create(ballot=ballot, first_serial=2001, count=10, printed_by=people["staff"])
    assert _enter(counting, people["counter"], sheet_id(ballot.pk, 2001), [1]).entry.sheet_id.endswith("002001")
    with pytest.raises(Refused, match=r"1–2000, 2001–2010"):
        _enter(counting, people["counter"], sheet_id(ballot.pk, 2011), [1])


def test_a_ballot_with_no_print_run_has_no_valid_sheet(counting, people, ballots):
    street = ballots["street"]
    with pytest.raises(Refused, match="no print run"):
        _enter(counting, people["counter"], sheet_id(street.pk, 1), [1])


def test_the_batch_refuses_a_sheet_never_printed_and_stores_nothing(counting, people, ballots):
    b = ballots["community"].pk
    with pytest.raises(Refused, match=f"B{b}-900001 was never printed"):
        services.paper_enter_batch(box=counting, first_operator=people["counter"],
                                   second_operator=people["counter2"], now=COUNT_DAY,
                                   sheets=[SheetIn(sheet_id(b, 1), [1], [1]), SheetIn(sheet_id(b, 900_001), [2], [2])])
    assert not PaperEntry.objects.exists() and not CastBallot.objects.exists()


def test_the_paper_page_says_the_sheet_was_never_printed(client, counting, people, ballots):
    from django.conf import settings
    from django.urls import reverse

    ballot = ballots["community"]
    client.force_login(people["counter"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    url = reverse("voting:paper", kwargs={"edition": "pilot", "unit": "s1a"})
    page = client.get(url, {"box": counting.pk, "sheet": sheet_id(ballot.pk, 900_001)}).content.decode()
    assert f"选票 B{ballot.pk}-900001 从未印制：该选票已印制的编号为 1–2000。" in page
    assert "s1a p3" not in page  # no marks to enter for it
    client.post(url, {"box": counting.pk, "sheet": sheet_id(ballot.pk, 900_001), "marks": ["1"]})
    assert not PaperEntry.objects.exists()
