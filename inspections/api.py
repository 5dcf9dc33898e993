"""REST endpoints for link inspection, under /api/v1/:

- link-assignments: who is (and was) whose link inspector; read by officers and keys.
  Inspectors are named; their e-mail address only for callers allowed contact details.
- link-visits: read by officers and keys as metadata (date, purpose, focus areas,
  whether shared, action counts) - never the notes or the report, which stay in the
  portal behind its access rules; create with a write key, through
  inspections.visits, whose ValidationErrors come back as a 400 naming the fields.
- support-categorisations: the support level decisions (without their reasons); read.

As the rest of the API: each list pages by cursor (they grow school by school, year
by year) and takes `updated_since`; a detail read answers with an ETag (304 to
If-None-Match).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django_filters.rest_framework import (
    BooleanFilter,
    CharFilter,
    DateFilter,
    FilterSet,
    NumberFilter,
)
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.fields import empty
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts import policy
from accounts.api_keys import ApiClient
from accounts.models import User
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.filters import UpdatedSinceFilter
from council_portal.pagination import KeysetPagination, QueryFilterBackend
from council_portal.serializers import ContactEmailField, EnumField, as_api_error
from schools.models import School

from . import visits
from .models import (
    FocusArea,
    LinkInspectorAssignment,
    LinkVisit,
    SupportCategorisation,
)


class ReadsForOfficersAndKeysWritesWithWriteKey(BasePermission):
    """Officers' sessions and API keys read; recording needs a write key."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return policy.can_view_link_inspection(request.user) or isinstance(
                request.user, ApiClient
            )
        return policy.can_write_via_api(request.user)


def _full_name(person: User | None) -> str | None:
    return (person.get_full_name() or person.email) if person else None


def _with_inspector_name(queryset):
    return queryset.annotate(
        _inspector_name=Concat("inspector__first_name", Value(" "), "inspector__last_name")
    )


# --- Link assignments --------------------------------------------------------------------


