"""Writes for voting week. Each service is atomic, keyword-only, checks permission and the
voting window, and writes its ledger entry in the same transaction."""

from xihu.apps.voting.commitments import receipt_check
from xihu.apps.voting.services.ballots import ballot_cast_electronic
from xihu.apps.voting.services.batch import paper_enter_batch, voters_register_batch
from xihu.apps.voting.services.paper import paper_adjudicate, paper_enter
from xihu.apps.voting.services.registration import voter_register
from xihu.apps.voting.services.seals import box_reopen, box_seal
from xihu.apps.voting.services.setup import (
    box_create,
    shift_add,
    shifts_add,
    station_create,
    turnout_target_set,
)

__all__ = [
    "ballot_cast_electronic", "box_create", "box_reopen", "box_seal", "paper_adjudicate", "paper_enter",
    "paper_enter_batch", "receipt_check", "shift_add", "shifts_add", "station_create",
    "turnout_target_set", "voter_register", "voters_register_batch",
]
