"""Units and organisations are read-only here: they change through /manage/ and `xihu units`."""

from django.contrib import admin

from xihu.apps.ledger.readonly_admin import ReadOnlyAdmin, ReadOnlyInline
from xihu.apps.organisation.models import OrganisationMembership, SocialOrganisation, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en", "kind", "parent", "residents", "retired_at"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name", "name_en"]


class MembershipInline(ReadOnlyInline):
    model = OrganisationMembership


@admin.register(SocialOrganisation)
class SocialOrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "name_en", "kind", "home_unit"]
    list_filter = ["kind"]
    inlines = [MembershipInline]
