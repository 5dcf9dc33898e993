"""REST endpoints for the business of meetings, under /api/v1/:

- agenda-items: read (officers and keys); add, change, move and remove with a write key
- decisions: read
- actions: read; add and mark done with a write key
- attendance: each invitation's attendance; read, and record with a write key
- papers: metadata only (never a file's bytes), as accounts.policy.papers_visible_to
  allows: a read key sees the public papers only

Reads narrow to what accounts.policy lets the caller see; writes go through
meetings.business, whose ValidationErrors come back as a 400 naming the fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django_filters.rest_framework import (
    DateFilter,
    DjangoFilterBackend,
    FilterSet,
    NumberFilter,
)
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.fields import empty
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts import policy
from accounts.models import User
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.filters import UpdatedSinceFilter
from council_portal.pagination import KeysetPagination
from council_portal.serializers import ContactEmailField, EnumField, as_api_error

from . import business
from .models import Action, AgendaItem, Decision, Invitation, Meeting, Paper, PaperVersion


class ReadsForOfficersAndKeysWritesWithWriteKey(BasePermission):
    """Officers' sessions and API keys read; changing needs a write key."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return policy.can_view_partnerships(request.user)
        return policy.can_write_meetings_via_api(request.user)


def _visible_meetings(request):
    return policy.meetings_visible_to(request.user, Meeting.objects.all())


class OwnerEmailField(serializers.EmailField):
    """An owner named by the e-mail address they sign in with."""

    def run_validation(self, data=empty):
        # The address is checked as an e-mail address first, then looked up.
        email = super().run_validation(data)
        if not email:
            return None
        try:
            return business.person_by_email(email=email)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["owner"]) from exc


def _owner_name(person: User | None) -> str | None:
    # A name only: an address is a contact detail (see the *_email fields).
    return (person.get_full_name() or None) if person else None


def updated_since() -> UpdatedSinceFilter:
    return UpdatedSinceFilter()


