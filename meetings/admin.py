from django.contrib import admin

from .models import AcademicYear, Invitation, Meeting, MeetingSeries, Term


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [TermInline]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "cadence", "audience", "paused"]
    list_filter = ["cadence", "audience", "paused"]
    search_fields = ["title", "body__name"]
    list_select_related = ["body"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "moved_from"]
    list_filter = ["status", "body", "term__year"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    readonly_fields = ["uid", "sequence", "occurrence", "moved_from", "moved_reason"]
    inlines = [InvitationInline]
