"""Writes for counting, selection, confirmation and implementation; each in the ledger."""

from xihu.apps.results.services.count import (
    box_sign_off,
    boxes_sign_off_batch,
    count_session_open,
    explanation_add,
    explanations_add,
    session_close,
    typed_total_enter,
)
from xihu.apps.results.services.implementation import implementation_update
from xihu.apps.results.services.outcome import result_confirm, selection_compute

__all__ = [
    "box_sign_off", "boxes_sign_off_batch", "count_session_open", "explanation_add", "explanations_add",
    "implementation_update",
    "result_confirm", "selection_compute", "session_close", "typed_total_enter",
]
