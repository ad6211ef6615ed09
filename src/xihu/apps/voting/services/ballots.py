"""Electronic ballots at a station, and receipt checks.

The tablet posts in its own request, with only the token from the registration. The ballots go
into an encrypted envelope in their box (nothing readable is stored in the order of casting);
the seal of the box writes them, shuffled, as cast ballots (services/mixing.py). The voter gets
one receipt code per ballot; only its hash is stored, apart from any ballot."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.voting.envelopes import seal_envelope
from xihu.apps.voting.frozen import frozen_ballots
from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, Box, CastBallot, SpentToken
from xihu.apps.voting.receipts import new_receipt_code, receipt_hash
from xihu.apps.voting.services.common import local_day, lock_box, require_open, require_window
from xihu.apps.voting.tablet import read_token
from xihu.engine.ballots import check_approval
from xihu.errors import Refused
from xihu.memo import memoised


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


def _token_box(box_pk: int) -> Box:
    return memoised(("voting.box", box_pk),
                    lambda: Box.objects.select_related("station__edition", "community").get(pk=box_pk))


def _token_ballots(ballot_pks: list[int]) -> list[Ballot]:
    """A token's frozen ballots with their items, by kind (read once per process)."""
    return frozen_ballots(ballot_pks)


def tablet_ballots(token: str, *, spent: bool = True) -> tuple[list[Ballot], Box]:
    """What the tablet shows for a token (read only; refuses a bad token, and a spent one
    unless `spent` is False: casting refuses it anyway)."""
    ballot_pks, box_pk, nonce_hash = read_token(token)
    if spent and SpentToken.objects.filter(nonce_hash=nonce_hash).exists():
        raise Refused(_("This tablet token was already used."))
    return _token_ballots(ballot_pks), _token_box(box_pk)


@transaction.atomic
def ballot_cast_electronic(*, token: str, marks: dict[int, list[int]],
                           now: datetime | None = None) -> list[Receipt]:
    """Put the voter's ballots (one per ballot in the token) in an envelope in the box and
    return their receipt codes."""
    now = now or timezone.now()
    ballot_pks, box_pk, nonce_hash = read_token(token)
    box = _token_box(box_pk)
    edition = box.station.edition
    if edition.stage != Stage.VOTING:
        raise Refused(_("Voting is not open."))
    require_window(edition, now)
    lock_box(box)
    period = require_open(box)
    try:  # no savepoint: a used token ends the transaction anyway
        SpentToken.objects.create(nonce_hash=nonce_hash)
    except IntegrityError:
        raise Refused(_("This tablet token was already used.")) from None
    day = local_day(now)
    ballots = _token_ballots(ballot_pks)
    content = {"day": day.isoformat(),
               "ballots": [[b.pk, sorted({int(c) for c in marks.get(b.pk, [])})] for b in ballots]}
    BallotEnvelope.objects.create(box=box, sealed=seal_envelope(box.pk, content))
    receipts = [Receipt(ballot=ballot, code=new_receipt_code()) for ballot in ballots]
    BallotReceipt.objects.bulk_create([BallotReceipt(box=box, period_id=period, receipt_hash=receipt_hash(r.code))
                                       for r in receipts])
    # No ballot, no marks, no receipt: the ledger says only that a box received ballots that day.
    ledger_append(actor="tablet", action="voting.ballot_cast", object_type="voting.box",
                  object_id=str(box.pk), payload={"ballots": len(receipts), "day": day.isoformat()})
    return receipts
