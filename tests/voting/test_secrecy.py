"""Ballot secrecy against whoever reads the database (or its backups): N voters registered and
cast in sequence at one box; nothing stored says which ballot is whose.

On SQLite and PostgreSQL: the stored ballots' order by id and by physical position (rowid on
SQLite, ctid on PostgreSQL) has no rank correlation with the registration order (bounded at
|rho| < 0.5 for 80 voters: under independence rho has a standard deviation of 0.11, so a false
alarm is about 4.5 standard deviations away); the same measure finds the registrations' own
order at once (rho > 0.99), so the test would see an order that were there. No ballot has a
time finer than the day, the ballots of a sealing period share one writing transaction on
PostgreSQL (xmin), and no stored row of any table names a ballot's id besides the ballot.
"""

from datetime import date, timedelta
from itertools import combinations

import pytest
from django.apps import apps
from django.db import connection, models

from tests.voting.conftest import MONDAY_NOON, id_number
from xihu.apps.voting import services
from xihu.apps.voting.models import BallotEnvelope, CastBallot, Registration

pytestmark = pytest.mark.django_db
N = 80
BOUND = 0.5
PATTERNS = [list(c) for k in range(1, 6) for c in combinations(range(1, 8), k)]  # 119 distinct marks


def spearman(order: list[int]) -> float:
    """Spearman's rank correlation between positions 0..n-1 and `order` (a permutation)."""
    n = len(order)
    d2 = sum((position - rank) ** 2 for position, rank in enumerate(order))
    return 1 - 6 * d2 / (n * (n * n - 1))


def physical(table: str, columns: str) -> list[tuple]:
    """Rows in their physical order: rowid on SQLite, ctid (block, offset) on PostgreSQL."""
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {position}")  # noqa: S608 - test constants
        return cursor.fetchall()


def _choices(value) -> tuple[int, ...]:
    import json

    return tuple(json.loads(value) if isinstance(value, str) else value)


@pytest.fixture
def voted(registered, ballots, box, seal_box):
    """N people register in turn and each casts at once; voter i marks PATTERNS[i] on the
    community ballot. Returns the seal; the keys of the voters in registration order."""
    keys = []
    for i in range(N):
        at = MONDAY_NOON + timedelta(minutes=i)
        result = registered(mode="electronic", basis="work", proof="work_card", name=f"选民{i}",
                            id_number=id_number(date(1970, 1, 1) + timedelta(days=i), i), now=at)
        keys.append(result.registrations[0].voter_key)
        services.ballot_cast_electronic(token=result.token, now=at + timedelta(seconds=30), marks={
            ballots["community"].pk: PATTERNS[i], ballots["street"].pk: [i % 6 + 1]})
    assert not CastBallot.objects.exists()  # nothing readable before the seal
    sizes = {len(bytes(e.sealed)) for e in BallotEnvelope.objects.all()}
    assert len(sizes) == 1  # envelopes all one size, whatever the marks
    return seal_box(), keys


def test_stored_ballots_order_carries_no_information_about_registration_order(voted, ballots):
    _seal, keys = voted
    voter_of = {tuple(p): i for i, p in enumerate(PATTERNS[:N])}
    community = ballots["community"].pk
    by_position = [voter_of[_choices(c)] for ballot, c in physical("voting_castballot", "ballot_id, choices")
                   if ballot == community]
    by_id = [voter_of[tuple(c.choices)] for c in CastBallot.objects.filter(ballot=community).order_by("id")]
    assert sorted(by_position) == sorted(by_id) == list(range(N))
    for order in (by_position, by_id):
        assert abs(spearman(order)) < BOUND, order
    # The measure sees an order that is there: the registrations' own rows follow it.
    rank = {key: i for i, key in enumerate(keys)}
    registrations = [rank[key] for kind, key in physical("voting_registration", "ballot_kind, voter_key")
                     if kind == "community"]
    assert spearman(registrations) > 0.99


def test_no_time_and_no_key_joins_a_ballot_to_a_registration(voted, ballots):
    fields = {f.name: f for f in CastBallot._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "ballot", "box", "day", "choices", "status", "invalid_reason", "source"}
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields.values())
    assert {f.related_model.__name__ for f in fields.values() if f.is_relation} == {"Ballot", "Box"}
    for model in apps.get_models():  # nothing but a paper's sheet result points at a cast ballot
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is CastBallot:
                assert model._meta.label == "voting.SheetResult"
    cast = list(CastBallot.objects.all())
    assert {c.day for c in cast} == {MONDAY_NOON.date()} and all(c.id.version == 4 for c in cast)
    if connection.vendor == "postgresql":  # one writing transaction for the period's ballots
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT xmin::text) FROM voting_castballot")
            assert cursor.fetchone()[0] == 1
    # No stored value anywhere else (registrations, receipts, spent tokens, the log) names a
    # ballot's id, in either spelling.
    ids = {str(c.id) for c in cast} | {c.id.hex for c in cast}
    for model in apps.get_models():
        if model in (CastBallot,):
            continue
        for row in model.objects.values_list():
            text = str(row)
            assert not any(i in text for i in ids), model._meta.label
    assert Registration.objects.filter(mode="electronic").count() == 2 * N


def test_an_envelope_opens_only_with_the_ballot_key_and_in_its_box(settings, registered, ballots, box,
                                                                    seal_box):
    from xihu.apps.voting.envelopes import open_envelope
    from xihu.errors import Refused

    token = registered(mode="electronic").token
    services.ballot_cast_electronic(token=token, marks={ballots["community"].pk: [2]}, now=MONDAY_NOON)
    sealed = bytes(BallotEnvelope.objects.get().sealed)
    assert open_envelope(box.pk, sealed)["ballots"][0] == [ballots["community"].pk, [2]]
    assert open_envelope(box.pk + 1, sealed) is None  # bound to its box
    assert open_envelope(box.pk, sealed[:-1] + bytes([sealed[-1] ^ 1])) is None  # altered
    settings.XIHU_BALLOT_KEY = "another key"
    with pytest.raises(Refused, match="XIHU_BALLOT_KEY"):
        seal_box()
    assert BallotEnvelope.objects.count() == 1 and not CastBallot.objects.exists()  # nothing lost
    settings.XIHU_BALLOT_KEY = ""
    seal_box()
    assert CastBallot.objects.filter(ballot=ballots["community"], choices=[2]).count() == 1
