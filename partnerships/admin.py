from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgencyContact,
    Body,
    ContactRule,
    Membership,
    PartnerAgency,
    Post,
    SchoolContact,
    ServiceArea,
    Team,
)


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


@admin.register(ContactRule)
class ContactRuleAdmin(admin.ModelAdmin):
    list_display = ["responsibility", "officer", "phase", "category", "planning_area",
                    "local_authority", "publish"]  # fmt: skip
    list_filter = ["responsibility", "category", "publish"]
    search_fields = ["officer__email", "officer__last_name", "phase"]
    autocomplete_fields = ["officer"]
    list_select_related = ["officer", "planning_area", "local_authority"]


@admin.register(SchoolContact)
class SchoolContactAdmin(admin.ModelAdmin):
    list_display = ["school", "responsibility", "officer", "publish"]
    list_filter = ["responsibility", "publish"]
    search_fields = ["school__name", "school__urn", "officer__email", "officer__last_name"]
    autocomplete_fields = ["school", "officer"]
    list_select_related = ["school", "officer"]


# --- Service areas and their staffing -------------------------------------------------


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "position"]
    show_change_link = True


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    inlines = [TeamInline]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ["title", "grade", "fte", "holder", "starts_on", "ends_on"]
    autocomplete_fields = ["holder"]
    show_change_link = True


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service_area", "position"]
    list_filter = ["service_area"]
    search_fields = ["name", "service_area__name"]
    list_select_related = ["service_area"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    """Posts with their change history: who held a post, at what FTE, when."""

    list_display = ["title", "team", "grade", "fte", "holder", "starts_on", "ends_on"]
    list_filter = ["team__service_area", "team"]
    search_fields = ["title", "holder__email", "holder__last_name", "team__name"]
    list_select_related = ["team__service_area", "holder"]
    autocomplete_fields = ["team", "holder"]
