"""Scheduling a whole academic year for a borough-sized setup, then the idempotent re-run.

A borough of 120 open schools and 600 people (heads, chairs, vice-chairs, governors,
officers, agency contacts) and 30 meeting series of every cadence and audience,
built with plain bulk_create. `schedule_meetings` runs twice in one process:
- baseline: the first run, which creates the meetings (this year and next) and
  every invitation;
- portal: the re-run, which must create nothing and should cost a small fraction.
The ratio re-run / first is the figure to watch: the nightly beat task is a re-run.
"""

import time
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import User
from meetings.models import Invitation, Meeting, MeetingSeries
from meetings.scheduling import schedule_meetings
from partnerships.models import AgencyContact, Body, Membership, PartnerAgency
from schools.categories import Category, Status
from schools.models import GovernorAppointment, Headship, LocalAuthority, School

TODAY = date(2026, 9, 1)  # the first day of 2026/27
PHASES = [  # (conference phase, GIAS phase, GIAS type)
    ("Nursery", "Nursery", "Local authority nursery school"),
    ("Primary", "Primary", "Community school"),
    ("Secondary", "Secondary", "Academy converter"),
    ("Special", "Not applicable", "Community special school"),
    ("All-through", "All-through", "Academy converter"),
    ("Post-16", "16 plus", "Further education"),
]
S = MeetingSeries


def _clear() -> None:
    """Start from an empty diary and register (the benchmark database is throwaway)."""
    Invitation.objects.all().delete()
    Meeting.objects.all().delete()
    MeetingSeries.objects.all().delete()
    Body.objects.all().delete()
    School.objects.all().delete()
    AgencyContact.objects.all().delete()
    PartnerAgency.objects.all().delete()
    User.objects.filter(email__endswith="@borough.bench").delete()


