"""Who a series invites: its audience rule resolved into people, as of today."""

from django.db.models import Q

from accounts.models import User
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
    """Ids of the people a series invites today; the officers running the body always.
    A deactivated person is never in an audience, whatever roles they still hold."""
    people = {person.pk for person in series.body.run_by.all()} | _rule_ids(series)
    return people - _inactive_ids()


def _inactive_ids() -> set[int]:
    return set(User.objects.filter(is_active=False).values_list("id", flat=True))


def _rule_ids(series: MeetingSeries) -> set[int]:
    """The people the series' audience rule names, without the body's officers."""
    body: Body = series.body
    people: set[int] = set()
    rule = series.audience
    if rule == MeetingSeries.Audience.MEMBERS:
        members = Membership.objects.current().filter(body=body)
        people |= set(members.exclude(person=None).values_list("person_id", flat=True))
        people |= set(
            Headship.objects.current()
            .filter(school__in=members.exclude(school=None).values("school_id"))
            .values_list("person_id", flat=True)
        )
        people |= set(
            AgencyContact.objects.current()
            .filter(agency__in=members.exclude(agency=None).values("agency_id"))
            .values_list("person_id", flat=True)
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


class AudienceCache:
    """Audiences for one scheduling run. A rule shared by many series (every phase
    conference's heads, all chairs) is resolved once, and the members of every
    body are read in three queries rather than three per body."""

    def __init__(self):
        self._ids: dict[tuple, set[int]] = {}
        self._members: dict[int, set[int]] | None = None
        self._inactive = _inactive_ids()

    def ids(self, series: MeetingSeries) -> set[int]:
        body = series.body
        officers = {person.pk for person in body.run_by.all()}
        if series.audience == MeetingSeries.Audience.MEMBERS:
            people = officers | self._members_of_every_body().get(body.pk, set())
        else:
            key = (series.audience, body.phase)
            if key not in self._ids:
                self._ids[key] = _rule_ids(series)
            people = officers | self._ids[key]
        return people - self._inactive

    def _members_of_every_body(self) -> dict[int, set[int]]:
        if self._members is None:
            rows = list(
                Membership.objects.current().values_list(
                    "body_id", "person_id", "school_id", "agency_id"
                )
            )
            heads: dict[int, set[int]] = {}
            for school_id, person_id in (
                Headship.objects.current()
                .filter(school_id__in={school for _, _, school, _ in rows if school})
                .values_list("school_id", "person_id")
            ):
                heads.setdefault(school_id, set()).add(person_id)
            contacts: dict[int, set[int]] = {}
            for agency_id, person_id in (
                AgencyContact.objects.current()
                .filter(agency_id__in={agency for _, _, _, agency in rows if agency})
                .values_list("agency_id", "person_id")
            ):
                contacts.setdefault(agency_id, set()).add(person_id)
            members: dict[int, set[int]] = {}
            for body_id, person_id, school_id, agency_id in rows:
                people = members.setdefault(body_id, set())
                if person_id:
                    people.add(person_id)
                people |= heads.get(school_id, set()) | contacts.get(agency_id, set())
            self._members = members
        return self._members
