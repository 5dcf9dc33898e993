"""The demo borough's standing bodies, partnerships and their meeting series."""

from datetime import date, time
from decimal import Decimal

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


# Service area -> team -> posts: (title, grade, FTE, holder key or None for vacant).
# Holder keys: "officer" and "inspector" are the demo officers; others are invented staff.
SERVICE_AREAS = [
    ("Access to Learning", "Admissions, attendance and children missing education.", [
        ("School Admissions", [
            ("Head of Access to Learning", "PO8", "1.00", "Nadia Rahman"),
            ("Admissions Manager", "PO4", "1.00", "Tom Ellery"),
            ("Admissions Officer", "SO2", "1.00", "Grace Oduya"),
            ("Admissions Officer", "SO2", "0.60", None),
            ("In-year Admissions Coordinator", "SO1", "1.00", "Maya Lindqvist"),
        ]),
        ("Attendance and Children Missing Education", [
            ("Attendance Lead", "PO3", "1.00", "Ravi Menon"),
            ("Education Welfare Officer", "SO2", "1.00", "Jo Kershaw"),
            ("Education Welfare Officer", "SO2", "1.00", None),
            ("Children Missing Education Officer", "SO1", "0.80", "Ola Bankole"),
        ]),
    ]),
    ("Learner Engagement", "Inclusion, exclusions, alternative provision and participation.", [
        ("Inclusion and Exclusions", [
            ("Head of Learner Engagement", "PO7", "1.00", "Imran Qureshi"),
            ("Exclusions Officer", "PO1", "1.00", "Beth Carrow"),
            ("Inclusion Adviser", "PO2", "0.50", None),
        ]),
        ("Alternative Provision and Participation", [
            ("Alternative Provision Commissioner", "PO3", "1.00", "Sean Maguire"),
            ("Participation Adviser (post-16)", "SO2", "1.00", "Leah Fontaine"),
            ("Participation Adviser (post-16)", "SO2", "1.00", None),
        ]),
    ]),
    ("SEND", "Special educational needs and disabilities: assessment, plans and support.", [
        ("SEND Assessment and Review", [
            ("Head of SEND", "PO8", "1.00", "Helen Adeyemi"),
            ("SEND Casework Manager", "PO3", "1.00", "Dan Whitlock"),
            ("EHC Plan Coordinator", "SO2", "1.00", "Amira Haddad"),
            ("EHC Plan Coordinator", "SO2", "1.00", "Kit Jarvis"),
            ("EHC Plan Coordinator", "SO2", "1.00", None),
            ("EHC Plan Coordinator", "SO2", "0.60", None),
        ]),
        ("Educational Psychology", [
            ("Principal Educational Psychologist", "Soulbury 14", "1.00", "Ruth Okafor"),
            ("Educational Psychologist", "Soulbury 8", "0.80", "Jonah Price"),
            ("Educational Psychologist", "Soulbury 8", "1.00", None),
        ]),
    ]),
    ("School Improvement and Learning", "Link inspection, governor services and learning.", [
        ("Link Inspection", [
            ("Head of School Improvement", "Soulbury 20", "1.00", "officer"),
            ("Link Inspector (primary)", "Soulbury 16", "1.00", "inspector"),
            ("Link Inspector (secondary)", "Soulbury 16", "1.00", "Mark Devlin"),
            ("Link Inspector (special and AP)", "Soulbury 16", "0.60", None),
        ]),
        ("Governor Services", [
            ("Governor Services Manager", "PO2", "1.00", "Sally Brook"),
            ("Clerk to Governors", "SO1", "0.50", "Peter Lam"),
        ]),
    ]),
]  # fmt: skip


def _staff_member(name: str) -> User:
    first, last = name.split(" ", 1)
    email = f"{first}.{last}".lower().replace(" ", "") + "@staff.demo.test"
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User(email=email, first_name=first, last_name=f"{last} (demo)")
        person.set_unusable_password()
        person.save()
    return person


@transaction.atomic
def seed_demo_service_areas(*, officer: User, inspector: User) -> int:
    """Four service areas with their teams and posts, some vacant; the demo officer and
    inspector hold posts beside invented staff. Safe to rerun. Returns the posts."""
    from .models import Post, ServiceArea, Team

    known = {"officer": officer, "inspector": inspector}
    count = 0
    for position, (area_name, description, teams) in enumerate(SERVICE_AREAS, start=1):
        area, _ = ServiceArea.objects.get_or_create(
            name=area_name, defaults={"description": description, "position": position}
        )
        for team_position, (team_name, posts) in enumerate(teams, start=1):
            team, _ = Team.objects.get_or_create(
                service_area=area, name=team_name, defaults={"position": team_position}
            )
            seen: dict[str, int] = {}
            for title, grade, fte, holder in posts:
                # Posts of the same title are told apart by their order in the team.
                seen[title] = seen.get(title, 0) + 1
                existing = list(Post.objects.filter(team=team, title=title).order_by("id"))
                if len(existing) >= seen[title]:
                    count += 1
                    continue
                Post.objects.create(
                    team=team, title=title, grade=grade, fte=Decimal(fte),
                    holder=(known.get(holder) or _staff_member(holder)) if holder else None,
                    starts_on=date(2024, 4, 1),
                )  # fmt: skip
                count += 1
    return count
