"""The desk's one statement (voting/hot.py desk_scope): its edition, community and window, and
the boxes selectors.boxes_of lists (this edition, this community, by station name and number)."""

import pytest
from django.http import Http404

from tests.factories import make_user
from xihu.apps.voting import hot, selectors, services

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
    read_edition, community, window, boxes = hot.desk_scope("pilot", "s1a")
    assert (read_edition.pk, community.pk) == (edition.pk, tree["s1a"].pk) and window is not None
    expected = list(selectors.boxes_of(edition, tree["s1a"]))
    assert len(boxes) == 4 and [b.pk for b in boxes] == [b.pk for b in expected]
    assert [(b.station.name, b.code) for b in boxes] == [(b.station.name, b.code) for b in expected]
    assert all(b.community_id == community.pk and b.station.edition_id == edition.pk for b in boxes)


def test_a_community_without_boxes_has_an_empty_desk(edition, tree):
    read_edition, community, _window, boxes = hot.desk_scope("pilot", "s2b")
    assert (read_edition.pk, community.code, boxes) == (edition.pk, "s2b", [])


def test_unknown_edition_or_unit_is_404(edition):
    for slug, code in (("nope", "s1a"), ("pilot", "nope"), ("pilot", "s1")):  # s1 is a street
        with pytest.raises(Http404):
            hot.desk_scope(slug, code)
