"""Who a series invites: its audience rule resolved into people, as of today."""

from django.db.models import Q
from django.utils import timezone

from partnerships.models import AgencyContact, Body, Membership
from schools.models import GovernorAppointment, Headship, School

from .models import MeetingSeries

# A phase conference's phase -> which open home-LA schools' heads it gathers.
CONFERENCE_PHASES: dict[str, Q] = {
    "Nursery": Q(phase__iexact="Nursery"),
    "Primary": Q(phase__in=["Primary", "Middle deemed primary"]),
    "Secondary": Q(phase__in=["Secondary", "Middle deemed secondary"]),
    "All-through": Q(phase__iexact="All-through"),
    "Post-16": Q(phase__iexact="16 plus"),
    "Special": Q(gias_type__icontains="special") & ~Q(gias_type__icontains="post 16"),
}


def _home_schools():
    return School.objects.in_home_la().open()


def audience_ids(series: MeetingSeries) -> set[int]:
    """Ids of the people a series invites today; the officers running the body always."""
    body: Body = series.body
    people = set(body.run_by.values_list("id", flat=True))
    rule = series.audience
    if rule == MeetingSeries.Audience.MEMBERS:
        members = Membership.objects.current().filter(body=body)
        people |= set(members.exclude(person=None).values_list("person_id", flat=True))
        people |= set(
            Headship.objects.current()
            .filter(school__in=members.exclude(school=None).values("school_id"))
            .values_list("person_id", flat=True)
        )
        today = timezone.localdate()
        people |= set(
            AgencyContact.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today),
                agency__in=members.exclude(agency=None).values("agency_id"),
                starts_on__lte=today,
            ).values_list("person_id", flat=True)
        )
    elif rule == MeetingSeries.Audience.PHASE_HEADS:
        schools = _home_schools().filter(CONFERENCE_PHASES.get(body.phase, Q(pk__in=[])))
        people |= set(
            Headship.objects.current()
            .filter(school__in=schools)
            .values_list("person_id", flat=True)
        )
    else:
        roles = [GovernorAppointment.Role.CHAIR]
        if rule == MeetingSeries.Audience.CHAIRS_AND_VICE_CHAIRS:
            roles.append(GovernorAppointment.Role.VICE_CHAIR)
        people |= set(
            GovernorAppointment.objects.current()
            .filter(school__in=_home_schools(), role__in=roles)
            .values_list("person_id", flat=True)
        )
    return people
