"""How a school takes part in the council's partnership work: the bodies it belongs
to, whether its head and chair of governors come to the meetings they are invited
to, its link visits and the actions it has open.

Who speaks for a school: its current head(s) (Headship) and its current chair of
governors (GovernorAppointment with role chair). Their invitations are counted for
the school. A person who heads two schools (an executive head of a federation)
counts in full for each: the record is theirs, and each school is represented by
them. A person who is both head and chair of one school is counted once.

The windows, as of a moment `now` (London):
- "last 12 months": meetings starting from midnight of the same day one year ago,
  up to `now`;
- "previous 12 months": the year before that, from midnight two years ago up to
  (not including) the start of the last window.
A meeting counts once it has started (it has taken place) and if it was not
cancelled; an invitation counts if it was not withdrawn. Attended means present
or sent a substitute. The attendance rate is attended / invited; invitations with
no attendance recorded count as invited and not attended.

Every figure for any number of schools is a fixed number of queries: the people
(two), their invitations aggregated per person with conditional counts (one),
memberships, visits, meeting actions and visit actions (one each).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from meetings.models import Action, Invitation, Meeting
from schools.models import GovernorAppointment, Headship, School

from .models import Membership

LONDON = ZoneInfo("Europe/London")
ATTENDED = [Invitation.Attendance.PRESENT, Invitation.Attendance.SUBSTITUTE]


@dataclass(frozen=True)
class Windows:
    """The two 12-month windows the figures compare, as of `now`."""

    now: datetime
    last_from: date  # first day of the last 12 months
    previous_from: date  # first day of the 12 months before

    @classmethod
    def as_of(cls, now: datetime | None = None) -> "Windows":
        now = now or timezone.now()
        today = timezone.localdate(now, timezone=LONDON)
        return cls(now, today - relativedelta(years=1), today - relativedelta(years=2))

    @property
    def today(self) -> date:
        return timezone.localdate(self.now, timezone=LONDON)

    @property
    def last_starts_at(self) -> datetime:
        return datetime.combine(self.last_from, time.min, tzinfo=LONDON)

    @property
    def previous_starts_at(self) -> datetime:
        return datetime.combine(self.previous_from, time.min, tzinfo=LONDON)


@dataclass
class Attendance:
    """Invitations of a school's head(s) and chair over one window."""

    invited: int = 0
    attended: int = 0
    apologies: int = 0
    absent: int = 0

    def __add__(self, other: "Attendance") -> "Attendance":
        return Attendance(
            self.invited + other.invited,
            self.attended + other.attended,
            self.apologies + other.apologies,
            self.absent + other.absent,
        )

    @property
    def not_recorded(self) -> int:
        return self.invited - self.attended - self.apologies - self.absent

    @property
    def rate(self) -> float | None:
        """Attended / invited, or None with no invitations."""
        return self.attended / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)


@dataclass
class Representative:
    person: User
    roles: list[str] = field(default_factory=list)


@dataclass
class SchoolAttendance:
    school: School
    people: list[Representative]
    last: Attendance
    previous: Attendance

    @property
    def periods(self) -> list[tuple[str, Attendance]]:
        return [("The 12 months before", self.previous), ("The last 12 months", self.last)]

    @property
    def change_in_points(self) -> float | None:
        """Last rate minus previous rate, in percentage points (negative: it fell)."""
        return change_in_points(self.last, self.previous)

    @property
    def fell(self) -> bool:
        return fell(self.last, self.previous)


def change_in_points(last: Attendance, previous: Attendance) -> float | None:
    """The last window's rate minus the previous one's, in percentage points."""
    if last.rate is None or previous.rate is None:
        return None
    return round(100 * (last.rate - previous.rate), 1)


def fell(last: Attendance, previous: Attendance) -> bool:
    """Invited in both windows, and a lower rate in the last than in the previous."""
    change = change_in_points(last, previous)
    return change is not None and change < 0


@dataclass
class SchoolEngagement(SchoolAttendance):
    memberships: list[Membership] = field(default_factory=list)
    visits_last: int = 0
    visits_previous: int = 0
    last_visit_on: date | None = None
    open_meeting_actions: int = 0
    open_visit_actions: int = 0

    @property
    def open_actions(self) -> int:
        return self.open_meeting_actions + self.open_visit_actions


