"""The hot reads of a voter's path (desk -> tablet -> cast) as hand-written statements.

A voter costs four requests; at a city's peak each ORM-built statement (0.4-0.7 ms of CPU to
compile on the benchmark machine) weighed more than the database's own work. So the reads every
voter repeats are written out here, each answering in one statement what the ORM asked in
several: the desk's edition, community, window and boxes with each box's latest seal and the
officer's shift at its station; the tablet's edition with whether its token is spent; the cast's
edition stage, window and seal (after the box's lock). They read what the ORM read and the
checks that use them are unchanged (services/common.py, services/registration.py,
services/ballots.py).

Per worker, only what never changes: a box's ids and number (boxes are created, never edited or
moved), and the voter pages' frames and the tablet's first screen for frozen ballots
(views/tablet.py, `page_parts`). Everything else (stage, window, seals, shifts, roles, grants,
spent tokens) is read afresh by every request. Plain SQL that runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import connection
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.voting.models import Box, Station

_boxes: dict[int, tuple[Box, int]] = {}  # box pk -> (box without its station, its edition's pk)
page_parts: dict[tuple, str] = {}  # voter pages' frames and the first screen (views/tablet.py)
_MOST_PARTS = 512


def forget() -> None:
    _boxes.clear()
    page_parts.clear()


def keep_part(key: tuple, html: str) -> None:
    if len(page_parts) >= _MOST_PARTS:
        page_parts.clear()
    page_parts[key] = html


def _one(sql: str, params) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def moment(value) -> datetime | None:
    """A time as the cursor returns it (aware on PostgreSQL; naive UTC or text on SQLite)."""
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _columns(model, alias: str) -> tuple[list, str, list[int]]:
    fields = list(model._meta.concrete_fields)
    times = [i for i, f in enumerate(fields) if f.get_internal_type() == "DateTimeField"]
    return fields, ", ".join(f"{alias}.{f.column}" for f in fields), times


_EDITION, _EDITION_COLUMNS, _EDITION_TIMES = _columns(Edition, "e")
_UNIT, _UNIT_COLUMNS, _UNIT_TIMES = _columns(Unit, "u")
_UNIT_PARENT = [f.attname for f in _UNIT].index("parent_id")


# A box's latest seal (the one that says whether it is open) and whether an officer is on shift
# at a station on a day: what the desk, a registration and a cast check, written once for the
# statements that read them. `{box}` and `{station}` are a column or a placeholder; the shift
# takes the officer's pk and the day as parameters, in that order.
_LATEST_SEAL = "SELECT id FROM voting_seal WHERE box_id = {box} ORDER BY at DESC, id DESC LIMIT 1"
_ON_SHIFT = "EXISTS (SELECT 1 FROM voting_shift WHERE station_id = {station} AND officer_id = %s AND day = %s)"


def _instance(model, fields, times, row):
    values = list(row)
    for i in times:
        values[i] = moment(values[i])
    return model.from_db(connection.alias, [f.attname for f in fields], values)


def _no_edition(slug: str) -> Http404:
    return Http404(_("There is no edition with the short name “%(slug)s”.") % {"slug": slug})


def edition_or_404(slug: str, nonce_hash: str | None = None) -> tuple[Edition, bool]:
    """The edition of the URL, read afresh (web.scoping.edition_or_404 without the district's
    join), and whether the tablet token of `nonce_hash` (if given) is spent: one statement."""
    row = _one(f"SELECT {_EDITION_COLUMNS}, EXISTS (SELECT 1 FROM voting_spenttoken "  # noqa: S608  # nosec B608 - the model's columns
               "WHERE nonce_hash = %s) FROM editions_edition e WHERE e.slug = %s", [nonce_hash or "", slug])
    if row is None:
        raise _no_edition(slug)
    return _instance(Edition, _EDITION, _EDITION_TIMES, row[:-1]), bool(row[-1]) and nonce_hash is not None


def desk_scope(slug: str, code: str, officer_pk: int, day: date) -> tuple[
        Edition, Unit, tuple[datetime, datetime] | None, list[Box], dict[int, tuple[tuple | None, bool]]]:
    """The desk's edition, community (in the edition's district, else 404: web.scoping's
    unit_or_404), planned voting window (as services.common.voting_window reads it), the
    community's boxes in the edition with their stations, by station name and number (what
    selectors.boxes_of reads), and for each box what a registration there checks (desk_state:
    its latest seal, whether the officer is on shift at its station on `day`), in one
    statement: a row per box, or one row without a box."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_EDITION_COLUMNS}, {_UNIT_COLUMNS}, p.parent_id, w.starts_at, w.ends_at, "  # noqa: S608  # nosec B608 - the models' columns
            "x.id, x.code, x.station_id, x.kind, x.name, x.location, l.id, l.kind, l.at, "
            f"{_ON_SHIFT.format(station='x.station_id')} "
            "FROM editions_edition e LEFT JOIN organisation_unit u ON u.code = %s AND u.kind = %s "
            "LEFT JOIN organisation_unit p ON p.id = u.parent_id "
            "LEFT JOIN editions_stageplan w ON w.edition_id = e.id AND w.stage = 'voting' "
            "LEFT JOIN (SELECT b.id, b.code, b.station_id, b.community_id, s.edition_id, s.kind, s.name, s.location "
            "FROM voting_box b JOIN voting_station s ON s.id = b.station_id) x "
            "ON x.edition_id = e.id AND x.community_id = u.id "
            f"LEFT JOIN voting_seal l ON l.id = ({_LATEST_SEAL.format(box='x.id')}) "
            "WHERE e.slug = %s ORDER BY x.name, x.code",
            [officer_pk, connection.ops.adapt_datefield_value(day), code, Unit.Kind.COMMUNITY, slug])
        rows = cursor.fetchall()
    if not rows:
        raise _no_edition(slug)
    n, m = len(_EDITION), len(_EDITION) + len(_UNIT)
    row = rows[0]
    edition = _instance(Edition, _EDITION, _EDITION_TIMES, row[:n])
    unit_row, street_parent, starts, ends = row[n:m], row[m], row[m + 1], row[m + 2]
    if unit_row[0] is None or edition.district_id not in (unit_row[0], unit_row[_UNIT_PARENT], street_parent):
        raise Http404(_("%(edition)s has no unit “%(code)s”.") % {"edition": edition, "code": code})
    window = (moment(starts), moment(ends)) if ends is not None else None  # (edition, stage) is unique
    community = _instance(Unit, _UNIT, _UNIT_TIMES, unit_row)
    boxes, states = [], {}
    for box_pk, box_code, station_pk, kind, name, location, *seal, on_shift in (r[m + 3:] for r in rows):
        if box_pk is None:
            continue
        box = Box(id=box_pk, station_id=station_pk, community_id=community.pk, code=box_code)
        box.station = Station(id=station_pk, edition_id=edition.pk, community_id=community.pk, kind=kind,
                              name=name, location=location)
        boxes.append(box)
        states[box_pk] = (_seal(*seal), bool(on_shift))
    return edition, community, window, boxes, states


