from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .gias import FIELD_COLUMNS
from .models import (
    GiasImport,
    GovernorAppointment,
    Headship,
    LocalAuthority,
    PlacesSnapshot,
    PlanningArea,
    PlanningAreaSchool,
    School,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class HeadshipInline(admin.TabularInline):
    model = Headship
    extra = 0
    autocomplete_fields = ["person"]


class GovernorAppointmentInline(admin.TabularInline):
    model = GovernorAppointment
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["urn", "name", "local_authority", "category", "phase", "status"]
    list_filter = ["category", "status", "phase", "local_authority"]
    search_fields = ["name", "=urn", "postcode"]
    list_select_related = ["local_authority"]
    inlines = [HeadshipInline, GovernorAppointmentInline]
    # The GIAS import owns these; the admin shows them but does not change them.
    readonly_fields = [
        "urn", "local_authority", "category", "status", "created_at", "updated_at",
        *[name for name, _, _ in FIELD_COLUMNS],
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(Headship)
class HeadshipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "school", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["person__email", "person__last_name", "school__name", "=school__urn"]
    list_select_related = ["person", "school"]
    autocomplete_fields = ["person", "school"]


@admin.register(GovernorAppointment)
class GovernorAppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "school", "role", "category", "starts_on", "ends_on"]
    list_filter = ["role", "category"]
    search_fields = ["person__email", "person__last_name", "school__name", "=school__urn"]
    list_select_related = ["person", "school"]
    autocomplete_fields = ["person", "school"]


@admin.register(GiasImport)
class GiasImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "started_at", "rows", "created", "updated", "unchanged", "skipped"]
    readonly_fields = [f.name for f in GiasImport._meta.fields]

    def has_add_permission(self, request):
        return False


class PlanningAreaSchoolInline(admin.TabularInline):
    model = PlanningAreaSchool
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(PlanningArea)
class PlanningAreaAdmin(admin.ModelAdmin):
    """Officers group an authority's schools into planning areas; a school left out
    counts in the authority's default area, named after it."""

    list_display = ["name", "local_authority", "schools"]
    list_filter = ["local_authority"]
    search_fields = ["name", "local_authority__name", "=local_authority__code"]
    list_select_related = ["local_authority"]
    autocomplete_fields = ["local_authority"]
    inlines = [PlanningAreaSchoolInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_schools=Count("school_links"))

    @admin.display(ordering="n_schools", description="schools")
    def schools(self, area):
        return area.n_schools


@admin.register(PlacesSnapshot)
class PlacesSnapshotAdmin(admin.ModelAdmin):
    list_display = ["as_of", "date_source", "file_name", "recorded_at", "schools"]
    readonly_fields = ["as_of", "date_source", "file_name", "recorded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_schools=Count("rows"))

    @admin.display(ordering="n_schools", description="schools")
    def schools(self, snapshot):
        return snapshot.n_schools

    def has_add_permission(self, request):
        return False
