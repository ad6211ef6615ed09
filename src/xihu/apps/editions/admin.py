"""Admin for editions is read-only: set-up, plans, stage changes, grants, budgets and targets go
through services (pages, commands and API) so that each writes its ledger entry."""

from django.contrib import admin

from xihu.apps.editions.models import (
    BudgetCommitment,
    Edition,
    EditionOrganisation,
    GrantProposal,
    PowerGrant,
    StageChange,
    StagePlan,
    StagePlanChange,
)
from xihu.apps.ledger.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


class PlanInline(ReadOnlyInline):
    model = StagePlan


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "district", "stage", "community_budget", "street_budget"]
    inlines = [PlanInline]


for model in (BudgetCommitment, PowerGrant, StageChange, StagePlanChange, GrantProposal,
              EditionOrganisation):
    admin.site.register(model, ReadOnlyAdmin)
