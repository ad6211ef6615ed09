"""The seal's mixing: the electronic ballots waiting in a box become cast ballots, shuffled.

Called by the seal (services/seals.py) inside its transaction, under the box's lock, before it
counts and commits to the box's contents. Every envelope of the box is opened with the ballot
key; its ballots are checked by the engine, shuffled with the operating system's randomness and
written in one INSERT; the envelopes are deleted. So the cast-ballot rows of a sealing period
share one writing transaction (PostgreSQL xmin), and their ids (UUID4), physical order
(PostgreSQL ctid, SQLite rowid) and columns say nothing about the order they were cast in.
"""

import logging
import random
from datetime import date

from django.utils.translation import gettext as _

from xihu.apps.voting.envelopes import open_envelope
from xihu.apps.voting.frozen import frozen_ballots, item_numbers
from xihu.apps.voting.models import BallotEnvelope, Box, CastBallot
from xihu.apps.voting.services.ballots import checked_ballot
from xihu.errors import Refused

logger = logging.getLogger(__name__)
_shuffle = random.SystemRandom().shuffle


def waiting(box: Box) -> int:
    """How many voters' envelopes wait in the box."""
    return BallotEnvelope.objects.filter(box=box).count()


def box_mix(box: Box) -> int:
    """Write the box's waiting electronic ballots as cast ballots in random order; the number
    written. Refuses (writing nothing) when an envelope cannot be opened with this server's key."""
    envelopes = list(BallotEnvelope.objects.filter(box=box).values_list("id", "sealed"))
    if not envelopes:
        return 0
    opened = [open_envelope(box.pk, sealed) for _id, sealed in envelopes]
    if any(content is None for content in opened):
        broken = sum(content is None for content in opened)
        logger.error("box %s: %s envelopes cannot be opened with this server's ballot key", box.pk, broken)
        raise Refused(_("%(n)s electronic ballots in box %(box)s cannot be opened with this server's "
                        "ballot key: it changed since they were cast, or the envelopes were altered. "
                        "Restore XIHU_BALLOT_KEY and seal again.") % {"n": broken, "box": box})
    ballots = {b.pk: b for b in frozen_ballots({pk for content in opened for pk, _marks in content["ballots"]})}
    known = {pk: item_numbers(ballot) for pk, ballot in ballots.items()}
    checks: dict = {}
    rows = []
    for content in opened:
        day = date.fromisoformat(content["day"])
        for pk, marks in content["ballots"]:
            key = (pk, tuple(marks))
            if key not in checks:
                checks[key] = checked_ballot(ballots[pk], marks, known[pk])
            status, reason = checks[key]
            rows.append(CastBallot(ballot_id=pk, box=box, day=day, choices=list(marks), status=status,
                                   invalid_reason=reason, source=CastBallot.Source.ELECTRONIC))
    _shuffle(rows)
    CastBallot.objects.bulk_create(rows, batch_size=1000)
    ids = [pk for pk, _sealed in envelopes]
    for start in range(0, len(ids), 1000):
        BallotEnvelope.objects.filter(pk__in=ids[start:start + 1000]).delete()
    return len(rows)
