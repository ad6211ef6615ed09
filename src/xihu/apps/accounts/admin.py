"""Accounts and roles are read-only here: accounts are created, roles granted and removed through
/manage/people/ or `xihu people ...`, which write the ledger."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.ledger.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


class RoleInline(ReadOnlyInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ["role", "unit", "organisation", "granted_at", "granted_by", "revoked_at", "revoked_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return RoleAssignment.history.select_related("unit", "granted_by", "revoked_by")


@admin.register(User)
class XihuUserAdmin(ReadOnlyAdmin, UserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "display_name", "is_active", "is_staff"]
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ["display_name"]}),)
