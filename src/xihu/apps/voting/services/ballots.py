"""Electronic ballots at a station, and receipt checks.

The tablet posts in its own request, with only the token from the registration. The ballots go
into an encrypted envelope in their box (nothing readable is stored in the order of casting);
the seal of the box writes them, shuffled, as cast ballots (services/mixing.py). The voter gets
one receipt code per ballot; only its hash is stored, apart from any ballot."""

import uuid
from copy import copy
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.voting import hot
from xihu.apps.voting.envelopes import seal_envelope
from xihu.apps.voting.frozen import frozen_ballots
from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, Box, CastBallot
from xihu.apps.voting.receipts import new_receipt_code, receipt_hash
from xihu.apps.voting.services.common import local_day, lock_box, require_open, require_window
from xihu.apps.voting.tablet import read_token
from xihu.bulk import insert_rows
from xihu.engine.ballots import check_approval
from xihu.errors import Refused


def checked_ballot(ballot: Ballot, choices: list[int], known: list[str] | None = None) -> tuple[str, str]:
    """(status, invalid reason) as the engine decides it for these marks."""
    if known is None:
        known = [str(n) for n in ballot.items.values_list("number", flat=True)]
    check = check_approval([str(c) for c in choices], known, ballot.max_choices)
    return str(check.status), str(check.reason or "")


def cast_ballot_create(*, ballot: Ballot, box: Box, day, choices: list[int], source: str) -> CastBallot:
    """One CastBallot row of a paper sheet (callers hold the transaction and permission)."""
    status, reason = checked_ballot(ballot, choices)
    return CastBallot.objects.create(ballot=ballot, box=box, day=day, choices=list(choices), status=status,
                                     invalid_reason=reason, source=source)


@dataclass(frozen=True)
class Receipt:
    ballot: Ballot
    code: str


def token_box(box_pk: int, edition: Edition | None = None) -> Box:
    """The token's box (read once per worker: voting.hot) with its edition: `edition` when the
    caller read it for this request (the tablet's URL), else read now."""
    box, edition_pk = hot.token_box(box_pk)
    if edition is None or edition.pk != edition_pk:
        edition = Edition.objects.get(pk=edition_pk)
    box = copy(box)  # the worker's copy stays without this request's edition
    box.edition = edition
    return box


def token_ballots(ballot_pks: list[int]) -> list[Ballot]:
    """A token's frozen ballots with their items, by kind (read once per process)."""
    return frozen_ballots(ballot_pks)


def refuse_spent() -> None:
    raise Refused(_("This tablet token was already used."))


def tablet_ballots(token: str, *, spent: bool = True, edition: Edition | None = None) -> tuple[list[Ballot], Box]:
    """What the tablet shows for a token (read only; refuses a bad token, and a spent one
    unless `spent` is False: casting refuses it anyway). The box carries its `edition`."""
    ballot_pks, box_pk, nonce_hash = read_token(token)
    if spent and hot.token_spent(nonce_hash):
        refuse_spent()
    return token_ballots(ballot_pks), token_box(box_pk, edition)


def _store(nonce_hash: str, envelope: tuple, receipts: list[tuple]) -> None:
    """The spent token, the envelope and the receipts: one statement on PostgreSQL (data-modifying
    WITH), three on SQLite. IntegrityError when the token was spent already."""
    if connection.vendor == "postgresql":
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(receipts))
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH spent AS (INSERT INTO voting_spenttoken (nonce_hash) VALUES (%s)), "  # noqa: S608  # nosec B608 - placeholders only
                "envelope AS (INSERT INTO voting_ballotenvelope (id, box_id, sealed) VALUES (%s, %s, %s)) "
                f"INSERT INTO voting_ballotreceipt (id, box_id, period_id, receipt_hash) VALUES {rows}",
                [nonce_hash, *envelope, *(value for row in receipts for value in row)])
        return
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO voting_spenttoken (nonce_hash) VALUES (%s)", [nonce_hash])
    insert_rows(BallotEnvelope, ("id", "box_id", "sealed"), [envelope])
    insert_rows(BallotReceipt, ("id", "box_id", "period_id", "receipt_hash"), receipts)


@transaction.atomic
def ballot_cast_electronic(*, token: str, marks: dict[int, list[int]], now: datetime | None = None,
                           edition_slug: str | None = None) -> list[Receipt]:
    """Put the voter's ballots (one per ballot in the token) in an envelope in the box and
    return their receipt codes. `edition_slug`: the edition the tablet's URL names, which must
    be the token's."""
    now = now or timezone.now()
    ballot_pks, box_pk, nonce_hash = read_token(token)
    box, edition_pk = hot.token_box(box_pk)
    lock_box(box)
    # After the lock (a seal cannot slip in), the edition's stage and window and the box's seal.
    stage, slug, window, seal = hot.cast_state(edition_pk, box.pk)
    if edition_slug is not None and slug != edition_slug:
        raise Refused(_("This tablet token belongs to another edition."))
    if stage != Stage.VOTING:
        raise Refused(_("Voting is not open."))
    require_window(None, now, window)
    period = require_open(box, seal)
    day = local_day(now)
    ballots = token_ballots(ballot_pks)
    content = {"day": day.isoformat(),
               "ballots": [[b.pk, sorted({int(c) for c in marks.get(b.pk, [])})] for b in ballots]}
    receipts = [Receipt(ballot=ballot, code=new_receipt_code()) for ballot in ballots]
    try:  # no savepoint: a used token ends the transaction anyway
        _store(nonce_hash, (uuid.uuid4(), box.pk, seal_envelope(box.pk, content)),
               [(uuid.uuid4(), box.pk, period, receipt_hash(r.code)) for r in receipts])
    except IntegrityError:
        refuse_spent()
    # No ballot, no marks, no receipt: the ledger says only that a box received ballots that day.
    ledger_append(actor="tablet", action="voting.ballot_cast", object_type="voting.box",
                  object_id=str(box.pk), payload={"ballots": len(receipts), "day": day.isoformat()})
    return receipts
