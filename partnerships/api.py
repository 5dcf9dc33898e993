"""Read-only REST endpoints for /api/v1/agencies/ and /api/v1/bodies/.

A body's members are given by name and role only: partner systems need to know
who sits on a body, not how to reach them.
"""

from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from meetings import selectors
from meetings.api import EnumField, ReadsForOfficersAndKeys

from .models import Body, Membership, PartnerAgency


class PartnerAgencySerializer(serializers.ModelSerializer):
    kind = EnumField(enum_name="AgencyKindEnum", choices=PartnerAgency.Kind.choices, read_only=True)

    class Meta:
        model = PartnerAgency
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A current member: a person, a school (whose head attends) or an agency (whose
    contacts attend)."""

    member_type = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    role = EnumField(
        enum_name="MembershipRoleEnum", choices=Membership.Role.choices, read_only=True
    )
    school_urn = serializers.IntegerField(source="school.urn", allow_null=True, read_only=True)
    agency = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["member_type", "name", "role", "school_urn", "agency", "starts_on", "ends_on"]
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
        fields = ["id", "name", "kind", "purpose", "topics", "phase", "quorum", "members"]
        read_only_fields = fields


class AgencyFilter(FilterSet):
    class Meta:
        model = PartnerAgency
        fields = ["kind"]


class BodyFilter(FilterSet):
    class Meta:
        model = Body
        fields = ["kind"]


class PartnerAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """The agencies the council works with beside schools: Police, Probation, Courts…"""

    queryset = PartnerAgency.objects.order_by("name", "pk")
    serializer_class = PartnerAgencySerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AgencyFilter


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    """Standing bodies and partnerships, with their current members by name and role."""

    serializer_class = BodySerializer
    permission_classes = [IsAuthenticated, ReadsForOfficersAndKeys]
    filter_backends = [DjangoFilterBackend]
    filterset_class = BodyFilter

    def get_queryset(self):
        # Built per request: "current" members are those of today.
        return selectors.body_for_api(Body.objects.all())
