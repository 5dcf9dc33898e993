"""Read-only REST endpoints for inspections, under /api/v1/:

- inspections: Ofsted inspections of schools under every framework, with their
  graded areas (`judgements`); `counts_as_outcome` says whether the inspection can be
  a school's latest outcome (inspections.outcomes);
- la-inspections: inspections of the council's children's services, with ILACS
  judgements and the actions that follow their recommendations;
- improvement-notices: the DfE's notices on children's services, with their actions.

Grades are given in their own scale's words, never as numbers. Officers' sessions
and every API key read (accounts.policy.can_view_borough_picture). Each list is a
fixed number of queries: select_related and prefetch_related for what is nested.

As the rest of the API: a detail read answers with an ETag (304 to If-None-Match);
`updated_since` on every list; inspections, which grow with every Ofsted import, page
by cursor, the council's own inspections and notices (a handful a decade) by number.
"""

from django.db.models import Prefetch
from django_filters.rest_framework import (
    CharFilter,
    ChoiceFilter,
    DateFilter,
    DjangoFilterBackend,
    FilterSet,
    NumberFilter,
)
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission

from accounts import policy
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.filters import UpdatedSinceFilter
from council_portal.pagination import KeysetPagination, QueryFilterBackend
from council_portal.serializers import EnumField

from .grades import (
    ANY_GRADE,
    Area,
    AreaSendOutcome,
    Framework,
    Grade,
    ILACSArea,
    LAInspectionKind,
    Safeguarding,
)
from .models import (
    ImprovementAction,
    ImprovementNotice,
    InspectionJudgement,
    LAInspection,
    LAJudgement,
    SchoolInspection,
)
from .outcomes import OUTCOME_FRAMEWORKS


class CanViewInspections(BasePermission):
    def has_permission(self, request, view):
        return policy.can_view_borough_picture(request.user)


def _grade_field(enum_name: str, choices) -> EnumField:
    return EnumField(enum_name=enum_name, choices=choices, allow_null=True, read_only=True)


# --- School inspections ---------------------------------------------------------------


class InspectionJudgementSerializer(serializers.ModelSerializer):
    area = EnumField(enum_name="InspectionAreaEnum", choices=Area.choices, read_only=True)
    grade = EnumField(
        enum_name="InspectionAreaGradeEnum", choices=ANY_GRADE, read_only=True,
        help_text="On the 4-point scale for graded inspections, the 5-point scale for "
        "report cards; never converted.",
    )  # fmt: skip

    class Meta:
        model = InspectionJudgement
        fields = ["area", "grade"]


class SchoolInspectionSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    la_code = serializers.CharField(source="school.local_authority.code", read_only=True)
    framework = EnumField(
        enum_name="InspectionFrameworkEnum", choices=Framework.choices, read_only=True
    )
    overall_effectiveness = _grade_field("FourPointGradeEnum", Grade.choices)
    safeguarding = _grade_field("SafeguardingEnum", Safeguarding.choices)
    counts_as_outcome = serializers.SerializerMethodField(
        help_text="Whether the inspection can be a school's latest outcome: graded "
        "inspections and report cards can; ungraded and monitoring inspections cannot."
    )
    judgements = InspectionJudgementSerializer(many=True, read_only=True)

    class Meta:
        model = SchoolInspection
        fields = [
            "id", "inspection_number", "urn", "school_name", "la_code", "framework",
            "inspection_type", "started_on", "ended_on", "published_on",
            "overall_effectiveness", "category_of_concern", "outcome", "safeguarding",
            "counts_as_outcome", "judgements", "report_url", "source", "updated_at",
        ]  # fmt: skip

    def get_counts_as_outcome(self, obj) -> bool:
        return obj.framework in OUTCOME_FRAMEWORKS


