from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ImprovementAction,
    ImprovementNotice,
    InspectionJudgement,
    LAInspection,
    LAJudgement,
    LinkInspectorAssignment,
    LinkVisit,
    OfstedImport,
    SchoolInspection,
    SupportCategorisation,
    VisitAction,
)


@admin.register(LinkInspectorAssignment)
class LinkInspectorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["school", "inspector", "starts_on", "ends_on"]
    list_select_related = ["school", "inspector"]
    raw_id_fields = ["school", "inspector"]
    search_fields = ["school__name", "school__urn", "inspector__email", "inspector__last_name"]


class VisitActionInline(admin.TabularInline):
    model = VisitAction
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(LinkVisit)
class LinkVisitAdmin(admin.ModelAdmin):
    list_display = ["school", "inspector", "visited_on", "purpose", "shared_at"]
    list_filter = ["purpose"]
    list_select_related = ["school", "inspector"]
    raw_id_fields = ["school", "inspector", "created_by"]
    search_fields = ["school__name", "school__urn"]
    date_hierarchy = "visited_on"
    inlines = [VisitActionInline]


@admin.register(SupportCategorisation)
class SupportCategorisationAdmin(SimpleHistoryAdmin):
    list_display = ["school", "level", "decided_on", "review_on"]
    list_filter = ["level"]
    list_select_related = ["school"]
    raw_id_fields = ["school", "decided_by"]
    search_fields = ["school__name", "school__urn"]


class InspectionJudgementInline(admin.TabularInline):
    model = InspectionJudgement
    extra = 0


@admin.register(SchoolInspection)
class SchoolInspectionAdmin(admin.ModelAdmin):
    list_display = ["school", "framework", "started_on", "overall_effectiveness", "safeguarding"]
    list_filter = ["framework", "overall_effectiveness", "source"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]
    search_fields = ["school__name", "school__urn", "inspection_number"]
    date_hierarchy = "started_on"
    inlines = [InspectionJudgementInline]


@admin.register(OfstedImport)
class OfstedImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "started_at", "rows", "created", "updated", "skipped"]


class LAJudgementInline(admin.TabularInline):
    model = LAJudgement
    extra = 0


class ImprovementActionInline(admin.TabularInline):
    model = ImprovementAction
    extra = 0
    raw_id_fields = ["owner"]
    fk_name = "inspection"


@admin.register(LAInspection)
class LAInspectionAdmin(admin.ModelAdmin):
    list_display = ["kind", "started_on", "published_on", "overall_effectiveness"]
    list_filter = ["kind"]
    inlines = [LAJudgementInline, ImprovementActionInline]


class NoticeActionInline(ImprovementActionInline):
    fk_name = "notice"


@admin.register(ImprovementNotice)
class ImprovementNoticeAdmin(admin.ModelAdmin):
    list_display = ["issued_on", "lifted_on"]
    inlines = [NoticeActionInline]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "owner", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "inspection", "notice"]
