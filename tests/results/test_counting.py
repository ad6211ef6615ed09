"""Count sessions: totals from the ballot records, differences, explanations, sign-off, close."""

import pytest
from django.db import DatabaseError, transaction

from tests.factories import make_user
from tests.results.builders import cast
from tests.results.conftest import set_stage
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.ledger.selectors import ledger_verify
from xihu.apps.results import counting, services
from xihu.apps.results.models import CountSession, SelectionResult
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def open_session(tree, people, edition, **kwargs):
    return services.count_session_open(
        edition=edition, community=tree["s1a"], counters=[people["counter"]],
        scrutineers=[people["scrutineer"]], actor=people["counter"], **kwargs)


def test_totals_are_computed_from_the_ballot_records(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    view = counting.session_view(session)
    community = next(c for c in view.counts if c.ballot == voted["community"])
    assert community.tally.votes == {"1": 6, "2": 5, "3": 4, "4": 0}
    assert (community.tally.valid, community.tally.blank, community.tally.invalid_total) == (6, 1, 1)
    street = next(c for c in view.counts if c.ballot == voted["street"])
    assert street.tally.votes == {"1": 3, "2": 6, "3": 5}
    assert {r.box.code: (r.counted, r.sealed, r.registered) for r in view.boxes} == {
        "A1": (10, 10, 10), "M1": (6, 6, 6)}
    assert view.differences == []


def test_the_xiawan_case_a_lowered_typed_total_is_flagged_and_changes_nothing(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    toilet = voted["community"].items.get(number=1)
    entry = services.typed_total_enter(session=session, ballot=voted["community"], item=toilet,
                                       value=2, actor=people["counter"])
    assert (entry.value, entry.computed, entry.matches) == (2, 6, False)
    view = counting.session_view(session)
    [difference] = view.differences
    assert difference.key == f"typed:{entry.pk}" and "2" in difference.text and "6" in difference.text
    community = next(c for c in view.counts if c.ballot == voted["community"])
    assert community.tally.votes["1"] == 6  # the records stand
    ledger = LedgerEntry.objects.filter(action="results.typed_total").get()
    assert ledger.payload["matches"] is False and ledger.payload["from_records"] == 6
    ok = services.typed_total_enter(session=session, ballot=voted["community"],
                                    box=voted["a1"], value=5, actor=people["counter"])
    assert ok.matches


def test_opening_needs_an_independent_scrutineer_and_separate_people(tree, people, edition, voted):
    with pytest.raises(Refused, match="not be on the community's staff"):
        services.count_session_open(edition=edition, community=tree["s1a"], counters=[],
                                    scrutineers=[people["staff_scrutineer"]], actor=people["counter"])
    with pytest.raises(Refused, match="both counter and scrutineer"):
        services.count_session_open(edition=edition, community=tree["s1a"],
                                    counters=[people["scrutineer"]],
                                    scrutineers=[people["scrutineer"]], actor=people["counter"])
    with pytest.raises(Refused):  # another community's staff may not count here
        services.count_session_open(edition=edition, community=tree["s1a"], counters=[],
                                    scrutineers=[people["scrutineer"]], actor=people["other_staff"])
    session = services.count_session_open(
        edition=edition, community=tree["s1a"], counters=[people["staff"]],
        scrutineers=[people["scrutineer"], people["staff_scrutineer"]], actor=people["counter"])
    assert {(m.user.username, m.role, m.independent) for m in session.members.all()} == {
        ("counter_a", "counter", False), ("staff_a", "counter", False),
        ("scrutineer_a", "scrutineer", True), ("staff_scrutineer_a", "scrutineer", False)}
    with pytest.raises(Refused, match="already has a count session"):
        open_session(tree, people, edition)


def test_counting_only_in_the_counting_stage(tree, people, edition, voted):
    set_stage(edition, Stage.VOTING)
    with pytest.raises(Refused, match="current stage"):
        open_session(tree, people, edition)


def test_every_difference_needs_a_written_explanation_before_sign_off(tree, people, edition, voted):
    cast(voted["community"], voted["m1"], [4], n=1)  # a paper the seal did not count
    session = open_session(tree, people, edition)
    view = counting.session_view(session)
    keys = sorted(d.key for d in view.differences)
    m1 = voted["m1"].pk
    assert keys == [f"reg:{m1}:7:6", f"seal:{m1}:7:6"]
    services.box_sign_off(session=session, box=voted["a1"], actor=people["scrutineer"])
    with pytest.raises(Refused, match="Explain every difference"):
        services.box_sign_off(session=session, box=voted["m1"], actor=people["scrutineer"])
    with pytest.raises(Refused, match="at least"):
        services.explanation_add(session=session, key=f"seal:{m1}:7:6", text="ok", actor=people["counter"])
    with pytest.raises(Refused, match="no such difference"):
        services.explanation_add(session=session, key="seal:999999", text="a long enough text",
                                 actor=people["counter"])
    outsider = make_user("counter", tree["s1a"], "outsider")
    with pytest.raises(Refused, match="not named"):
        services.explanation_add(session=session, key=f"seal:{m1}:7:6", text="a long enough text",
                                 actor=outsider)
    text = "流动票箱封箱时少数了一张选票，监票员当场复核选票记录确认。"
    services.explanation_add(session=session, key=f"seal:{m1}:7:6", text=text, actor=people["counter"])
    with pytest.raises(Refused, match="Explain every difference"):
        services.box_sign_off(session=session, box=voted["m1"], actor=people["scrutineer"])
    services.explanation_add(session=session, key=f"reg:{m1}:7:6", text="同上：一名选民登记时漏登，已核实。",
                             actor=people["scrutineer"])
    cast(voted["community"], voted["m1"], [4], n=1)  # the numbers change: explain again
    assert {d.key for d in counting.session_view(session).unexplained} == {f"reg:{m1}:8:6", f"seal:{m1}:8:6"}
    again = "又发现一张漏录的选票，已补录核对。"
    entries = LedgerEntry.objects.filter(action="results.explain").count()
    with pytest.raises(Refused, match="no such difference"):  # refused whole: nothing stored
        services.explanations_add(session=session, actor=people["scrutineer"],
                                  texts={f"reg:{m1}:8:6": again, "seal:999999": again})
    assert LedgerEntry.objects.filter(action="results.explain").count() == entries
    assert {d.key for d in counting.session_view(session).unexplained} == {f"reg:{m1}:8:6", f"seal:{m1}:8:6"}
    made = services.explanations_add(session=session, actor=people["scrutineer"],
                                      texts={f"reg:{m1}:8:6": again, f"seal:{m1}:8:6": again})
    assert [e.key for e in made] == [f"reg:{m1}:8:6", f"seal:{m1}:8:6"]
    assert LedgerEntry.objects.filter(action="results.explain").count() == entries + 2
    services.box_sign_off(session=session, box=voted["m1"], actor=people["scrutineer"])
    close = services.session_close(session=session, actor=people["scrutineer"])
    assert close.totals["differences"][0]["explanation"] == "又发现一张漏录的选票，已补录核对。"
    assert close.totals["boxes"][str(m1)]["counted"] == 8


def test_two_person_rule(tree, people, edition, voted):
    both = make_user("counter", tree["s1a"], "both")
    from xihu.apps.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, role="scrutineer", unit=tree["s1a"])
    session = services.count_session_open(edition=edition, community=tree["s1a"], counters=[],
                                          scrutineers=[people["scrutineer"]], actor=both)
    with pytest.raises(Refused):  # the opener, a counter, cannot sign off
        services.box_sign_off(session=session, box=voted["a1"], actor=both)
    with pytest.raises(Refused):  # a counter cannot sign off
        services.session_close(session=session, actor=both)


def test_close_signs_off_selects_and_guards_the_stage(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    with pytest.raises(Refused, match="still open"):
        edition_advance(edition=edition, actor=people["admin"])
    with pytest.raises(Refused, match="not yet signed off"):
        services.session_close(session=session, actor=people["scrutineer"])
    for box in (voted["a1"], voted["m1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    with pytest.raises(Refused, match="already signed off"):
        services.box_sign_off(session=session, box=voted["a1"], actor=people["scrutineer"])
    services.session_close(session=session, actor=people["scrutineer"])
    with pytest.raises(Refused, match="closed"):
        services.typed_total_enter(session=session, ballot=voted["community"], value=1,
                                   actor=people["counter"])
    # s1a's community ballot and (s1b has no boxes) the s1 street ballot are now counted
    results = {r.ballot_id: r for r in SelectionResult.objects.all()}
    assert set(results) == {voted["community"].pk, voted["street"].pk}
    community = results[voted["community"].pk]
    assert community.tally["votes"] == {"1": 6, "2": 5, "3": 4, "4": 0}
    assert community.winners == [1, 3]  # 200k + 90k; the lights (150k) do not fit
    assert set(LedgerEntry.objects.values_list("action", flat=True)) >= {
        "results.session_open", "results.box_sign_off", "results.session_close", "results.select"}
    assert ledger_verify().ok
    edition_advance(edition=edition, actor=people["admin"])
    assert edition.stage == Stage.CONFIRMATION


def test_count_records_are_append_only(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    with pytest.raises(DatabaseError), transaction.atomic():
        CountSession.objects.filter(pk=session.pk).update(place="elsewhere")
    with pytest.raises(DatabaseError), transaction.atomic():
        session.members.all().delete()


def test_a_paper_added_after_sign_off_is_flagged(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    for box in (voted["a1"], voted["m1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    cast(voted["street"], voted["a1"], [1], n=1)
    with pytest.raises(Refused, match="when the scrutineer signed it off"):
        services.session_close(session=session, actor=people["scrutineer"])
    for diff in counting.session_view(session).unexplained:
        services.explanation_add(session=session, key=diff.key, text="签核后补录了一张遗漏的纸质选票。",
                                 actor=people["scrutineer"])
    close = services.session_close(session=session, actor=people["scrutineer"])
    assert close.totals["boxes"][str(voted["a1"].pk)]["counted"] == 11
