"""Every write of the residents app, each with its ledger entry (codes and notices excepted:
see xihu.apps.ledger.coverage)."""

from xihu.apps.residents.services.accounts import (
    account_for_phone,
    language_set,
    verify_in_person,
    verify_online,
)
from xihu.apps.residents.services.follows import (
    follow_project,
    follow_proposal,
    follow_receipt,
    resident_propose,
    unfollow,
)

__all__ = ["account_for_phone", "follow_project", "follow_proposal", "follow_receipt",
           "language_set", "resident_propose", "unfollow", "verify_in_person", "verify_online"]
