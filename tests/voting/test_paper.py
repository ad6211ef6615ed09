"""Paper sheets: double entry, adjudication by a counter and a scrutineer, one ballot a sheet."""

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.voting.conftest import CST, set_stage
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.voting import services
from xihu.apps.voting.models import Adjudication, CastBallot, PaperEntry, SheetResult
from xihu.apps.voting.services.paper import Outcome, pending_mismatches
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
COUNT_DAY = datetime(2018, 2, 4, 10, 0, tzinfo=CST)


@pytest.fixture
def counting(edition, box, ballots):
    set_stage(edition, "counting")
    return box


def _enter(box, who, sheet, marks):
    return services.paper_enter(box=box, operator=who, sheet_id=sheet, choices=marks, now=COUNT_DAY)


def test_two_matching_entries_make_exactly_one_ballot(counting, people, ballots):
    sheet = sheet_id(ballots["community"].pk, 1)
    first = _enter(counting, people["counter"], sheet, [2, 5])
    assert first.outcome == Outcome.WAITING and not CastBallot.objects.exists()
    second = _enter(counting, people["counter2"], sheet.lower(), [5, 2])
    assert second.outcome == Outcome.MATCHED
    cast = CastBallot.objects.get()
    assert (cast.choices, cast.status, cast.source, cast.day.isoformat()) == ([2, 5], "valid", "paper",
                                                                              "2018-02-03")
    assert SheetResult.objects.get().cast == cast
    with pytest.raises(Refused):
        _enter(counting, people["staff"], sheet, [2, 5])
    assert CastBallot.objects.count() == 1


def test_the_same_operator_cannot_enter_a_sheet_twice(counting, people, ballots):
    sheet = sheet_id(ballots["community"].pk, 2)
    _enter(counting, people["counter"], sheet, [1])
    with pytest.raises(Refused, match="another operator|另一"):
        _enter(counting, people["counter"], sheet, [1])


def test_mismatch_goes_to_adjudication_by_counter_and_scrutineer(counting, people, ballots):
    sheet = sheet_id(ballots["street"].pk, 3)
    _enter(counting, people["counter"], sheet, [1, 2])
    result = _enter(counting, people["counter2"], sheet, [1, 3])
    assert result.outcome == Outcome.MISMATCH and not CastBallot.objects.exists()
    assert len(pending_mismatches(community=counting.community)) == 1
    with pytest.raises(Refused):
        _enter(counting, people["staff"], sheet, [1, 2])
    with pytest.raises(Refused):  # two counters are not a counter and a scrutineer
        services.paper_adjudicate(sheet_id=sheet, counter=people["counter"], scrutineer=people["counter2"],
                                  choices=[1, 2], note="看清了", now=COUNT_DAY)
    with pytest.raises(Refused):  # a reason is required
        services.paper_adjudicate(sheet_id=sheet, counter=people["counter"], scrutineer=people["scrutineer"],
                                  choices=[1, 2], note=" ", now=COUNT_DAY)
    decision = services.paper_adjudicate(sheet_id=sheet, counter=people["counter"],
                                         scrutineer=people["scrutineer"], choices=[1, 2],
                                         note="第二个记号是污迹", now=COUNT_DAY)
    assert (decision.first.choices, decision.second.choices, decision.choices) == ([1, 2], [1, 3], [1, 2])
    assert PaperEntry.objects.count() == 2 and Adjudication.objects.count() == 1
    assert CastBallot.objects.get().choices == [1, 2]
    assert SheetResult.objects.get().how == "adjudicated"
    assert pending_mismatches() == []
    with pytest.raises(Refused):
        services.paper_adjudicate(sheet_id=sheet, counter=people["counter"], scrutineer=people["scrutineer"],
                                  choices=[1, 3], note="再来", now=COUNT_DAY)
    assert CastBallot.objects.count() == 1


def test_over_vote_and_blank_sheets(counting, people, ballots):
    over, blank = sheet_id(ballots["community"].pk, 4), sheet_id(ballots["community"].pk, 5)
    for who in ("counter", "counter2"):
        _enter(counting, people[who], over, [1, 2, 3, 4, 5, 6])
        _enter(counting, people[who], blank, [])
    statuses = dict(CastBallot.objects.values_list("sheet__sheet_id", "status"))
    assert statuses == {over: "invalid", blank: "blank"}
    assert CastBallot.objects.get(status="invalid").invalid_reason == "over_vote"


def test_sheet_of_another_community_or_garbage_is_refused(counting, people, ballots):
    with pytest.raises(Refused):
        _enter(counting, people["counter"], sheet_id(ballots["community_b"].pk, 1), [1])
    with pytest.raises(Refused):
        _enter(counting, people["counter"], "not-a-sheet", [1])


def test_paper_entry_needs_the_counting_stage_and_a_counter(box, people, ballots, edition):
    with pytest.raises(Refused):
        _enter(box, people["counter"], sheet_id(ballots["community"].pk, 1), [1])  # still voting
    set_stage(edition, "counting")
    with pytest.raises(Refused):
        _enter(box, people["officer"], sheet_id(ballots["community"].pk, 1), [1])
    with pytest.raises(Refused):
        _enter(box, people["stranger"], sheet_id(ballots["community"].pk, 1), [1])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(readings=st.lists(st.tuples(st.sets(st.integers(1, 7), max_size=7), st.sets(st.integers(1, 7), max_size=7)),
                         min_size=1, max_size=6))
def test_every_sheet_gives_at_most_one_ballot_and_only_agreed_marks(counting, people, ballots, readings):
    base = CastBallot.objects.count()
    start = PaperEntry.objects.count() + 1
    agreed = 0
    for offset, (a, b) in enumerate(readings):
        sheet = sheet_id(ballots["community"].pk, 1000 + start + offset)
        _enter(counting, people["counter"], sheet, sorted(a))
        outcome = _enter(counting, people["counter2"], sheet, sorted(b)).outcome
        assert outcome == (Outcome.MATCHED if a == b else Outcome.MISMATCH)
        agreed += a == b
        for _repeat in range(2):
            with pytest.raises(Refused):
                _enter(counting, people["staff"], sheet, sorted(a))
    assert CastBallot.objects.count() - base == agreed
    for cast in CastBallot.objects.filter(source="paper"):
        assert cast.status == ("blank" if not cast.choices else "invalid" if len(cast.choices) > 5 else "valid")
