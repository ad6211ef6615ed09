from django.contrib import admin

from xihu.apps.organisation.models import OrganisationMembership, SocialOrganisation, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "parent", "residents"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name", "name_en"]


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0


@admin.register(SocialOrganisation)
class SocialOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "home_unit"]
    list_filter = ["kind"]
    inlines = [MembershipInline]
