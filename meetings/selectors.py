"""Reads that feed the officers' pages and the API: the diary, a meeting with its
invitations, bodies with their members and series. Each does its own joins and
prefetches, so a page or an API list costs the same queries however long it is."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from council_portal.filters import UpdatedSinceFilter
from partnerships.models import AgencyContact, Body, Membership
from schools.models import Headship

from .models import AcademicYear, Invitation, Meeting, MeetingSeries, Term

LONDON = ZoneInfo("Europe/London")


# --- Meetings -------------------------------------------------------------------


def meeting_list() -> QuerySet[Meeting]:
    """Meetings with what a list shows of each (body, term and year) in the same query."""
    return Meeting.objects.select_related("body", "term__year").order_by("starts_at", "pk")


def with_reply_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting with how many are invited (withdrawn invitations aside) and how
    many have said they will come or will not."""
    current = Q(invitations__withdrawn_at=None)
    return meetings.annotate(
        invited=Count("invitations", filter=current),
        attending=Count(
            "invitations", filter=current & Q(invitations__rsvp=Invitation.Rsvp.ACCEPTED)
        ),
        not_attending=Count(
            "invitations", filter=current & Q(invitations__rsvp=Invitation.Rsvp.DECLINED)
        ),
    )


def meeting_with_invitations(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their series and every invitation (withdrawn ones too, for the
    record), invitees by name."""
    invitations = Invitation.objects.select_related("person").order_by(
        "person__last_name", "person__first_name", "person__email"
    )
    return meetings.select_related("body", "series", "term__year", "pack").prefetch_related(
        Prefetch("invitations", queryset=invitations, to_attr="all_invitations")
    )


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


def reply_tallies(invitations: list[Invitation]) -> list[Tally]:
    """How current invitees replied, every answer listed (zero included)."""
    current = [i for i in invitations if i.withdrawn_at is None]
    return [
        Tally(label, sum(1 for i in current if i.rsvp == value))
        for value, label in Invitation.Rsvp.choices
    ]


def attendance_tallies(invitations: list[Invitation]) -> list[Tally]:
    """Attendance of current invitees, with those not yet recorded."""
    current = [i for i in invitations if i.withdrawn_at is None]
    return [
        *(
            Tally(label, sum(1 for i in current if i.attendance == value))
            for value, label in Invitation.Attendance.choices
        ),
        Tally("Not recorded", sum(1 for i in current if not i.attendance)),
    ]


def _london_midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


class MeetingFilter(django_filters.FilterSet):
    """The diary's and the API's filters over meetings."""

    body = django_filters.ModelMultipleChoiceFilter(
        queryset=Body.objects.all(), label="Body (id; repeat for several)"
    )
    series = django_filters.ModelChoiceFilter(
        queryset=MeetingSeries.objects.all(), label="Meeting series (id)"
    )
    year = django_filters.ModelChoiceFilter(
        field_name="term__year", to_field_name="name", queryset=AcademicYear.objects.all(),
        label="Academic year, like 2026/27",
    )  # fmt: skip
    term = django_filters.ChoiceFilter(
        field_name="term__name", choices=Term.Name.choices, label="Term"
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Meeting.Status.choices, label="Status (repeat for several)"
    )
    # Whole London days compared with the indexed timestamp, not its date, so the
    # index on starts_at serves the range.
    starts_after = django_filters.DateFilter(
        method="filter_starts_after", label="Starting on or after this day (London)"
    )
    starts_before = django_filters.DateFilter(
        method="filter_starts_before", label="Starting before this day (London)"
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Meeting
        fields = [
            "body", "series", "year", "term", "status", "starts_after", "starts_before",
            "updated_since",
        ]  # fmt: skip

    def filter_starts_after(self, queryset, name, value):
        return queryset.filter(starts_at__gte=_london_midnight(value))

    def filter_starts_before(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_london_midnight(value))


def series_list() -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.select_related("body").order_by("body__name", "title", "pk")


# --- Bodies -----------------------------------------------------------------------
# They live here, beside the meetings they feed, until partnerships has reads of its own.


def _count_of(rows: QuerySet, link: str) -> Coalesce:
    """A correlated COUNT(*) of `rows` per body, so several counts don't multiply."""
    counted = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def body_list() -> QuerySet[Body]:
    """Bodies with their number of current members and of series, and who runs them."""
    return (
        Body.objects.annotate(
            member_count=_count_of(Membership.objects.current(), "body"),
            series_count=_count_of(MeetingSeries.objects.all(), "body"),
        )
        .prefetch_related("run_by")
        .order_by("name", "pk")
    )


# Chair first, then members, officers, advisers: the order of Membership.Role.
_ROLE_ORDER = Case(
    *[When(role=role, then=i) for i, role in enumerate(Membership.Role.values)],
    output_field=IntegerField(),
)


def current_members() -> QuerySet[Membership]:
    """Current memberships with the person, school or agency they name; officers'
    pages add who stands behind a school or agency."""
    return (
        Membership.objects.current()
        .select_related("person", "school", "agency")
        .order_by(_ROLE_ORDER, "person__last_name", "school__name", "agency__name", "pk")
    )


def body_with_members(bodies: QuerySet[Body]) -> QuerySet[Body]:
    """Bodies with current members (a school's current head, an agency's current
    contacts), their series and the officers who run them."""
    today = timezone.localdate()
    members = current_members().prefetch_related(
        Prefetch(
            "school__headships",
            queryset=Headship.objects.current().select_related("person"),
            to_attr="current_headships",
        ),
        Prefetch(
            "agency__contacts",
            queryset=AgencyContact.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today
            ).select_related("person"),
            to_attr="current_contacts",
        ),
    )
    return bodies.prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="current_members"),
        Prefetch("series", queryset=MeetingSeries.objects.order_by("title"), to_attr="all_series"),
        "run_by",
    )


def body_for_api(bodies: QuerySet[Body]) -> QuerySet[Body]:
    """Bodies with their current members' names and roles, for the API."""
    return bodies.prefetch_related(
        Prefetch("memberships", queryset=current_members(), to_attr="current_members")
    ).order_by("name", "pk")


@dataclass
class Members:
    people: list[Membership]
    schools: list[Membership]
    agencies: list[Membership]


def members_of(body: Body) -> Members:
    """A body's current members, split as the body page shows them."""
    members = body.current_members
    return Members(
        people=[m for m in members if m.person_id],
        schools=[m for m in members if m.school_id],
        agencies=[m for m in members if m.agency_id],
    )
