from django.contrib import admin

from .models import AgencyContact, Body, Membership, PartnerAgency


class AgencyContactInline(admin.TabularInline):
    model = AgencyContact
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [AgencyContactInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "school", "agency"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phase"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["run_by"]
    inlines = [MembershipInline]