def _seal(pk, kind, at) -> tuple | None:
    """A seal as (pk, kind, at), None when there is none."""
    return (pk, kind, moment(at)) if pk is not None else None


def token_box(box_pk: int) -> tuple[Box, int]:
    """(the box, its edition's pk), read once per worker: a box never changes. Its station is
    read only when shown (a refusal naming the box)."""
    if box_pk not in _boxes:
        row = _one("SELECT b.station_id, b.community_id, b.code, s.edition_id FROM voting_box b "
                   "JOIN voting_station s ON s.id = b.station_id WHERE b.id = %s", [box_pk])
        if row is None:
            raise Box.DoesNotExist(box_pk)
        _boxes[box_pk] = (Box(id=box_pk, station_id=row[0], community_id=row[1], code=row[2]), row[3])
    return _boxes[box_pk]


def token_spent(nonce_hash: str) -> bool:
    return _one("SELECT 1 FROM voting_spenttoken WHERE nonce_hash = %s", [nonce_hash]) is not None


def desk_state(box_pk: int, station_pk: int, officer_pk: int, day) -> tuple[tuple | None, bool]:
    """(the box's latest seal as (pk, kind, at) or None, whether the officer is on shift at the
    station on `day`): what a registration checks, in one statement."""
    row = _one(
        f"SELECT l.id, l.kind, l.at, {_ON_SHIFT.format(station='%s')} FROM (SELECT 1 AS one) AS x "  # noqa: S608  # nosec B608 - fixed fragments
        f"LEFT JOIN voting_seal l ON l.id = ({_LATEST_SEAL.format(box='%s')})",
        [station_pk, officer_pk, connection.ops.adapt_datefield_value(day), box_pk])
    return _seal(*row[:3]), bool(row[3])


def planned_window(edition_pk: int) -> tuple[datetime, datetime] | None:
    """The voting stage's planned (opens, closes), None when not planned or without an end."""
    row = _one("SELECT starts_at, ends_at FROM editions_stageplan WHERE edition_id = %s AND stage = 'voting'",
               [edition_pk])
    return (moment(row[0]), moment(row[1])) if row is not None and row[1] is not None else None


def cast_state(edition_pk: int, box_pk: int) -> tuple[str, str, tuple | None, tuple | None]:
    """(the edition's stage, its slug, the planned voting window (opens, closes) or None, the
    box's latest seal or None): what a cast checks after locking the box, in one statement."""
    row = _one(
        "SELECT e.stage, e.slug, p.starts_at, p.ends_at, l.id, l.kind, l.at FROM editions_edition e "  # noqa: S608  # nosec B608 - fixed fragments
        "LEFT JOIN editions_stageplan p ON p.edition_id = e.id AND p.stage = 'voting' "
        f"LEFT JOIN voting_seal l ON l.id = ({_LATEST_SEAL.format(box='%s')}) WHERE e.id = %s",
        [box_pk, edition_pk])
    window = (moment(row[2]), moment(row[3])) if row[3] is not None else None  # (edition, stage) is unique
    return row[0], row[1], window, _seal(*row[4:7])
