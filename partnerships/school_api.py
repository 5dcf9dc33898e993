"""A school's council contacts and engagement in the REST API:
GET /api/v1/schools/{urn}/contacts/ and GET /api/v1/schools/{urn}/engagement/.

Read-only, for officers' sessions and API keys. A contact's e-mail address is
null unless the caller may read contact details (accounts.policy).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts import policy
from meetings.api import EnumField
from schools.models import School

from . import contacts, engagement
from .models import ContactResponsibility, Membership


class CanViewSchoolEngagement(BasePermission):
    def has_permission(self, request, view):
        return policy.can_view_engagement(request.user)


class ContactSerializer(serializers.Serializer):
    responsibility = EnumField(
        enum_name="ContactResponsibilityEnum", choices=ContactResponsibility.choices,
        read_only=True,
    )  # fmt: skip
    responsibility_label = serializers.CharField(source="label", read_only=True)
    name = serializers.CharField(read_only=True)
    job_title = serializers.CharField(
        read_only=True, help_text="Title of the officer's current post; empty if none recorded."
    )
    email = serializers.SerializerMethodField(
        help_text="null unless the caller may read contact details."
    )

    def get_email(self, contact) -> str | None:
        request = self.context.get("request")
        allowed = request is not None and policy.can_read_contact_details(request.user)
        return contact.officer.email if allowed else None


class SchoolContactsSerializer(serializers.Serializer):
    urn = serializers.IntegerField(read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)


class AttendanceFiguresSerializer(serializers.Serializer):
    invited = serializers.IntegerField(read_only=True)
    attended = serializers.IntegerField(read_only=True, help_text="Present, or sent a substitute.")
    apologies = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)
    not_recorded = serializers.IntegerField(read_only=True)
    rate = serializers.FloatField(
        read_only=True, allow_null=True, help_text="attended / invited; null if not invited."
    )


class MembershipSerializer(serializers.ModelSerializer):
    body = serializers.IntegerField(source="body_id", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    role = EnumField(
        enum_name="MembershipRoleEnum", choices=Membership.Role.choices, read_only=True
    )

    class Meta:
        model = Membership
        fields = ["body", "body_name", "role", "starts_on", "ends_on"]
        read_only_fields = fields


class RepresentativeSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.get_full_name", read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)


class SchoolEngagementSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    last_12_months_from = serializers.DateField(read_only=True)
    previous_12_months_from = serializers.DateField(read_only=True)
    representatives = RepresentativeSerializer(source="people", many=True, read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)
    last_12_months = AttendanceFiguresSerializer(source="last", read_only=True)
    previous_12_months = AttendanceFiguresSerializer(source="previous", read_only=True)
    rate_change_points = serializers.FloatField(
        source="change_in_points", read_only=True, allow_null=True,
        help_text="Last rate minus previous rate in percentage points; null unless "
        "invited in both periods.",
    )  # fmt: skip
    link_visits_last_12_months = serializers.IntegerField(source="visits_last", read_only=True)
    link_visits_previous_12_months = serializers.IntegerField(
        source="visits_previous", read_only=True
    )
    last_link_visit_on = serializers.DateField(
        source="last_visit_on", read_only=True, allow_null=True
    )
    open_meeting_actions = serializers.IntegerField(read_only=True)
    open_visit_actions = serializers.IntegerField(read_only=True)


class _SchoolView(GenericAPIView):
    permission_classes = [CanViewSchoolEngagement]
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return School.objects.all()

    def school(self, urn: int) -> School:
        return get_object_or_404(School.objects.select_related("local_authority"), urn=urn)


class SchoolContactsView(_SchoolView):
    """The school's named council contacts, one per responsibility."""

    serializer_class = SchoolContactsSerializer

    @extend_schema(
        summary="A school's council contacts",
        description="The officer the school contacts for each responsibility: its own "
        "contact if it has one, else the most specific rule; the link inspector from its "
        "current assignment. `email` is null unless the key is allowed contact details.",
        tags=["schools"],
    )
    def get(self, request, urn: int):
        school = self.school(urn)
        data = {"urn": school.urn, "contacts": contacts.contacts_for_school(school)}
        return Response(self.get_serializer(data).data)


class SchoolEngagementView(_SchoolView):
    """How the school takes part: memberships, attendance, link visits, open actions."""

    serializer_class = SchoolEngagementSerializer

    @extend_schema(
        summary="A school's engagement",
        description="Current memberships of bodies; meeting attendance of the current "
        "head(s) and chair of governors over the last 12 months and the 12 before "
        "(meetings that took place and were not cancelled; invitations not withdrawn); "
        "link visits; open actions.",
        tags=["schools"],
    )
    def get(self, request, urn: int):
        school = self.school(urn)
        windows = engagement.Windows.as_of()
        figures = engagement.engagement_for_school(school, now=windows.now)
        figures.last_12_months_from = windows.last_from
        figures.previous_12_months_from = windows.previous_from
        return Response(self.get_serializer(figures).data)
