from django.contrib import admin

from xihu.apps.ledger.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is written by services only and never changed."""

    list_display = ["seq", "recorded_at", "actor", "action", "object_type", "object_id"]
    search_fields = ["action", "actor", "entry_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
