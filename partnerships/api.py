"""Read-only REST endpoints for /api/v1/agencies/ and /api/v1/bodies/.

A body's members are given by name and role: partner systems need to know who sits
on a body, not how to reach them; a person's e-mail address comes only to a key
allowed contact details. Both lists are short and page by number.
"""

from django.db.models import Exists, OuterRef, Q
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.filters import UpdatedSinceFilter
from council_portal.serializers import ContactEmailField, EnumField
from meetings import selectors
from meetings.api import ReadsForOfficersAndKeys

from .models import Body, Membership, PartnerAgency


class PartnerAgencySerializer(serializers.ModelSerializer):
    kind = EnumField(enum_name="AgencyKindEnum", choices=PartnerAgency.Kind.choices, read_only=True)

    class Meta:
        model = PartnerAgency
        fields = ["id", "name", "kind", "updated_at"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A current member: a person, a school (whose head attends) or an agency (whose
    contacts attend)."""

    member_type = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    email = ContactEmailField(
        help_text="A person member's address; null for schools and "
        "agencies, and unless the key is allowed contact details."
    )
    role = EnumField(
        enum_name="MembershipRoleEnum", choices=Membership.Role.choices, read_only=True
    )
    school_urn = serializers.IntegerField(source="school.urn", allow_null=True, read_only=True)
    agency = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = [
            "member_type", "name", "email", "role", "school_urn", "agency", "starts_on",
            "ends_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_member_type(self, membership: Membership) -> str:
        """`person`, `school` or `agency`."""
        if membership.school_id:
            return "school"
        return "agency" if membership.agency_id else "person"

    def get_name(self, membership: Membership) -> str:
        if membership.school_id:
            return membership.school.name
        if membership.agency_id:
            return membership.agency.name
        return membership.person.get_full_name()


class BodySerializer(serializers.ModelSerializer):
    kind = EnumField(enum_name="BodyKindEnum", choices=Body.Kind.choices, read_only=True)
    members = MemberSerializer(source="current_members", many=True, read_only=True)

    class Meta:
        model = Body
        fields = [
            "id", "name", "kind", "purpose", "topics", "phase", "quorum", "members",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class AgencyFilter(FilterSet):
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = PartnerAgency
        fields = ["kind", "updated_since"]


class BodyFilter(FilterSet):
    updated_since = UpdatedSinceFilter(
        method="filter_updated_since",
        label="The body or its membership changed at or after this time",
    )

    class Meta:
        model = Body
        fields = ["kind", "updated_since"]

    def filter_updated_since(self, queryset, name, value):
        changed_members = Membership.objects.filter(body=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(Q(updated_at__gte=value) | Exists(changed_members))


@extend_schema_view(
    list=extend_schema(summary="Partner agencies"),
    retrieve=extend_schema(summary="A partner agency"),
)
class PartnerAgencyViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """The agencies the council works with beside schools: Police, Probation, Courts…"""

    queryset = PartnerAgency.objects.order_by("name", "pk")
    serializer_class = PartnerAgencySerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AgencyFilter


@extend_schema_view(
    list=extend_schema(summary="Bodies and partnerships"),
    retrieve=extend_schema(summary="A body with its current members"),
)
class BodyViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Standing bodies and partnerships, with their current members by name and role."""

    serializer_class = BodySerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = BodyFilter

    def get_queryset(self):
        # Built per request: "current" members are those of today.
        return selectors.body_for_api(Body.objects.all())