class SchoolInspectionFilter(FilterSet):
    urn = NumberFilter(field_name="school__urn", help_text="The school's URN.")
    framework = ChoiceFilter(choices=Framework.choices)
    la = CharFilter(
        field_name="school__local_authority__code", help_text="Local authority code, e.g. 212."
    )
    started_after = DateFilter(
        field_name="started_on", lookup_expr="gte", help_text="Started on or after this date."
    )
    started_before = DateFilter(
        field_name="started_on", lookup_expr="lte", help_text="Started on or before this date."
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = SchoolInspection
        fields: list[str] = []


class SchoolInspectionViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Ofsted inspections of schools, latest first. Filter by URN, framework, local
    authority, start date and time of the last change. Paged by cursor: follow `next`."""

    serializer_class = SchoolInspectionSerializer
    permission_classes = [CanViewInspections]
    filter_backends = [QueryFilterBackend, OrderingFilter]
    filterset_class = SchoolInspectionFilter
    ordering_fields = ["started_on", "updated_at", "id"]
    ordering = ["-started_on", "-id"]
    pagination_class = KeysetPagination
    queryset = SchoolInspection.objects.select_related("school__local_authority").prefetch_related(
        "judgements"
    )


# --- The council's own inspections ------------------------------------------------------


class LAJudgementSerializer(serializers.ModelSerializer):
    area = EnumField(enum_name="ILACSAreaEnum", choices=ILACSArea.choices, read_only=True)
    grade = EnumField(enum_name="FourPointGradeEnum", choices=Grade.choices, read_only=True)

    class Meta:
        model = LAJudgement
        fields = ["area", "grade"]


class ImprovementActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    status = EnumField(
        enum_name="ImprovementActionStatusEnum", choices=ImprovementAction.Status.choices,
        read_only=True,
    )  # fmt: skip

    class Meta:
        model = ImprovementAction
        fields = ["id", "recommendation", "owner_name", "due_on", "status", "completed_on",
                  "updated_at"]  # fmt: skip

    def get_owner_name(self, obj) -> str | None:
        return (obj.owner.get_full_name() or obj.owner.email) if obj.owner else None


def _actions() -> Prefetch:
    return Prefetch("actions", queryset=ImprovementAction.objects.select_related("owner"))


class LAInspectionSerializer(serializers.ModelSerializer):
    kind = EnumField(enum_name="LAInspectionKindEnum", choices=LAInspectionKind.choices,
                     read_only=True)  # fmt: skip
    overall_effectiveness = _grade_field("FourPointGradeEnum", Grade.choices)
    send_outcome = _grade_field("AreaSendOutcomeEnum", AreaSendOutcome.choices)
    judgements = LAJudgementSerializer(many=True, read_only=True)
    actions = ImprovementActionSerializer(many=True, read_only=True)

    class Meta:
        model = LAInspection
        fields = [
            "id", "kind", "started_on", "ended_on", "published_on", "overall_effectiveness",
            "judgements", "send_outcome", "summary", "report_url", "actions", "updated_at",
        ]  # fmt: skip


class LAInspectionFilter(FilterSet):
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = LAInspection
        fields = ["updated_since"]


class LAInspectionViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections and visits of the council's children's services, latest first (a
    short list: page numbers)."""

    serializer_class = LAInspectionSerializer
    permission_classes = [CanViewInspections]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = LAInspectionFilter
    ordering_fields = ["started_on", "id"]
    ordering = ["-started_on", "-id"]
    queryset = LAInspection.objects.prefetch_related("judgements", _actions())


class ImprovementNoticeSerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField()
    actions = ImprovementActionSerializer(many=True, read_only=True)

    class Meta:
        model = ImprovementNotice
        fields = ["id", "issued_on", "lifted_on", "in_force", "summary", "url", "actions",
                  "updated_at"]  # fmt: skip

    def get_in_force(self, obj) -> bool:
        return obj.lifted_on is None


class ImprovementNoticeFilter(FilterSet):
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = ImprovementNotice
        fields = ["updated_since"]


class ImprovementNoticeViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """The DfE's improvement notices on the council's children's services, latest first
    (a short list: page numbers)."""

    serializer_class = ImprovementNoticeSerializer
    permission_classes = [CanViewInspections]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = ImprovementNoticeFilter
    ordering_fields = ["issued_on", "id"]
    ordering = ["-issued_on", "-id"]
    queryset = ImprovementNotice.objects.prefetch_related(_actions())
