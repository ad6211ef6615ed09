"""Frozen ballots, read once per process.

A frozen ballot and its items never change: the database refuses it (ballots.frozen_guards, on
SQLite and PostgreSQL), and a frozen ballot is never deleted. So the desk, the tablet and the
cast read each frozen ballot (with its unit and items) once per web worker instead of once per
voter. Only frozen ballots are kept; a ballot not yet frozen is never cached. `forget()` empties
the cache (the test suite calls it between tests, whose databases reuse ids).

Limit: a ballot's unit is read with it, so a community or street renamed during voting week
keeps its former name on the tablet's heading in a worker that cached it, until the workers
restart; the ballot itself (its items, numbers and amounts) cannot change.
"""

from xihu.apps.ballots.models import Ballot

_by_pk: dict[int, Ballot] = {}
_by_unit: dict[tuple[int, int, str], int] = {}


def forget() -> None:
    _by_pk.clear()
    _by_unit.clear()


def _keep(ballots) -> None:
    for ballot in ballots:  # items prefetched: ballot.items.all() reads no more
        _by_pk[ballot.pk] = ballot
        _by_unit[(ballot.edition_id, ballot.unit_id, ballot.kind)] = ballot.pk


def _frozen():
    return Ballot.objects.filter(frozen_at__isnull=False).select_related("unit").prefetch_related("items")


def frozen_ballots(pks) -> list[Ballot]:
    """The frozen ballots among `pks`, by kind (community before street)."""
    missing = [pk for pk in pks if pk not in _by_pk]
    if missing:
        _keep(_frozen().filter(pk__in=missing))
    return sorted((_by_pk[pk] for pk in pks if pk in _by_pk), key=lambda b: b.kind)


def frozen_ballot_for(edition_id: int, unit_id: int | None, kind: str) -> Ballot | None:
    """The frozen ballot of this kind of this unit in the edition, or None."""
    key = (edition_id, unit_id, kind)
    if key not in _by_unit:
        _keep(_frozen().filter(edition_id=edition_id, unit_id=unit_id, kind=kind))
    pk = _by_unit.get(key)
    return _by_pk.get(pk) if pk is not None else None


def item_numbers(ballot: Ballot) -> list[str]:
    return [str(item.number) for item in ballot.items.all()]
