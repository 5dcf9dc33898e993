"""The demo borough's standing bodies, partnerships and their meeting series."""

from datetime import date, time

from django.db import transaction

from accounts.models import User
from meetings.models import MeetingSeries
from schools.models import School

from .models import AgencyContact, Body, Membership, PartnerAgency

S = MeetingSeries
PHASES = ["Nursery", "Primary", "Secondary", "Special", "All-through", "Post-16"]
WEEKDAYS = [S.Weekday.TUESDAY, S.Weekday.WEDNESDAY, S.Weekday.THURSDAY]


@transaction.atomic
def seed_demo_partnerships(*, officer: User, agency_contact: User) -> None:
    """Bodies, members and series as the council's papers describe them. Safe to rerun."""

    def body(name, kind, **fields):
        obj, _ = Body.objects.get_or_create(name=name, defaults={"kind": kind, **fields})
        obj.run_by.add(officer)
        return obj

    def series(body, title, **fields):
        S.objects.get_or_create(body=body, title=title, defaults=fields)

    executive = body(
        "Headteacher Standing Conference Executive", Body.Kind.STANDING_CONFERENCE,
        purpose="Headteachers' representatives meet senior Children's Services members.",
        topics="policy, funding, admissions", quorum=5,
    )  # fmt: skip
    series(
        executive, "Headteacher Standing Conference Executive",
        cadence=S.Cadence.TIMES_A_YEAR, times_a_year=3, week=3, weekday=S.Weekday.THURSDAY,
        starts_at=time(16, 0), ends_at=time(17, 30), venue="Town Hall, Committee Room 3",
    )  # fmt: skip
    heads_of = School.objects.in_home_la().open().filter(headships__ends_on=None)
    for school in heads_of.filter(phase__in=["Primary", "Secondary"]).order_by("urn")[:6]:
        Membership.objects.get_or_create(
            body=executive, school=school, defaults={"starts_on": date(2024, 9, 1)}
        )

    for n, phase in enumerate(PHASES):
        conference = body(
            f"{phase} headteachers' conference", Body.Kind.PHASE_CONFERENCE, phase=phase,
            purpose=f"Termly meeting of the borough's {phase.lower()} headteachers.",
        )  # fmt: skip
        series(
            conference, f"{phase} headteachers' conference", cadence=S.Cadence.TERMLY,
            audience=S.Audience.PHASE_HEADS, week=4, weekday=WEEKDAYS[n % 3],
            starts_at=time(9, 30), ends_at=time(12, 0), venue="Professional Centre, Room 1",
        )  # fmt: skip

    briefing = body(
        "Chairs and vice-chairs of governors' briefing", Body.Kind.GOVERNORS_BRIEFING,
        purpose="Termly briefing for chairs and vice-chairs of governing bodies.",
    )  # fmt: skip
    series(
        briefing, "Governors' termly briefing", cadence=S.Cadence.TERMLY,
        audience=S.Audience.CHAIRS_AND_VICE_CHAIRS, placement=S.Placement.AFTER_HALF_TERM,
        week=1, weekday=S.Weekday.WEDNESDAY, starts_at=time(18, 30), ends_at=time(20, 0),
        online_link="https://meet.council.example/governors-briefing",
    )  # fmt: skip

    cabinet = body(
        "Cabinet Member for Children's Services and chairs of governors",
        Body.Kind.CABINET_MEMBER_MEETING,
        purpose="The Cabinet Member meets chairs of governors once a year.",
    )  # fmt: skip
    series(
        cabinet, "Annual meeting with the Cabinet Member", cadence=S.Cadence.ANNUAL,
        annual_term="summer", audience=S.Audience.CHAIRS, week=6, weekday=S.Weekday.MONDAY,
        starts_at=time(18, 0), ends_at=time(19, 30), venue="Town Hall, Council Chamber",
    )  # fmt: skip

    police, _ = PartnerAgency.objects.get_or_create(
        name="Metropolitan Police, South West BCU", defaults={"kind": PartnerAgency.Kind.POLICE}
    )
    for name, kind in [
        ("London Probation Service (Wandsworth)", PartnerAgency.Kind.PROBATION),
        ("Wandsworth Youth Court", PartnerAgency.Kind.COURTS),
    ]:
        PartnerAgency.objects.get_or_create(name=name, defaults={"kind": kind})
    AgencyContact.objects.get_or_create(
        agency=police, person=agency_contact,
        defaults={"job_title": "Safer Schools Sergeant", "starts_on": date(2024, 9, 1)},
    )  # fmt: skip
    partnership = body(
        "Secondary Improving Behaviour and Attendance Partnership", Body.Kind.PARTNERSHIP,
        purpose="Secondary schools and agencies working together on behaviour and attendance.",
        topics="admissions, behaviour and attendance, funding, policy",
    )  # fmt: skip
    for agency in PartnerAgency.objects.all():
        Membership.objects.get_or_create(
            body=partnership, agency=agency, defaults={"starts_on": date(2024, 9, 1)}
        )
    for school in School.objects.in_home_la().open().filter(phase="Secondary"):
        Membership.objects.get_or_create(
            body=partnership, school=school, defaults={"starts_on": date(2024, 9, 1)}
        )
    series(
        partnership, "Secondary Improving Behaviour and Attendance Partnership",
        cadence=S.Cadence.TERMLY, week=5, weekday=S.Weekday.FRIDAY,
        starts_at=time(10, 0), ends_at=time(12, 0), venue="Professional Centre, Room 2",
    )  # fmt: skip
