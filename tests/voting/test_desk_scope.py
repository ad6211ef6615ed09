"""The desk's one statement (voting/hot.py desk_scope): its edition, community and window, the
boxes selectors.boxes_of lists (this edition, this community, by station name and number), and
for each box what a registration checks, as hot.desk_state reads it (the box's latest seal, the
officer's shift at its station that day)."""

import pytest
from django.http import Http404

from tests.factories import make_user
from tests.voting.conftest import MONDAY_NOON
from xihu.apps.voting import hot, selectors, services

DAY = MONDAY_NOON.date()

pytestmark = pytest.mark.django_db


def test_the_desk_reads_the_boxes_selectors_read(edition, tree, people, station, box):
    other = services.station_create(edition=edition, community=tree["s1a"], kind="mobile", name="流动站",
                                    actor=people["staff"])
    for code in ("2", "1"):
        services.box_create(station=other, code=code, actor=people["staff"])
    services.box_create(station=station, code="2", actor=people["staff"])
    staff_b = make_user("community_staff", tree["s1b"], "staff_b")
    elsewhere = services.station_create(edition=edition, community=tree["s1b"], kind="fixed", name="乙站",
                                        actor=staff_b)
    services.box_create(station=elsewhere, code="1", actor=staff_b)
    read_edition, community, window, boxes, _states = hot.desk_scope("pilot", "s1a", people["staff"].pk, DAY)
    assert (read_edition.pk, community.pk) == (edition.pk, tree["s1a"].pk) and window is not None
    expected = list(selectors.boxes_of(edition, tree["s1a"]))
    assert len(boxes) == 4 and [b.pk for b in boxes] == [b.pk for b in expected]
    assert [(b.station.name, b.code) for b in boxes] == [(b.station.name, b.code) for b in expected]
    assert all(b.community_id == community.pk and b.station.edition_id == edition.pk for b in boxes)


def test_a_community_without_boxes_has_an_empty_desk(edition, tree):
    read_edition, community, _window, boxes, states = hot.desk_scope("pilot", "s2b", 1, DAY)
    assert (read_edition.pk, community.code, boxes, states) == (edition.pk, "s2b", [], {})


def test_unknown_edition_or_unit_is_404(edition):
    for slug, code in (("nope", "s1a"), ("pilot", "nope"), ("pilot", "s1")):  # s1 is a street
        with pytest.raises(Http404):
            hot.desk_scope(slug, code, 1, DAY)


def test_each_box_carries_its_seal_and_the_officers_shift_as_desk_state_reads_them(
        edition, tree, people, box, on_shift, seal_box):
    second = services.box_create(station=box.station, code="2", actor=people["staff"])

    def states(officer):
        *_scope, boxes, read = hot.desk_scope("pilot", "s1a", officer.pk, DAY)
        assert [b.pk for b in boxes] == [box.pk, second.pk]
        expected = {b.pk: hot.desk_state(b.pk, b.station_id, officer.pk, DAY) for b in boxes}
        assert read == expected
        return read

    assert states(people["officer"]) == {box.pk: (None, True), second.pk: (None, True)}
    assert states(people["counter"]) == {box.pk: (None, False), second.pk: (None, False)}  # not on shift
    seal = seal_box()
    sealed = states(people["officer"])
    assert sealed[box.pk][0][:2] == (seal.pk, seal.kind) and sealed[second.pk] == (None, True)
