"""Checks shared by the voting services: the window, the box state, serialising locks."""

from datetime import date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotKind
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.voting import hot
from xihu.apps.voting.frozen import frozen_ballot_for
from xihu.apps.voting.models import Box, Seal
from xihu.clock import local_minute
from xihu.errors import Refused
from xihu.memo import memoised


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def voting_window(edition: Edition) -> tuple[datetime, datetime] | None:
    """(opens, closes) as planned, read once per request (xihu.memo)."""
    return memoised(("voting_window", edition.pk), lambda: _planned_window(edition))


def _planned_window(edition: Edition) -> tuple[datetime, datetime] | None:
    return hot.planned_window(edition.pk)


def require_window(edition: Edition | None, now: datetime, window=False) -> None:
    """Refuse outside the planned voting window (opening ceremony to the close). A batch passes
    the `window` it read once (then `edition` is not needed)."""
    if window is False:
        window = voting_window(edition)
    if window is None:
        raise Refused(_("No voting window is planned for this edition."))
    starts, ends = window
    if now < starts:
        raise Refused(_("Voting opens at %(start)s.") % {"start": local_minute(starts)})
    if now >= ends:
        raise Refused(_("Voting closed at %(end)s.") % {"end": local_minute(ends)})


def window_refusal(edition: Edition, now: datetime) -> str | None:
    """Why voting is shut at `now` (not yet open, closed, or no window planned), else None: the
    rule of require_window, for pages that say so before asking for anything."""
    try:
        require_window(edition, now)
    except Refused as refusal:
        return refusal.reasons[0]
    return None


def closing_day(edition: Edition, now: datetime) -> date:
    """The day a paper ballot is recorded on: the last day of voting (sheets are entered after
    the close, so the day they were cast is not known)."""
    window = voting_window(edition)
    return local_day(window[1]) if window else local_day(now)


def last_seal(box: Box) -> Seal | None:
    return Seal.objects.filter(box=box).order_by("-at", "-pk").first()


def require_open(box: Box, latest=False) -> int | None:
    """Refuse a sealed box; else the id of its latest reopening (None before its first seal):
    the sealing period a receipt handed out now belongs to. A caller that read the box's latest
    seal (pk, kind, at) already passes it as `latest` (None: no seal yet)."""
    if latest is False:
        latest = Seal.objects.filter(box=box).order_by("-at", "-pk").values_list("pk", "kind", "at").first()
    if latest is not None and latest[1] == Seal.Kind.SEAL:
        raise Refused(_("Box %(box)s is sealed since %(at)s; reopen it first.")
                      % {"box": box, "at": local_minute(latest[2])})
    return latest[0] if latest else None


def ballot_for(edition: Edition, community: Unit, kind: str) -> Ballot:
    """The frozen ballot of this kind a voter of `community` receives."""
    return ballots_for(edition, community, (kind,))[0]


def ballots_for(edition: Edition, community: Unit, kinds) -> list[Ballot]:
    """The frozen ballots of these kinds a voter of `community` receives, in the order of
    `kinds` (read once per process: voting.frozen)."""
    out = []
    for kind in kinds:
        unit_id = community.pk if kind == "community" else community.parent_id
        ballot = frozen_ballot_for(edition.pk, unit_id, kind)
        if ballot is None:
            unit = community if kind == "community" else community.parent
            raise Refused(_("%(unit)s has no frozen %(kind)s.")
                          % {"kind": BallotKind(kind).label, "unit": unit})
        out.append(ballot)
    return out


def kinds_offered(edition: Edition, community: Unit) -> list[str]:
    """The ballot kinds a voter of `community` can receive: those with a frozen ballot."""
    return [kind for kind in BallotKind.values
            if frozen_ballot_for(edition.pk, community.pk if kind == BallotKind.COMMUNITY else community.parent_id,
                                 kind) is not None]


def lock(key: str) -> None:
    """Serialise writers on one key (a sheet, a box) until the transaction ends. SQLite
    transactions start IMMEDIATE here, so they are serialised already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"xihu.voting.{key}"])


def lock_box(box: Box) -> None:
    lock(f"box.{box.pk}")
