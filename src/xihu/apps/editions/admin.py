"""Admin for editions is read-mostly: stage changes, grants and budgets go through services
(pages and API) so that each writes its ledger entry."""

from django.contrib import admin

from xihu.apps.editions.models import BudgetCommitment, Edition, PowerGrant, StageChange, StagePlan


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanInline(admin.TabularInline):
    model = StagePlan
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "district", "stage", "community_budget", "street_budget"]
    inlines = [PlanInline]


for model in (BudgetCommitment, PowerGrant, StageChange):
    admin.site.register(model, ReadOnlyAdmin)
