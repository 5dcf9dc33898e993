"""REST endpoints for meetings: /api/v1/meeting-series/ (read) and /api/v1/meetings/
(read; create and change with a write key).

Reads follow accounts.policy.meetings_visible_to. Writes go through
meetings.services (reschedule, cancel) and meetings.series (a new meeting), and a
ValidationError they raise comes back as a 400 naming the fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import policy

from . import selectors, services
from . import series as series_service
from .models import Meeting, MeetingSeries, Term

# --- Shared pieces (partnerships.api uses them too) ----------------------------------


class EnumField(serializers.ChoiceField):
    """A choice field documented as a named enum of its own.

    Several resources have fields called "status", "kind" or "role" with different
    choices; a name per choice set keeps the schema free of enum-name collisions.
    With allow_null, a blank stored value reads as null rather than "".
    """

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value in ("", None) and self.allow_null:
            return None
        return super().to_representation(value)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def get_name(self):
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices
        values = list(choices)
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {
            "type": kind,
            "enum": values,
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.items()),
        }


class ReadsForOfficersAndKeys(BasePermission):
    """Bodies, agencies and series: officers' sessions and every API key."""

    def has_permission(self, request, view):
        return policy.can_view_partnerships(request.user)


ERRORS_400 = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Invalid input: each field named with its messages, e.g. "
    '`{"ends_at": ["The meeting must end after it starts."]}`; problems with no '
    f"single field under `{api_settings.NON_FIELD_ERRORS_KEY}`.",
)
ERROR_401 = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="No API key, or a bad, expired or revoked one."
)
ERROR_403 = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="The key or person may not do this."
)
ERROR_404 = OpenApiResponse(response=OpenApiTypes.OBJECT, description="No such meeting.")


def _as_api_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


# --- Meeting series ------------------------------------------------------------------


class MeetingSeriesSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    annual_term = EnumField(
        enum_name="TermNameEnum", choices=Term.Name.choices, allow_null=True, read_only=True
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "id", "body", "body_name", "title", "cadence", "times_a_year", "annual_term",
            "placement", "week", "weekday", "starts_at", "ends_at", "venue", "online_link",
            "audience", "paused",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingSeriesFilter(FilterSet):
    class Meta:
        model = MeetingSeries
        fields = ["body", "paused"]


class MeetingSeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """The rhythm of each body's meetings. Filter by body or paused."""

    queryset = selectors.series_list()
    serializer_class = MeetingSeriesSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = MeetingSeriesFilter


# --- Meetings --------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as partners see it; times are Europe/London with their offset."""

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
        responses={200: MeetingSerializer(many=True), 400: ERRORS_400, 401: ERROR_401},
    ),
    retrieve=extend_schema(
        summary="A meeting",
        responses={200: MeetingSerializer, 401: ERROR_401, 404: ERROR_404},
    ),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The meetings of every body. Read with any key; create and change with a write key."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated, MeetingsAccess]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = selectors.MeetingFilter
    ordering_fields = ["starts_at", "updated_at", "id"]
    ordering = ["starts_at", "id"]
    # No PUT: a PATCH names what changes, and each change notifies invitees.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return policy.meetings_visible_to(self.request.user, selectors.meeting_list())

    def _reply(self, meeting: Meeting, code=status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(meeting).data, status=code)

    @extend_schema(
        summary="Add a meeting",
        request=MeetingCreateSerializer,
        responses={
            201: MeetingSerializer, 400: ERRORS_400, 401: ERROR_401, 403: ERROR_403,
        },
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        given = MeetingCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            meeting = series_service.meeting_add(**given.validated_data)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
        return self._reply(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move or cancel a meeting",
        request=MeetingChangeSerializer,
        responses={
            200: MeetingSerializer, 400: ERRORS_400, 401: ERROR_401, 403: ERROR_403,
            404: ERROR_404,
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
            raise _as_api_error(exc) from exc
        return self._reply(meeting)
