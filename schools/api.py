"""Read-only REST endpoints for the register: /api/v1/schools/ and /api/v1/local-authorities/."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission

from accounts import policy

from . import selectors
from .filters import SchoolFilter
from .models import GovernorAppointment, Headship, LocalAuthority, School


class CanViewRegister(BasePermission):
    def has_permission(self, request, view):
        return policy.can_view_register(request.user)


class LocalAuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalAuthority
        fields = ["code", "name"]


class SchoolSerializer(serializers.ModelSerializer):
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


class HeadshipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.get_full_name", read_only=True)

    class Meta:
        model = Headship
        fields = ["name", "kind", "starts_on", "ends_on"]


class GovernorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.get_full_name", read_only=True)

    class Meta:
        model = GovernorAppointment
        fields = ["name", "role", "category", "starts_on", "ends_on"]


class SchoolDetailSerializer(SchoolSerializer):
    """A school with its details and, by name and role only, who leads and governs it."""

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


class LocalAuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LocalAuthority.objects.order_by("code")
    serializer_class = LocalAuthoritySerializer
    permission_classes = [CanViewRegister]
    lookup_field = "code"
    filter_backends: list = []


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools of the register. Filter as on the register page; look up by URN."""

    permission_classes = [CanViewRegister]
    lookup_field = "urn"
    lookup_value_regex = r"\d+"
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = SchoolFilter
    ordering_fields = ["urn", "name", "updated_at", "number_of_pupils"]
    ordering = ["urn"]

    def get_queryset(self):
        if self.action == "retrieve":
            schools = selectors.school_with_people(School.objects)
        else:
            schools = selectors.school_list()
        return policy.schools_visible_to(self.request.user, schools)

    def get_serializer_class(self):
        return SchoolDetailSerializer if self.action == "retrieve" else SchoolSerializer
