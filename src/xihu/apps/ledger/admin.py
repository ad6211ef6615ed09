from django.contrib import admin

from xihu.apps.ledger.models import LedgerEntry, TreeHead


class ReadOnly(admin.ModelAdmin):
    """Read-only: the log is written by services and the sequencer only and never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ["index", "recorded_at", "actor", "action", "object_type", "object_id"]
    search_fields = ["action", "actor", "entry_hash"]
    list_select_related = ["leaf"]


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnly):
    list_display = ["size", "root_hash", "signed_at", "key_id"]
