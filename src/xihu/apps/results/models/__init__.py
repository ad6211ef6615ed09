"""Counting, selection, confirmation and implementation records (issue 7).

Every count record is append-only (database triggers): a session, its members, typed totals,
explanations, box sign-offs and the close are rows that are never updated or deleted; the
state of a session is read from which rows exist. A later explanation of the same difference
supersedes the earlier one on the page, and both stay on the public record.
"""

from xihu.apps.results.models.count import (
    BoxSignOff,
    CountMember,
    CountSession,
    Explanation,
    SessionClose,
    TypedTotal,
)
from xihu.apps.results.models.implementation import ImplementationUpdate
from xihu.apps.results.models.outcome import Confirmation, SelectionResult

__all__ = [
    "BoxSignOff", "Confirmation", "CountMember", "CountSession", "Explanation",
    "ImplementationUpdate", "SelectionResult", "SessionClose", "TypedTotal",
]