class LinkAssignmentSerializer(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school.urn", read_only=True, help_text="URN")
    school_name = serializers.CharField(source="school.name", read_only=True)
    inspector_name = serializers.SerializerMethodField()
    inspector_email = ContactEmailField(person="inspector")
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = LinkInspectorAssignment
        fields = [
            "id", "school", "school_name", "inspector_name", "inspector_email",
            "starts_on", "ends_on", "is_current", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_inspector_name(self, assignment) -> str | None:
        return _full_name(assignment.inspector)

    def get_is_current(self, assignment) -> bool:
        today = timezone.localdate()
        return assignment.starts_on <= today and (
            assignment.ends_on is None or assignment.ends_on >= today
        )


class LinkAssignmentFilter(FilterSet):
    school = NumberFilter(field_name="school__urn", help_text="The school's URN.")
    inspector = CharFilter(
        method="filter_inspector", help_text="Part of the inspector's name (any case)."
    )
    current = BooleanFilter(method="filter_current", help_text="In force today.")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = LinkInspectorAssignment
        fields = ["school", "inspector", "current", "updated_since"]

    def filter_inspector(self, queryset, name, value):
        return _with_inspector_name(queryset).filter(_inspector_name__icontains=value.strip())

    def filter_current(self, queryset, name, value):
        current = LinkInspectorAssignment.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


@extend_schema_view(
    list=extend_schema(
        summary="Link inspector assignments",
        description="Newest first. Filter by school URN, inspector name, current or "
        "`updated_since`. Paged by cursor: follow `next`.",
        responses={200: LinkAssignmentSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="A link inspector assignment",
        responses={200: LinkAssignmentSerializer},
    ),
)
class LinkAssignmentViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Which officer is (or was) link inspector of which school."""

    serializer_class = LinkAssignmentSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [QueryFilterBackend]
    filterset_class = LinkAssignmentFilter
    pagination_class = KeysetPagination

    def get_queryset(self):
        return policy.link_assignments_visible_to(
            self.request.user,
            LinkInspectorAssignment.objects.select_related("school", "inspector").order_by(
                "-starts_on", "-id"
            ),
        )


# --- Link visits -------------------------------------------------------------------------


class LinkVisitSerializer(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school.urn", read_only=True, help_text="URN")
    school_name = serializers.CharField(source="school.name", read_only=True)
    inspector_name = serializers.SerializerMethodField()
    purpose = EnumField(enum_name="LinkVisitPurposeEnum", choices=LinkVisit.Purpose.choices)
    focus_areas = serializers.ListField(
        child=EnumField(enum_name="FocusAreaEnum", choices=FocusArea.choices), read_only=True
    )
    is_shared = serializers.BooleanField(read_only=True)
    has_report = serializers.SerializerMethodField()
    actions_total = serializers.IntegerField(read_only=True)
    actions_open = serializers.IntegerField(read_only=True)
    actions_overdue = serializers.IntegerField(read_only=True)

    class Meta:
        model = LinkVisit
        fields = [
            "id", "school", "school_name", "inspector_name", "visited_on", "purpose",
            "focus_areas", "is_shared", "shared_at", "has_report", "actions_total",
            "actions_open", "actions_overdue", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_inspector_name(self, visit) -> str | None:
        return _full_name(visit.inspector)

    def get_has_report(self, visit) -> bool:
        return bool(visit.report)


class PersonByEmailField(serializers.EmailField):
    """A person named by the e-mail address they sign in with."""

    def run_validation(self, data=empty):
        # Checked as an e-mail address first, then looked up.
        email = super().run_validation(data)
        if not email:
            return None
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise serializers.ValidationError(
                f"No one with the e-mail address {email} has an account."
            )
        return person


class VisitActionWriteSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=visits.DESCRIPTION_MAX)
    owner_email = PersonByEmailField(
        required=False, allow_null=True,
        help_text="A portal user: the school's head, a governor, or an officer.",
    )  # fmt: skip
    owner_name = serializers.CharField(
        max_length=visits.OWNER_NAME_MAX, required=False, allow_blank=True,
        help_text="Or the name of someone without an account.",
    )  # fmt: skip
    due_on = serializers.DateField(required=False, allow_null=True)


class LinkVisitWriteSerializer(serializers.Serializer):
    school = serializers.SlugRelatedField(
        slug_field="urn", queryset=School.objects.all(), help_text="The school's URN."
    )
    inspector_email = PersonByEmailField(help_text="An officer in the link inspector group.")
    visited_on = serializers.DateField()
    purpose = EnumField(enum_name="LinkVisitPurposeEnum", choices=LinkVisit.Purpose.choices)
    focus_areas = serializers.ListField(
        child=EnumField(enum_name="FocusAreaEnum", choices=FocusArea.choices),
        required=False, default=list,
    )  # fmt: skip
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=visits.NOTES_MAX,
        help_text="Kept for officers; never given back by the API.",
    )  # fmt: skip
    actions = VisitActionWriteSerializer(many=True, required=False, default=list)


class LinkVisitFilter(FilterSet):
    school = NumberFilter(field_name="school__urn", help_text="The school's URN.")
    inspector = CharFilter(method="filter_inspector", help_text="Part of the inspector's name.")
    purpose = CharFilter(field_name="purpose")
    shared = BooleanFilter(field_name="shared_at", lookup_expr="isnull", exclude=True)
    visited_from = DateFilter(field_name="visited_on", lookup_expr="gte")
    visited_to = DateFilter(field_name="visited_on", lookup_expr="lte")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = LinkVisit
        fields = [
            "school", "inspector", "purpose", "shared", "visited_from", "visited_to",
            "updated_since",
        ]  # fmt: skip

    def filter_inspector(self, queryset, name, value):
        return _with_inspector_name(queryset).filter(_inspector_name__icontains=value.strip())


def _visit_rows(actor):
    today = timezone.localdate()
    open_ = Q(actions__completed_on__isnull=True)
    return (
        policy.visits_visible_to(actor, LinkVisit.objects.all())
        .select_related("school", "inspector")
        .annotate(
            actions_total=Count("actions"),
            actions_open=Count("actions", filter=open_),
            actions_overdue=Count("actions", filter=open_ & Q(actions__due_on__lt=today)),
        )
        .order_by("-visited_on", "-id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Link visits",
        description="Newest first, as metadata: notes and reports stay in the portal. "
        "Filter by school URN, inspector name, purpose, shared, `updated_since`. Paged "
        "by cursor: follow `next`.",
        responses={200: LinkVisitSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="A link visit",
        responses={200: LinkVisitSerializer},
    ),
    create=extend_schema(
        summary="Record a link visit",
        description="With a write key. The inspector is named by e-mail and must be an "
        "officer in the link inspector group; actions are added with the visit.",
        request=LinkVisitWriteSerializer,
        responses={201: LinkVisitSerializer},
    ),
)
class LinkVisitViewSet(
    ConditionalRetrieveMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    mixins.CreateModelMixin, viewsets.GenericViewSet,
):  # fmt: skip
    """Link inspectors' visits to schools."""

    serializer_class = LinkVisitSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [QueryFilterBackend]
    filterset_class = LinkVisitFilter
    pagination_class = KeysetPagination

    def get_queryset(self):
        return _visit_rows(self.request.user)

    def create(self, request, *args, **kwargs):
        given = LinkVisitWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        specs = [
            visits.ActionSpec(
                description=a["description"],
                owner=a.get("owner_email"),
                owner_name=a.get("owner_name", ""),
                due_on=a.get("due_on"),
            )  # fmt: skip
            for a in data["actions"]
        ]
        try:
            visit = visits.visit_record(
                school=data["school"], inspector=data["inspector_email"],
                visited_on=data["visited_on"], purpose=data["purpose"],
                focus_areas=data["focus_areas"], notes=data["notes"], actions=specs, by=None,
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise as_api_error(_renamed(exc)) from exc
        row = _visit_rows(request.user).get(pk=visit.pk)
        return Response(LinkVisitSerializer(row).data, status=status.HTTP_201_CREATED)


def _renamed(exc: DjangoValidationError) -> DjangoValidationError:
    """The service names the inspector "inspector"; the API calls it inspector_email."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {("inspector_email" if k == "inspector" else k): v for k, v in exc.error_dict.items()}
    return DjangoValidationError(renamed)


# --- Support categorisations ---------------------------------------------------------------


class SupportCategorisationSerializer(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school.urn", read_only=True, help_text="URN")
    school_name = serializers.CharField(source="school.name", read_only=True)
    level = EnumField(enum_name="SupportLevelEnum", choices=SupportCategorisation.Level.choices)
    is_current = serializers.BooleanField(
        read_only=True, help_text="The latest decision for the school: the one in force."
    )

    class Meta:
        model = SupportCategorisation
        fields = [
            "id", "school", "school_name", "level", "decided_on", "review_on", "is_current",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class SupportCategorisationFilter(FilterSet):
    school = NumberFilter(field_name="school__urn", help_text="The school's URN.")
    level = CharFilter(field_name="level")
    current = BooleanFilter(field_name="is_current", help_text="Only decisions in force.")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = SupportCategorisation
        fields = ["school", "level", "current", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary="Support categorisations (schools causing concern)",
        description="Every decision, newest first; `current=true` for those in force. "
        "Reasons stay in the portal. Paged by cursor: follow `next`.",
        responses={200: SupportCategorisationSerializer(many=True)},
    ),  # fmt: skip
    retrieve=extend_schema(
        summary="A support categorisation",
        responses={
            200: SupportCategorisationSerializer,
        },
    ),  # fmt: skip
)
class SupportCategorisationViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """How much support each school needs, decision by decision."""

    serializer_class = SupportCategorisationSerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeysWritesWithWriteKey]
    filter_backends = [QueryFilterBackend]
    filterset_class = SupportCategorisationFilter
    pagination_class = KeysetPagination

    def get_queryset(self):
        newer = SupportCategorisation.objects.filter(
            Q(decided_on__gt=OuterRef("decided_on"))
            | Q(decided_on=OuterRef("decided_on"), id__gt=OuterRef("id")),
            school=OuterRef("school"),
        )
        return policy.support_visible_to(
            self.request.user,
            SupportCategorisation.objects.select_related("school")
            .annotate(is_current=~Exists(newer))
            .order_by("-decided_on", "-id"),
        )
