from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from xihu.apps.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class XihuUserAdmin(UserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "display_name", "is_active", "is_staff"]
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ["display_name"]}),)
