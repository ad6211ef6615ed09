"""Writes for proposals: each keyword-only, atomic, and recorded in the ledger."""

from xihu.apps.proposals.services.collection import (
    building_assign,
    proposal_submit,
    proposals_import,
    visit_record,
    visits_import,
)
from xihu.apps.proposals.services.merging import (
    MergeSpec,
    project_undo,
    projects_merge,
    projects_merge_many,
)
from xihu.apps.proposals.services.register import register_import
from xihu.apps.proposals.services.screening import (
    exclusion_review,
    exclusions_review_batch,
    proposal_exclude,
    proposals_exclude_batch,
)
from xihu.apps.proposals.services.summary import summary_plan_set, summary_report
from xihu.apps.proposals.services.sync import OfflineRecord, offline_record_sync

__all__ = [
    "MergeSpec", "exclusions_review_batch", "projects_merge_many", "proposals_exclude_batch",
    "building_assign", "exclusion_review", "project_undo", "projects_merge", "proposal_exclude",
    "proposal_submit", "proposals_import", "register_import", "summary_plan_set", "summary_report",
    "visit_record", "visits_import", "OfflineRecord", "offline_record_sync",
]
