"""Voting week: stations, boxes, nightly seals, registrations and cast ballots.

The contract for counting:
- `Box` belongs to a `Station` and a community.
- `Seal` rows (kind seal / reopen) record the ballots in a box at each closing and reopening.
- `Registration` is one person's one ballot of one kind in the edition (voter_key is a keyed
  hash of the identity number; unique per edition and kind).
- `CastBallot` is one ballot as cast: which `Ballot`, which box, the day only (never a time),
  the marked item numbers; its id is random. An electronic ballot waits encrypted in a
  `BallotEnvelope` until its box is sealed; the seal writes the box's ballots in random order
  (docs/voting.md, "Ballot secrecy"). `BallotReceipt` holds receipt hashes apart from ballots.
  Cast ballots, receipts, seals and registrations are never updated or deleted.
- Paper sheets reach `CastBallot` only through double entry (`PaperEntry` x 2, or an
  `Adjudication`), and `SheetResult` makes one sheet give at most one cast ballot.
"""

from xihu.apps.voting.models.ballots import BallotEnvelope, BallotReceipt, CastBallot, SpentToken
from xihu.apps.voting.models.paper import Adjudication, PaperEntry, SheetResult
from xihu.apps.voting.models.places import Box, Seal, Shift, Station, TurnoutTarget
from xihu.apps.voting.models.voters import Registration

__all__ = [
    "Adjudication", "BallotEnvelope", "BallotReceipt", "Box", "CastBallot", "PaperEntry",
    "Registration", "Seal", "SheetResult", "Shift", "SpentToken", "Station", "TurnoutTarget",
]
