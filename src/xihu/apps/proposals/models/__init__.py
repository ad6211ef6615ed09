"""Proposals, the register they are collected from, screening, and the projects they merge into.

`Project` (with `Level`), `Household` and `RegisteredResident` are contracts other stages read:
assemblies and ballots list live projects, voting checks eligibility in the register.
"""

from xihu.apps.proposals.models.projects import (
    Level,
    MergeMode,
    Project,
    ProjectPart,
    ProjectSource,
)
from xihu.apps.proposals.models.proposals import (
    Category,
    Channel,
    CollectorType,
    Proposal,
    Visit,
    VisitOutcome,
)
from xihu.apps.proposals.models.register import BuildingAssignment, Household, RegisteredResident
from xihu.apps.proposals.models.screening import Decision, ExclusionReason, ScreeningDecision
from xihu.apps.proposals.models.summary import SummaryPlan, SummaryReport

__all__ = [
    "BuildingAssignment", "Category", "Channel", "CollectorType", "Decision", "ExclusionReason",
    "Household", "Level", "MergeMode", "Project", "ProjectPart", "ProjectSource", "Proposal", "RegisteredResident",
    "ScreeningDecision", "SummaryPlan", "SummaryReport", "Visit", "VisitOutcome",
]
