"""REST endpoints for meetings: /api/v1/meeting-series/ (read) and /api/v1/meetings/
(read; create and change with a write key).

Reads follow accounts.policy.meetings_visible_to. Writes go through
meetings.services (reschedule, cancel) and meetings.series (a new meeting), and a
ValidationError they raise comes back as a 400 naming the fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OuterRef, Prefetch, Subquery
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts import policy
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.pagination import KeysetPagination, QueryFilterBackend
from council_portal.serializers import (
    EnumField,
    LocalTimeField,
    OptionalURLField,
    ValuesRowsMixin,
    as_api_error,
)

from . import selectors, services
from . import series as series_service
from .business_api import (
    ActionSerializer,
    AgendaItemSerializer,
    DecisionSerializer,
    PaperSerializer,
    updated_since,
)
from .models import Action, AgendaItem, Decision, Meeting, MeetingSeries, Paper, PaperVersion, Term


class ReadsForOfficersAndKeys(BasePermission):
    """Bodies, agencies and series: officers' sessions and every API key."""

    def has_permission(self, request, view):
        return policy.can_view_partnerships(request.user)


# --- Meeting series ------------------------------------------------------------------


class MeetingSeriesSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()
    online_link = OptionalURLField()
    annual_term = EnumField(
        enum_name="TermNameEnum", choices=Term.Name.choices, allow_null=True, read_only=True
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "id", "body", "body_name", "title", "cadence", "times_a_year", "annual_term",
            "placement", "week", "weekday", "starts_at", "ends_at", "venue", "online_link",
            "audience", "paused", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingSeriesFilter(FilterSet):
    updated_since = updated_since()

    class Meta:
        model = MeetingSeries
        fields = ["body", "paused", "updated_since"]


@extend_schema_view(
    list=extend_schema(summary="Meeting series", description="Filter by body or paused."),
    retrieve=extend_schema(summary="A meeting series"),
)
class MeetingSeriesViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """The rhythm of each body's meetings (a short list: page numbers)."""

    queryset = selectors.series_list()
    serializer_class = MeetingSeriesSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = MeetingSeriesFilter


# --- Meetings --------------------------------------------------------------------------


class MeetingSerializer(ValuesRowsMixin, serializers.ModelSerializer):
    """A meeting as partners see it; times are Europe/London with their offset."""

    row_keys = {"term": "term_name"}
    online_link = OptionalURLField()

    body_name = serializers.CharField(source="body.name", read_only=True)
    academic_year = serializers.CharField(source="term.year.name", read_only=True)
    term = EnumField(
        enum_name="TermNameEnum", choices=Term.Name.choices, source="term.name", read_only=True
    )
    status = EnumField(
        enum_name="MeetingStatusEnum", choices=Meeting.Status.choices, read_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            "id", "uid", "series", "body", "body_name", "academic_year", "term", "occurrence",
            "title", "starts_at", "ends_at", "status", "venue", "online_link", "moved_from",
            "moved_reason", "sequence", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


def meeting_rows(meetings):
    """The list's rows as `.values()`, named as MeetingSerializer names its fields."""
    own = [
        f for f in MeetingSerializer.Meta.fields if f not in ("body_name", "academic_year", "term")
    ]
    return meetings.values(
        *own,
        body_name=F("body__name"),
        academic_year=F("term__year__name"),
        term_name=F("term__name"),
    )


# The list's columns, built once: a fresh copy per call costs less than building the
# expressions again (never evaluated itself, so it holds no rows).
_LIST_ROWS = meeting_rows(selectors.meeting_list())


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting with its business: the agenda (each item with its decisions), the
    papers the caller may open (a key: the public ones; metadata only) and actions."""

    agenda_items = AgendaItemSerializer(source="api_agenda", many=True, read_only=True)
    decisions = DecisionSerializer(source="api_decisions", many=True, read_only=True)
    papers = PaperSerializer(source="api_papers", many=True, read_only=True)
    actions = ActionSerializer(source="api_actions", many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda_items", "decisions", "papers", "actions"]
        read_only_fields = fields


def meeting_with_business(meetings, *, actor):
    """Meetings with what MeetingDetailSerializer shows, in a fixed number of queries."""
    latest = PaperVersion.objects.filter(paper=OuterRef("paper")).order_by("-number")
    current = PaperVersion.objects.filter(pk=Subquery(latest.values("pk")[:1])).defer("text")
    papers = policy.papers_visible_to(actor, Paper.objects.all()).prefetch_related(
        Prefetch("versions", queryset=current, to_attr="current")
    )
    return meetings.prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("owner").order_by("position"),
            to_attr="api_agenda",
        ),
        Prefetch("papers", queryset=papers.order_by("pk"), to_attr="api_papers"),
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("owner").order_by("due_on", "pk"),
            to_attr="api_actions",
        ),
    )


def _decisions_of(meeting) -> list[Decision]:
    return list(
        Decision.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .order_by("decided_on", "pk")
    )


class MeetingCreateSerializer(serializers.Serializer):
    """A meeting outside its series' rhythm; the series' audience is invited."""

    series = serializers.PrimaryKeyRelatedField(queryset=MeetingSeries.objects.all())
    title = serializers.CharField(
        max_length=200, default="", allow_blank=True, help_text="Defaults to the series' title."
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Defaults to the series'."
    )
    online_link = serializers.URLField(
        max_length=200, required=False, allow_blank=True, help_text="Defaults to the series'."
    )


class MeetingChangeSerializer(serializers.Serializer):
    """Move a meeting (any of starts_at, ends_at, venue, online_link), or cancel it
    with `{"status": "cancelled"}`; not both in one call. Invitees are told."""

    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_link = serializers.URLField(max_length=200, required=False, allow_blank=True)
    status = EnumField(
        enum_name="MeetingCancelEnum",
        choices=[(Meeting.Status.CANCELLED.value, Meeting.Status.CANCELLED.label)],
        required=False,
        help_text="Only `cancelled`: other statuses are not set through the API.",
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send the fields to change.")
        if "status" in attrs and len(attrs) > 1:
            raise serializers.ValidationError(
                "Cancel the meeting, or change its time and place, not both at once."
            )
        return attrs


class MeetingsAccess(BasePermission):
    """Anyone signed in or holding a key reads what meetings_visible_to shows them;
    creating and changing a meeting needs a write key."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or policy.can_write_meetings_via_api(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Meetings",
        description="Filter by body, series, academic year and term, status, a date range "
        "(starts_after inclusive, starts_before exclusive, London days) and updated_since "
        "for incremental sync.",
    ),
    retrieve=extend_schema(
        summary="A meeting",
    ),
)
class MeetingViewSet(
    ConditionalRetrieveMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The meetings of every body. Read with any key; create and change with a write key."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated, MeetingsAccess]
    filter_backends = [QueryFilterBackend, OrderingFilter]
    filterset_class = selectors.MeetingFilter
    ordering_fields = ["starts_at", "updated_at", "id"]
    ordering = ["starts_at", "id"]
    pagination_class = KeysetPagination
    # No PUT: a PATCH names what changes, and each change notifies invitees.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        meetings = _LIST_ROWS.all() if self.action == "list" else selectors.meeting_list()
        if self.action == "retrieve":
            meetings = meeting_with_business(meetings, actor=self.request.user)
        return policy.meetings_visible_to(self.request.user, meetings)

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_object(self):
        meeting = super().get_object()
        if self.action == "retrieve":
            meeting.api_decisions = _decisions_of(meeting)
        return meeting

    def _reply(self, meeting: Meeting, code=status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(meeting).data, status=code)

    @extend_schema(
        summary="Add a meeting",
        request=MeetingCreateSerializer,
        responses={
            201: MeetingSerializer,
        },
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        given = MeetingCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            meeting = series_service.meeting_add(**given.validated_data)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return self._reply(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move or cancel a meeting",
        request=MeetingChangeSerializer,
        responses={
            200: MeetingSerializer,
        },
    )  # fmt: skip
    def partial_update(self, request, *args, **kwargs):
        meeting = self.get_object()
        given = MeetingChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        change = given.validated_data
        try:
            if change.get("status") == Meeting.Status.CANCELLED:
                meeting = services.meeting_cancel(meeting=meeting)
            else:
                meeting = services.meeting_reschedule(
                    meeting=meeting,
                    starts_at=change.get("starts_at", meeting.starts_at),
                    ends_at=change.get("ends_at", meeting.ends_at),
                    venue=change.get("venue"),
                    online_link=change.get("online_link"),
                )
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return self._reply(meeting)