# --- Agenda items ---------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    purpose = EnumField(enum_name="AgendaPurposeEnum", choices=AgendaItem.Purpose.choices)
    owner_name = serializers.SerializerMethodField()
    owner_email = ContactEmailField(person="owner")
    minute_status = EnumField(
        enum_name="MinuteStatusEnum",
        choices=[c for c in AgendaItem.MinuteStatus.choices if c[0]],
        allow_null=True, read_only=True,
    )  # fmt: skip
    minute = serializers.SerializerMethodField(
        help_text="The minute once approved; null while it is a draft or not taken."
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id", "meeting", "position", "title", "purpose", "presenter", "owner_name",
            "owner_email", "minutes_allotted", "is_standing", "minute_status", "minute",
            "minute_approved_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, item) -> str | None:
        return _owner_name(item.owner)

    def get_minute(self, item) -> str | None:
        # A draft is not yet the record; systems outside get the approved text only.
        return item.minute if item.minute_status == AgendaItem.MinuteStatus.APPROVED else None


class AgendaItemWriteSerializer(serializers.Serializer):
    """An item to add (meeting and title required) or the fields to change. A new item
    goes at `position` (default: the end); later items move down one."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False)
    title = serializers.CharField(max_length=business.TITLE_MAX, required=False)
    purpose = EnumField(
        enum_name="AgendaPurposeEnum", choices=AgendaItem.Purpose.choices, required=False
    )
    presenter = serializers.CharField(
        max_length=business.PRESENTER_MAX, required=False, allow_blank=True
    )
    owner_email = OwnerEmailField(
        required=False, allow_null=True, help_text="Who prepares the item; null for nobody."
    )
    minutes_allotted = serializers.IntegerField(
        min_value=1, max_value=business.MINUTES_ALLOTTED_MAX, required=False, allow_null=True
    )
    position = serializers.IntegerField(min_value=1, required=False)


class AgendaItemFilter(FilterSet):
    meeting = NumberFilter(field_name="meeting_id")
    updated_since = updated_since()

    class Meta:
        model = AgendaItem
        fields = ["meeting", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Agenda items",
        description="In meeting and position order. Filter by meeting.",
    ),
    retrieve=extend_schema(
        summary="An agenda item",
    ),
    create=extend_schema(
        summary="Add an agenda item",
        request=AgendaItemWriteSerializer,
        responses={
            201: AgendaItemSerializer,
        },
    ),  # fmt: skip
    partial_update=extend_schema(
        summary="Change or move an agenda item",
        request=AgendaItemWriteSerializer,
        responses={
            200: AgendaItemSerializer,
        },
    ),  # fmt: skip
    destroy=extend_schema(
        summary="Remove an agenda item",
        description="Later items move up one. An item with a decision or an approved "
        "minute stays (400).",
        responses={
            204: None,
        },
    ),  # fmt: skip
)
class AgendaItemViewSet(
    ConditionalRetrieveMixin,
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Meetings' agendas, item by item."""

    serializer_class = AgendaItemSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    filterset_class = AgendaItemFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            AgendaItem.objects.filter(meeting__in=_visible_meetings(self.request))
            .select_related("owner")
            .order_by("meeting", "position")
        )

    def _reply(self, item: AgendaItem, code=status.HTTP_200_OK) -> Response:
        return Response(AgendaItemSerializer(self.get_queryset().get(pk=item.pk)).data, code)

    def create(self, request, *args, **kwargs):
        given = AgendaItemWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        missing = {
            name: ["This field is required."] for name in ("meeting", "title") if name not in data
        }
        if missing:
            raise serializers.ValidationError(missing)
        try:
            item = business.agenda_item_add(
                meeting=data["meeting"], title=data["title"],
                purpose=data.get("purpose", AgendaItem.Purpose.INFORMATION),
                presenter=data.get("presenter", ""), owner=data.get("owner_email"),
                minutes_allotted=data.get("minutes_allotted"), position=data.get("position"),
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return self._reply(item, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        given = AgendaItemWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        if "meeting" in data and data["meeting"].pk != item.meeting_id:
            raise serializers.ValidationError(
                {"meeting": ["An item cannot move to another meeting; add it there instead."]}
            )
        try:
            if set(data) - {"meeting", "position"}:
                item = business.agenda_item_update(
                    item=item, title=data.get("title", item.title),
                    purpose=data.get("purpose", item.purpose),
                    presenter=data.get("presenter", item.presenter),
                    owner=data.get("owner_email", item.owner),
                    minutes_allotted=data.get("minutes_allotted", item.minutes_allotted),
                )  # fmt: skip
            if "position" in data:
                item = business.agenda_item_move(item=item, position=data["position"])
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return self._reply(item)

    def destroy(self, request, *args, **kwargs):
        try:
            business.agenda_item_remove(item=self.get_object())
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Decisions ------------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    resolution = serializers.CharField(read_only=True, help_text='The text after "RESOLVED".')

    class Meta:
        model = Decision
        fields = [
            "id", "meeting", "agenda_item", "resolution", "other_options", "reasons",
            "decided_by", "decided_on", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionFilter(FilterSet):
    meeting = NumberFilter(field_name="agenda_item__meeting_id")
    decided_after = DateFilter(
        field_name="decided_on", lookup_expr="gte", label="Decided on or after this day"
    )
    decided_before = DateFilter(
        field_name="decided_on", lookup_expr="lt", label="Decided before this day"
    )
    updated_since = updated_since()

    class Meta:
        model = Decision
        fields = ["meeting", "agenda_item", "decided_after", "decided_before", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Decisions",
        description="Filter by meeting or agenda item.",
    ),
    retrieve=extend_schema(
        summary="A decision",
    ),
)
class DecisionViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions recorded on agenda items: RESOLVED, other options, reasons."""

    serializer_class = DecisionSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    filterset_class = DecisionFilter

    def get_queryset(self):
        return (
            Decision.objects.filter(agenda_item__meeting__in=_visible_meetings(self.request))
            .select_related("agenda_item")
            .order_by("decided_on", "pk")
        )


# --- Actions --------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    owner_email = ContactEmailField(person="owner")
    status = EnumField(enum_name="ActionStatusEnum", choices=Action.Status.choices)

    class Meta:
        model = Action
        fields = [
            "id", "meeting", "agenda_item", "description", "owner_name", "owner_email", "due_on",
            "status", "done_on", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, action) -> str | None:
        return _owner_name(action.owner)


class ActionCreateSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    agenda_item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.all(), required=False, allow_null=True
    )
    description = serializers.CharField()
    owner_email = OwnerEmailField(help_text="The owner's sign-in e-mail address.")
    due_on = serializers.DateField()


class ActionDoneSerializer(serializers.Serializer):
    status = EnumField(
        enum_name="ActionDoneEnum",
        choices=[(Action.Status.DONE.value, Action.Status.DONE.label)],
        help_text="Only `done`: an action is marked done, not reopened.",
    )
    done_on = serializers.DateField(required=False, help_text="Defaults to today.")


class ActionFilter(FilterSet):
    due_after = DateFilter(field_name="due_on", lookup_expr="gte", label="Due on or after this day")
    due_before = DateFilter(field_name="due_on", lookup_expr="lt", label="Due before this day")
    updated_since = updated_since()

    class Meta:
        model = Action
        fields = ["meeting", "status", "due_after", "due_before", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Actions",
        description="By due date. Filter by meeting and status.",
    ),
    retrieve=extend_schema(
        summary="An action",
    ),
    create=extend_schema(
        summary="Add an action",
        request=ActionCreateSerializer,
        responses={
            201: ActionSerializer,
        },
    ),
    partial_update=extend_schema(
        summary="Mark an action done",
        request=ActionDoneSerializer,
        responses={
            200: ActionSerializer,
        },
    ),  # fmt: skip
)
class ActionViewSet(
    ConditionalRetrieveMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Actions agreed at meetings, carried into "matters arising" until done."""

    serializer_class = ActionSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    filterset_class = ActionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Action.objects.filter(meeting__in=_visible_meetings(self.request))
            .select_related("owner")
            .order_by("due_on", "pk")
        )

    def _reply(self, action: Action, code=status.HTTP_200_OK) -> Response:
        return Response(ActionSerializer(self.get_queryset().get(pk=action.pk)).data, code)

    def create(self, request, *args, **kwargs):
        given = ActionCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            action = business.action_add(
                meeting=data["meeting"], description=data["description"],
                owner=data["owner_email"], due_on=data["due_on"],
                agenda_item=data.get("agenda_item"),
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return self._reply(action, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        given = ActionDoneSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        action = business.action_complete(action=action, on=given.validated_data.get("done_on"))
        return self._reply(action)


# --- Attendance -----------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField()
    person_email = ContactEmailField()
    attendance = EnumField(
        enum_name="AttendanceEnum", choices=Invitation.Attendance.choices, allow_null=True,
        help_text="null until recorded.",
    )  # fmt: skip

    class Meta:
        model = Invitation
        fields = [
            "id",
            "meeting",
            "person",
            "person_name",
            "person_email",
            "attendance",
            "updated_at",
        ]
        read_only_fields = fields

    def get_person_name(self, invitation) -> str | None:
        return _owner_name(invitation.person)


class AttendanceChangeSerializer(serializers.Serializer):
    attendance = EnumField(
        enum_name="AttendanceEnum", choices=Invitation.Attendance.choices, allow_null=True,
        help_text="null clears it.",
    )  # fmt: skip


class AttendanceFilter(FilterSet):
    updated_since = updated_since()

    class Meta:
        model = Invitation
        fields = ["meeting", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Attendance",
        description="One row per current invitee of each meeting (id is the invitation's). "
        "Filter by meeting.",
    ),
    retrieve=extend_schema(
        summary="An invitee's attendance",
    ),
    partial_update=extend_schema(
        summary="Record an invitee's attendance",
        request=AttendanceChangeSerializer,
        responses={
            200: AttendanceSerializer,
        },
    ),  # fmt: skip
)
class AttendanceViewSet(
    ConditionalRetrieveMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Who came to each meeting: present, apologies, absent or sent a substitute."""

    serializer_class = AttendanceSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    filterset_class = AttendanceFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Invitation.objects.filter(
                meeting__in=_visible_meetings(self.request), withdrawn_at=None
            )
            .select_related("person", "meeting")
            .order_by("meeting", "pk")
        )

    def partial_update(self, request, *args, **kwargs):
        invitation = self.get_object()
        given = AttendanceChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            invitation = business.attendance_record(
                meeting=invitation.meeting, person=invitation.person,
                attendance=given.validated_data["attendance"] or "",
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(AttendanceSerializer(self.get_queryset().get(pk=invitation.pk)).data)


# --- Papers (metadata) ----------------------------------------------------------------


class PaperSerializer(serializers.ModelSerializer):
    """A paper's metadata and its current version's; the file is downloaded only through
    the portal's download page, which checks access again."""

    access = EnumField(enum_name="PaperAccessEnum", choices=Paper.Access.choices)
    version = serializers.SerializerMethodField()
    file_name = serializers.SerializerMethodField()
    content_type = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()
    page_count = serializers.SerializerMethodField()

    class Meta:
        model = Paper
        fields = [
            "id", "meeting", "agenda_item", "title", "access", "version", "file_name",
            "content_type", "size", "sha256", "page_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @staticmethod
    def _current(paper) -> PaperVersion | None:
        return paper.current[0] if paper.current else None

    def _of_current(self, paper, name):
        current = self._current(paper)
        return getattr(current, name) if current else None

    def get_version(self, paper) -> int | None:
        return self._of_current(paper, "number")

    def get_file_name(self, paper) -> str | None:
        return self._of_current(paper, "original_name")

    def get_content_type(self, paper) -> str | None:
        return self._of_current(paper, "content_type")

    def get_size(self, paper) -> int | None:
        return self._of_current(paper, "size")

    def get_sha256(self, paper) -> str | None:
        return self._of_current(paper, "sha256")

    def get_page_count(self, paper) -> int | None:
        return self._of_current(paper, "page_count")


class PaperFilter(FilterSet):
    updated_since = updated_since()

    class Meta:
        model = Paper
        fields = ["meeting", "agenda_item", "access", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Papers",
        description="Metadata of the papers the caller may open (a key: public papers). "
        "Filter by meeting, agenda item and access.",
    ),
    retrieve=extend_schema(
        summary="A paper",
    ),
)
class PaperViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Papers of meetings: metadata only, never the file."""

    serializer_class = PaperSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    filterset_class = PaperFilter

    def get_queryset(self):
        latest = PaperVersion.objects.filter(paper=OuterRef("paper")).order_by("-number")
        current = PaperVersion.objects.filter(pk=Subquery(latest.values("pk")[:1])).defer("text")
        return (
            policy.papers_visible_to(self.request.user, Paper.objects.all())
            .prefetch_related(Prefetch("versions", queryset=current, to_attr="current"))
            .order_by("meeting", "pk")
        )
