"""Read-only REST endpoints for the register: /api/v1/schools/ and /api/v1/local-authorities/.

The schools list reads `.values()` rows (no model instances) and pages by cursor; a
school's detail adds who leads and governs it, by name and role, with e-mail
addresses only for callers allowed contact details.
"""

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission

from accounts import policy
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.pagination import KeysetPagination, QueryFilterBackend
from council_portal.serializers import ContactEmailField, ValuesRowsMixin

from . import selectors
from .categories import STATE_FUNDED
from .filters import SchoolFilter
from .models import GovernorAppointment, Headship, LocalAuthority, School


class CanViewRegister(BasePermission):
    def has_permission(self, request, view):
        return policy.can_view_register(request.user)


class LocalAuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalAuthority
        fields = ["code", "name"]


class SchoolSerializer(ValuesRowsMixin, serializers.ModelSerializer):
    la_code = serializers.CharField(source="local_authority.code", read_only=True)
    la_name = serializers.CharField(source="local_authority.name", read_only=True)
    is_state_funded = serializers.BooleanField(read_only=True)

    class Meta:
        model = School
        fields = [
            "urn", "la_code", "la_name", "establishment_number", "name", "category",
            "is_state_funded", "gias_type", "gias_type_group", "phase", "status",
            "postcode", "number_of_pupils", "capacity", "ofsted_rating",
            "ofsted_last_inspected_on", "updated_at",
        ]  # fmt: skip


def school_rows(schools):
    """The list's rows as `.values()`, named as SchoolSerializer names its fields."""
    plain = [f for f in SchoolSerializer.Meta.fields if f not in ("la_code", "la_name")]
    plain.remove("is_state_funded")
    return schools.values(
        "id",
        *plain,
        la_code=F("local_authority__code"),
        la_name=F("local_authority__name"),
        is_state_funded=ExpressionWrapper(
            Q(category__in=STATE_FUNDED), output_field=BooleanField()
        ),
    )


# The list's columns, built once: a fresh copy per call costs less than building the
# expressions again (never evaluated itself, so it holds no rows).
_LIST_ROWS = school_rows(School.objects.all())


class HeadshipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.get_full_name", read_only=True)
    email = ContactEmailField()

    class Meta:
        model = Headship
        fields = ["name", "email", "kind", "starts_on", "ends_on"]


class GovernorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.get_full_name", read_only=True)
    email = ContactEmailField()

    class Meta:
        model = GovernorAppointment
        fields = ["name", "email", "role", "category", "starts_on", "ends_on"]


class SchoolDetailSerializer(SchoolSerializer):
    """A school with its details and, by name and role, who leads and governs it."""

    headteachers = HeadshipSerializer(source="current_headships", many=True, read_only=True)
    governing_body = GovernorSerializer(source="current_governors", many=True, read_only=True)

    class Meta(SchoolSerializer.Meta):
        fields = [
            *SchoolSerializer.Meta.fields,
            "further_education_type", "opened_on", "opening_reason", "closed_on",
            "closing_reason", "statutory_low_age", "statutory_high_age", "gender",
            "religious_character", "street", "locality", "address3", "town", "county",
            "website", "telephone", "trust", "sponsor", "gias_last_changed_on",
            "headteachers", "governing_body",
        ]  # fmt: skip


@extend_schema_view(
    list=extend_schema(summary="Local authorities"),
    retrieve=extend_schema(summary="A local authority"),
)
class LocalAuthorityViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Local authorities by code (a short list: page numbers)."""

    queryset = LocalAuthority.objects.order_by("code")
    serializer_class = LocalAuthoritySerializer
    permission_classes = [CanViewRegister]
    lookup_field = "code"
    filter_backends: list = []


@extend_schema_view(
    list=extend_schema(
        summary="Schools",
        description="Filter as on the register page; `updated_since` for incremental "
        "sync. Paged by cursor: follow `next`.",
    ),
    retrieve=extend_schema(
        summary="A school",
        description="With its current headteachers and governing body by name and role; "
        "`email` is null unless the key is allowed contact details.",
    ),
)
class SchoolViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Schools of the register, looked up by URN."""

    permission_classes = [CanViewRegister]
    lookup_field = "urn"
    lookup_value_regex = r"[0-9]+"
    filter_backends = [QueryFilterBackend, OrderingFilter]
    filterset_class = SchoolFilter
    ordering_fields = ["urn", "name", "updated_at"]
    ordering = ["urn"]
    pagination_class = KeysetPagination

    def get_queryset(self):
        if self.action == "retrieve":
            schools = selectors.school_with_people(School.objects)
        elif self.action == "list":
            schools = _LIST_ROWS.all()
        else:
            schools = selectors.school_list()
        return policy.schools_visible_to(self.request.user, schools)

    def get_serializer_class(self):
        return SchoolDetailSerializer if self.action == "retrieve" else SchoolSerializer
