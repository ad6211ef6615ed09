"""No paper enters a count once its session was closed and signed off (issue 14.2)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_user
from tests.results.conftest import close_count
from xihu.apps.ballots.models import PrintRun
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.results.counting import session_view
from xihu.apps.voting import services
from xihu.apps.voting.models import Adjudication, CastBallot, PaperEntry
from xihu.apps.voting.services.batch import SheetIn
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
AFTER = datetime(2018, 2, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CLOSED = "The count of .* was closed and signed off; no more sheets"


def test_paper_entries_and_adjudications_are_refused_after_the_close(tree, people, edition, voted):
    ballot, box = voted["community"], voted["a1"]
    PrintRun.objects.create(ballot=ballot, first_serial=1, count=60, printed_by=people["officer"])
    counter2 = make_user("counter", tree["s1a"], "counter_a2")
    disputed = sheet_id(ballot.pk, 1)  # two readings that differ, still waiting at the close
    services.paper_enter(box=box, operator=people["counter"], sheet_id=disputed, choices=[1], now=AFTER)
    services.paper_enter(box=box, operator=counter2, sheet_id=disputed, choices=[2], now=AFTER)
    session = close_count(tree, people, edition, voted)
    before = (CastBallot.objects.count(), PaperEntry.objects.count())
    with pytest.raises(Refused, match=CLOSED):
        services.paper_enter(box=box, operator=people["counter"], sheet_id=sheet_id(ballot.pk, 2),
                             choices=[1], now=AFTER)
    with pytest.raises(Refused, match=CLOSED):
        services.paper_enter(box=voted["m1"], operator=counter2, sheet_id=sheet_id(ballot.pk, 3),
                             choices=[1], now=AFTER)
    with pytest.raises(Refused, match=CLOSED):
        services.paper_enter_batch(box=box, first_operator=people["counter"], second_operator=counter2,
                                   sheets=[SheetIn(sheet_id(ballot.pk, 4), [1], [1])], now=AFTER)
    with pytest.raises(Refused, match=CLOSED):
        services.paper_adjudicate(sheet_id=disputed, counter=people["counter"], scrutineer=people["scrutineer"],
                                  choices=[1], note="第二个记号是污迹", now=AFTER)
    assert (CastBallot.objects.count(), PaperEntry.objects.count()) == before
    assert not Adjudication.objects.exists()
    assert not [d for d in session_view(session).differences if d.key.startswith("signed:")]