def _build_borough(*, schools: int, people: int, series: int) -> dict:
    la, _ = LocalAuthority.objects.get_or_create(
        code=settings.HOME_LA_CODE, defaults={"name": "Home borough"}
    )
    school_rows = School.objects.bulk_create(
        [
            School(
                urn=900000 + i,
                local_authority=la,
                name=f"Borough school {i}",
                gias_type=PHASES[i % 6][2],
                gias_type_group="Local authority maintained schools",
                category=Category.MAINTAINED,
                phase=PHASES[i % 6][1],
                status=Status.OPEN,
            )  # fmt: skip
            for i in range(schools)
        ]
    )
    no_password = make_password(None)  # unusable: these people never sign in
    person_rows = User.objects.bulk_create(
        [
            User(email=f"person{i}@borough.bench", last_name=str(i), password=no_password)
            for i in range(people)
        ]
    )
    pool = iter(person_rows)
    heads = [next(pool) for _ in range(schools)]
    chairs = [next(pool) for _ in range(schools)]
    vice_chairs = [next(pool) for _ in range(schools)]
    officers = [next(pool) for _ in range(people // 30)]
    contacts = [next(pool) for _ in range(people // 30)]
    governors = list(pool)
    Headship.objects.bulk_create(
        [
            Headship(school=s, person=p, starts_on=date(2020, 9, 1))
            for s, p in zip(school_rows, heads, strict=True)
        ]
    )
    role = GovernorAppointment.Role
    appointments = [
        GovernorAppointment(school=s, person=p, role=r, starts_on=date(2024, 9, 1))
        for r, group in ((role.CHAIR, chairs), (role.VICE_CHAIR, vice_chairs))
        for s, p in zip(school_rows, group, strict=True)
    ]
    appointments += [
        GovernorAppointment(school=school_rows[i % schools], person=p, starts_on=date(2024, 9, 1))
        for i, p in enumerate(governors)
    ]
    GovernorAppointment.objects.bulk_create(appointments)
    agencies = PartnerAgency.objects.bulk_create(
        [PartnerAgency(name=f"Agency {k}", kind=k) for k in PartnerAgency.Kind.values]
    )
    AgencyContact.objects.bulk_create(
        [
            AgencyContact(agency=agencies[i % len(agencies)], person=p, starts_on=date(2024, 9, 1))
            for i, p in enumerate(contacts)
        ]
    )

    bodies, series_rows, members = [], [], []

    def add(name, kind, audience, **fields):
        body = Body(name=name, kind=kind, phase=fields.pop("phase", ""))
        bodies.append(body)
        series_rows.append(S(body=body, title=name, audience=audience, **fields))
        return body

    add("Headteacher Standing Conference Executive", Body.Kind.STANDING_CONFERENCE,
        S.Audience.MEMBERS, cadence=S.Cadence.TIMES_A_YEAR, times_a_year=3, week=3,
        weekday=S.Weekday.THURSDAY)  # fmt: skip
    for n, (phase, _, _) in enumerate(PHASES):
        add(f"{phase} headteachers' conference", Body.Kind.PHASE_CONFERENCE,
            S.Audience.PHASE_HEADS, phase=phase, week=4, weekday=n % 5)  # fmt: skip
    add("Governors' briefing", Body.Kind.GOVERNORS_BRIEFING, S.Audience.CHAIRS_AND_VICE_CHAIRS,
        placement=S.Placement.AFTER_HALF_TERM, week=1, weekday=S.Weekday.WEDNESDAY)  # fmt: skip
    add("Cabinet Member and chairs of governors", Body.Kind.CABINET_MEMBER_MEETING,
        S.Audience.CHAIRS, cadence=S.Cadence.ANNUAL, annual_term="summer", week=6)  # fmt: skip
    cadences = [
        {"cadence": S.Cadence.TERMLY},
        {"cadence": S.Cadence.TIMES_A_YEAR, "times_a_year": 6},
        {"cadence": S.Cadence.TIMES_A_YEAR, "times_a_year": 2},
        {"cadence": S.Cadence.ANNUAL, "annual_term": "spring"},
    ]
    while len(series_rows) < series:
        i = len(series_rows)
        add(f"Partnership {i}", Body.Kind.PARTNERSHIP, S.Audience.MEMBERS,
            week=2 + i % 8, weekday=i % 5, **cadences[i % len(cadences)])  # fmt: skip
    Body.objects.bulk_create(bodies)
    for s in series_rows:
        s.body_id = s.body.pk
    MeetingSeries.objects.bulk_create(series_rows)
    through = Body.run_by.through
    through.objects.bulk_create(
        [
            through(body_id=b.pk, user_id=officers[i % len(officers)].pk)
            for i, b in enumerate(bodies)
        ]
    )
    for i, body in enumerate(bodies):
        if body.kind in (Body.Kind.STANDING_CONFERENCE, Body.Kind.PARTNERSHIP):
            since = date(2024, 9, 1)
            members += [
                Membership(body=body, school=school_rows[(i * 7 + k) % schools], starts_on=since)
                for k in range(6)
            ]
            members += [
                Membership(
                    body=body, person=governors[(i * 5 + k) % len(governors)], starts_on=since
                )
                for k in range(4)
            ]
            members.append(
                Membership(body=body, agency=agencies[i % len(agencies)], starts_on=since)
            )
    Membership.objects.bulk_create(members)
    return {"schools": schools, "people": people, "series": len(series_rows)}


def run(*, quick: bool = False) -> list[dict]:
    sizes = (
        {"schools": 24, "people": 120, "series": 12}
        if quick
        else {"schools": 120, "people": 600, "series": 30}
    )
    _clear()
    built = _build_borough(**sizes)

    started = time.perf_counter()
    first = schedule_meetings(today=TODAY)
    first_seconds = time.perf_counter() - started
    meetings, invitations = Meeting.objects.count(), Invitation.objects.count()

    started = time.perf_counter()
    again = schedule_meetings(today=TODAY)
    again_seconds = time.perf_counter() - started

    assert first.meetings_created == meetings > 0, (first, meetings)
    assert (again.meetings_created, again.invitations_added, again.invitations_withdrawn) == (
        0, 0, 0,
    ), again  # fmt: skip
    assert (Meeting.objects.count(), Invitation.objects.count()) == (meetings, invitations)
    return [
        {
            "name": "scheduling_academic_year",
            "unit": "s",
            "baseline": first_seconds,
            "portal": again_seconds,
            "ratio": again_seconds / first_seconds,
            **built,
            "meetings": meetings,
            "invitations": invitations,
            "notes": [
                f"{built['series']} series, {built['schools']} schools, {built['people']} people: "
                f"{meetings} meetings (2026/27 and 2027/28), {invitations} invitations",
                "baseline: the first run; portal: the idempotent re-run (creates nothing); "
                "ratio = re-run / first",
            ],
        }
    ]
