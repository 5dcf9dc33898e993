"""Demo data for the report to scrutiny: a year with decisions, a cancelled meeting
and an academy conversion, so every section of the latest completed year has rows."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import AgendaItem, Decision, Meeting
from schools.categories import Category, Status
from schools.models import Headship, LocalAuthority, School

from .models import Body

LONDON = ZoneInfo("Europe/London")

# Body kind -> what it resolved at its first meeting of the year.
RESOLUTIONS = {
    Body.Kind.STANDING_CONFERENCE: (
        "Admissions arrangements",
        "That the Executive supports the proposed admissions arrangements for community "
        "schools and recommends them to the Cabinet Member.",
    ),
    Body.Kind.PARTNERSHIP: (
        "Fair access protocol",
        "That the revised in-year fair access protocol be adopted from the spring term.",
    ),
    Body.Kind.GOVERNORS_BRIEFING: (
        "Governor training programme",
        "That the governor training programme for the year be agreed.",
    ),
    Body.Kind.CABINET_MEMBER_MEETING: (
        "Attendance strategy",
        "That the borough's school attendance strategy be endorsed.",
    ),
}


@transaction.atomic
def seed_demo_year_in_review(*, today: date | None = None) -> int:
    """Decisions at the first held meeting of each kind of body in the latest completed
    academic year, one cancelled extra meeting, and a primary school that converted to
    an academy during that year. Safe to rerun. Returns the decisions added."""
    today = today or timezone.localdate()
    year = ensure_academic_year(academic_year_starting(today) - 1)
    in_year = Meeting.objects.filter(
        starts_at__date__gte=year.starts_on, starts_at__date__lte=year.ends_on
    ).select_related("body", "series", "term")
    added = 0
    for kind, (title, resolution) in RESOLUTIONS.items():
        meeting = (
            in_year.filter(body__kind=kind, status=Meeting.Status.HELD)
            .order_by("starts_at")
            .first()
        )
        if (
            meeting is None
            or Decision.objects.filter(agenda_item__meeting=meeting, resolution=resolution).exists()
        ):
            continue
        last = meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, position=last + 1, title=title, purpose=AgendaItem.Purpose.DECISION
        )
        Decision.objects.create(
            agenda_item=item, resolution=resolution, decided_on=meeting.starts_at.date(),
            decided_by=meeting.body.name,
            reasons="Set out in the report to the meeting.",
        )  # fmt: skip
        added += 1

    # An extra meeting called and then cancelled.
    spring = year.terms.filter(name="spring").first()
    executive = in_year.filter(body__kind=Body.Kind.STANDING_CONFERENCE).first()
    if spring is not None and executive is not None:
        day = spring.half_term_ends_on + timedelta(days=3)
        starts = datetime.combine(day, time(16), tzinfo=LONDON)
        Meeting.objects.get_or_create(
            series=executive.series, occurrence=f"{year.name} spring extra 1",
            defaults={
                "body": executive.body, "term": spring, "title": "Extraordinary meeting",
                "starts_at": starts, "ends_at": datetime.combine(day, time(17), tzinfo=LONDON),
                "status": Meeting.Status.CANCELLED, "venue": executive.venue,
            },
        )  # fmt: skip

    # A maintained primary school that converted to an academy on 1 April.
    home = LocalAuthority.objects.filter(code="212").first()
    if home is not None:
        converted_on = date(year.ends_on.year, 4, 1)
        common = {
            "local_authority": home, "phase": "Primary", "town": "London",
            "statutory_low_age": 4, "statutory_high_age": 11,
        }  # fmt: skip
        School.objects.get_or_create(
            urn=990190,
            defaults={
                **common, "name": "Old Mill Primary School", "gias_type": "Community school",
                "gias_type_group": "Local authority maintained schools",
                "category": Category.MAINTAINED, "status": Status.CLOSED,
                "opened_on": date(1974, 9, 1), "closed_on": date(converted_on.year, 3, 31),
                "closing_reason": "Academy converter",
            },
        )  # fmt: skip
        academy, _ = School.objects.get_or_create(
            urn=990191,
            defaults={
                **common, "name": "Old Mill Primary Academy", "gias_type": "Academy converter",
                "gias_type_group": "Academies", "category": Category.ACADEMY,
                "status": Status.OPEN, "opened_on": converted_on,
                "opening_reason": "Academy converter",
            },
        )  # fmt: skip
        # The head stayed on; a school with a head is one the borough's demo has staffed.
        head, created = User.objects.get_or_create(
            email="head.oldmill@people.demo.test",
            defaults={"first_name": "Morwenna", "last_name": "Tregear (demo)"},
        )
        if created:
            head.set_unusable_password()
            head.save(update_fields=["password"])
        Headship.objects.get_or_create(
            school=academy, person=head, defaults={"starts_on": converted_on}
        )
    return added