def _school_filter(schools, field_name: str = "school") -> Q:
    if isinstance(schools, QuerySet):
        # A sliced queryset keeps its order (the slice depends on it).
        rows = schools if schools.query.is_sliced else schools.order_by()
        return Q(**{f"{field_name}__in": rows.values("pk")})
    return Q(**{f"{field_name}_id__in": [s.pk for s in schools]})


def _representatives(schools, on: date) -> tuple[dict[int, dict[int, Representative]], list]:
    """Current heads and chairs by school, and the querysets naming them (for subqueries)."""
    heads = Headship.objects.current(on).filter(_school_filter(schools))
    chairs = GovernorAppointment.objects.current(on).filter(
        _school_filter(schools), role=GovernorAppointment.Role.CHAIR
    )
    people: dict[int, dict[int, Representative]] = defaultdict(dict)
    for rows, role in ((heads, "Headteacher"), (chairs, "Chair of governors")):
        for row in rows.select_related("person").order_by("school_id", "person__last_name", "pk"):
            rep = people[row.school_id].setdefault(row.person_id, Representative(row.person))
            if role not in rep.roles:
                rep.roles.append(role)
    return people, [heads.values("person_id"), chairs.values("person_id")]


def _attendance_by_person(person_sets: list, windows: Windows) -> dict[int, tuple]:
    """(last, previous) Attendance per person, in one aggregate query."""
    last = Q(meeting__starts_at__gte=windows.last_starts_at)
    previous = Q(meeting__starts_at__lt=windows.last_starts_at)
    came = Q(attendance__in=ATTENDED)
    apologies = Q(attendance=Invitation.Attendance.APOLOGIES)
    absent = Q(attendance=Invitation.Attendance.ABSENT)
    whose = Q()
    for people in person_sets:
        whose |= Q(person__in=people)
    rows = (
        Invitation.objects.filter(
            whose,
            withdrawn_at=None,
            meeting__starts_at__gte=windows.previous_starts_at,
            meeting__starts_at__lt=windows.now,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .order_by()
        .values("person_id")
        .annotate(
            invited_last=Count("pk", filter=last),
            attended_last=Count("pk", filter=last & came),
            apologies_last=Count("pk", filter=last & apologies),
            absent_last=Count("pk", filter=last & absent),
            invited_previous=Count("pk", filter=previous),
            attended_previous=Count("pk", filter=previous & came),
            apologies_previous=Count("pk", filter=previous & apologies),
            absent_previous=Count("pk", filter=previous & absent),
        )
    )
    return {
        row["person_id"]: (
            Attendance(
                row["invited_last"],
                row["attended_last"],
                row["apologies_last"],
                row["absent_last"],
            ),
            Attendance(
                row["invited_previous"],
                row["attended_previous"],
                row["apologies_previous"],
                row["absent_previous"],
            ),
        )  # fmt: skip
        for row in rows
    }


def attendance_for_schools(
    schools: QuerySet[School] | Sequence[School], *, now: datetime | None = None
) -> dict[int, SchoolAttendance]:
    """Attendance of each school's head(s) and chair over both windows (three queries
    plus the schools themselves when given a queryset)."""
    windows = Windows.as_of(now)
    people, person_sets = _representatives(schools, windows.today)
    totals = _school_totals(people, _attendance_by_person(person_sets, windows))
    return {school.pk: _attendance_of(school, people, totals) for school in _iterate(schools)}


def _iterate(schools):
    if isinstance(schools, QuerySet):
        return schools.iterator(chunk_size=2000)
    return schools


def _school_totals(
    people: dict[int, dict[int, Representative]], by_person: dict[int, tuple]
) -> dict[int, tuple[Attendance, Attendance]]:
    """(last, previous) Attendance of each school that has a representative: the sum of
    its people's (a person heading two schools counts in full for each)."""
    totals = {}
    for school_id, reps in people.items():
        last, previous = Attendance(), Attendance()
        for person_id in reps:
            if person_id in by_person:
                person_last, person_previous = by_person[person_id]
                last, previous = last + person_last, previous + person_previous
        totals[school_id] = (last, previous)
    return totals


def _attendance_of(school, people, totals, cls=SchoolAttendance, **extra):
    reps = people.get(school.pk)
    if reps is None:
        return cls(school, [], Attendance(), Attendance(), **extra)
    return cls(school, list(reps.values()), *totals[school.pk], **extra)


def engagement_for_schools(
    schools: QuerySet[School] | Sequence[School], *, now: datetime | None = None
) -> dict[int, SchoolEngagement]:
    """Everything the Engagement section shows, for each school: seven queries plus
    the schools themselves when given a queryset."""
    from inspections.models import LinkVisit, VisitAction

    windows = Windows.as_of(now)
    today = windows.today
    people, person_sets = _representatives(schools, today)
    totals = _school_totals(people, _attendance_by_person(person_sets, windows))

    memberships: dict[int, list[Membership]] = defaultdict(list)
    for membership in (
        Membership.objects.current(today)
        .filter(_school_filter(schools))
        .select_related("body")
        .order_by("body__name", "pk")
    ):
        memberships[membership.school_id].append(membership)

    visits = {
        row["school_id"]: row
        for row in LinkVisit.objects.filter(
            _school_filter(schools), visited_on__gte=windows.previous_from, visited_on__lte=today
        )
        .order_by()
        .values("school_id")
        .annotate(
            last=Count("pk", filter=Q(visited_on__gte=windows.last_from)),
            previous=Count("pk", filter=Q(visited_on__lt=windows.last_from)),
            latest=Max("visited_on"),
        )
    }
    whose = Q()
    for person_set in person_sets:
        whose |= Q(owner__in=person_set)
    meeting_actions = dict(
        Action.objects.filter(whose)
        .exclude(status=Action.Status.DONE)
        .order_by()
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    visit_actions = dict(
        VisitAction.objects.filter(_school_filter(schools, "visit__school"), completed_on=None)
        .order_by()
        .values("visit__school_id")
        .annotate(n=Count("pk"))
        .values_list("visit__school_id", "n")
    )

    result = {}
    for school in _iterate(schools):
        pk = school.pk
        visit = visits.get(pk, {})
        result[pk] = _attendance_of(
            school, people, totals, cls=SchoolEngagement,
            memberships=memberships.get(pk, []),
            visits_last=visit.get("last", 0), visits_previous=visit.get("previous", 0),
            last_visit_on=visit.get("latest"),
            open_meeting_actions=sum(meeting_actions.get(p, 0) for p in people.get(pk, ())),
            open_visit_actions=visit_actions.get(pk, 0),
        )  # fmt: skip
    return result


def engagement_for_school(school: School, *, now: datetime | None = None) -> SchoolEngagement:
    return engagement_for_schools([school], now=now)[school.pk]


# ?sort= values of the borough's list, each a stable ordering of SchoolAttendance rows.
FALL_ORDERINGS = {
    "change": lambda row: (row.change_in_points, row.school.name, row.school.urn),
    "-change": lambda row: (-row.change_in_points, row.school.name, row.school.urn),
    "name": lambda row: (row.school.name.casefold(), row.school.urn),
    "last": lambda row: (row.last.rate, row.school.name, row.school.urn),
    "previous": lambda row: (-row.previous.rate, row.school.name, row.school.urn),
    "invited": lambda row: (-row.last.invited, row.school.name, row.school.urn),
}


def attendance_fell(
    schools: QuerySet[School] | Sequence[School], *, now: datetime | None = None,
    sort: str = "change",
) -> list[SchoolAttendance]:  # fmt: skip
    """Schools invited in both windows whose attendance rate is lower in the last 12
    months than in the 12 before; by default the biggest fall first.

    Only the schools that fell are read from the register (three queries and one for
    those schools when given a queryset): a school without a head or chair cannot fall.
    """
    windows = Windows.as_of(now)
    people, person_sets = _representatives(schools, windows.today)
    totals = _school_totals(people, _attendance_by_person(person_sets, windows))
    fallen = {pk for pk, (last, previous) in totals.items() if fell(last, previous)}
    if isinstance(schools, QuerySet) and not schools.query.is_sliced:
        among = schools.filter(pk__in=fallen) if fallen else []
    else:
        among = (school for school in _iterate(schools) if school.pk in fallen)
    rows = [_attendance_of(school, people, totals) for school in among]
    return sorted(rows, key=FALL_ORDERINGS.get(sort, FALL_ORDERINGS["change"]))
