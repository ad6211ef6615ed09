"""Street confirmation with and without departing from the computed result."""

import pytest

from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.results import services
from xihu.apps.results.evaluation import allocation_power
from xihu.apps.results.selectors import ballot_result
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def test_confirm_unchanged(people, edition, counted):
    confirmation = services.result_confirm(ballot=counted["community"], actor=people["officer"])
    assert confirmation.confirmed_winners == confirmation.computed_winners == [1, 3]
    assert not confirmation.deviates
    with pytest.raises(Refused, match="already confirmed"):
        services.result_confirm(ballot=counted["community"], actor=people["officer"])
    result = ballot_result(counted["community"])
    assert [r.item.number for r in result.winners] == [1, 3]
    assert result.allocated == 290_000 and result.left == 10_000


def test_departing_needs_a_public_reason_and_fails_the_test(people, edition, counted):
    with pytest.raises(Refused, match="written reason"):
        services.result_confirm(ballot=counted["community"], winners=[2, 3], actor=people["officer"])
    with pytest.raises(Refused, match="more than the budget"):
        services.result_confirm(ballot=counted["community"], winners=[1, 2], reason="x" * 20,
                                actor=people["officer"])
    reason = "公共厕所选址与规划中的市政项目重复，经专家论证改为楼道灯。"
    confirmation = services.result_confirm(ballot=counted["community"], winners=[2, 3],
                                           reason=reason, actor=people["officer"])
    assert confirmation.deviates and confirmation.computed_winners == [1, 3]
    entry = LedgerEntry.objects.get(action="results.confirm")
    assert entry.payload["deviates"] is True and entry.payload["reason"] == reason
    result = ballot_result(counted["community"])
    assert result.deviates and [r.item.number for r in result.winners] == [2, 3]
    test = allocation_power(edition)
    assert test.verdict == "failed"
    assert any(reason in row[1] for row in test.rows)


def test_only_the_streets_officer_confirms(people, edition, counted):
    for actor in (people["officer2"], people["staff"], people["admin"]):
        with pytest.raises(Refused):
            services.result_confirm(ballot=counted["community"], actor=actor)


def test_confirmation_must_finish_before_publication(people, edition, counted):
    with pytest.raises(Refused, match="not yet confirmed"):
        edition_advance(edition=edition, actor=people["admin"])
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    services.result_confirm(ballot=counted["street"], actor=people["officer"])
    edition_advance(edition=edition, actor=people["admin"])
    assert edition.stage == Stage.PUBLISHED
    assert allocation_power(edition).verdict == "passed"
