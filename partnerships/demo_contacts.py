"""The demo borough's council contacts and two years of meeting history.

Contacts: an admissions officer for every school, SEND officers by phase,
attendance officers by planning area (those of the places demo), a governor services contact, a
safeguarding lead, and a few schools with their own contacts.

History: the meetings of every series from two academic years ago up to today,
held, with the current audience invited and attendance recorded. Attendance is
decided by a hash of the meeting and the person, so every run gives the same
figures; the heads and chairs of every sixth school came to far fewer meetings
in the last 12 months than before, so the borough's "attendance fell" list has
rows to show.
"""

import zlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from meetings.audiences import AudienceCache
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Action, Invitation, Meeting, MeetingSeries, Term
from meetings.scheduling import plan
from schools.categories import Category
from schools.models import (
    GovernorAppointment,
    Headship,
    LocalAuthority,
    PlanningArea,
    School,
)

from .models import ContactResponsibility as R
from .models import ContactRule, SchoolContact

LONDON = ZoneInfo("Europe/London")
# email, first name, last name
OFFICERS = {
    "admissions": ("admissions.officer", "Ama", "Boateng"),
    "send_primary": ("send.primary", "Bethan", "Price"),
    "send_secondary": ("send.secondary", "Carlos", "Mendes"),
    "send_special": ("send.special", "Deepa", "Shah"),
    "attendance_0": ("attendance.north", "Eamon", "Byrne"),
    "attendance_1": ("attendance.west", "Fatima", "Rahman"),
    "attendance_2": ("attendance.south", "Gus", "Lindgren"),
    "attendance_borough": ("attendance.borough", "Kemi", "Adebayo"),
    "governor_services": ("governor.services", "Helen", "Marsh"),
    "safeguarding": ("safeguarding.lead", "Idris", "Okonjo"),
    "inclusion": ("inclusion.officer", "Jess", "Moreno"),
}

# A falling school's people came rarely in the last 12 months; others mostly came.
NORMAL = [(70, "present"), (78, "substitute"), (92, "apologies"), (100, "absent")]
FALLING = [(20, "present"), (25, "substitute"), (55, "apologies"), (100, "absent")]
RSVP = {
    "present": Invitation.Rsvp.ACCEPTED,
    "substitute": Invitation.Rsvp.DECLINED,
    "apologies": Invitation.Rsvp.DECLINED,
    "absent": Invitation.Rsvp.PENDING,
}


def _officer(key: str) -> User:
    slug, first, last = OFFICERS[key]
    user, created = User.objects.get_or_create(
        email=f"{slug}@council.demo.test",
        defaults={"first_name": first, "last_name": f"{last} (demo)"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    return user


@transaction.atomic
def seed_demo_contacts(*, school_improvement: User) -> None:
    """Contact rules and a few schools' own contacts. Safe to rerun."""
    home = LocalAuthority.objects.get(code="212")
    schools = list(School.objects.filter(local_authority=home).open().order_by("urn"))
    # The planning areas the places demo drew; schools outside them have the
    # borough-wide attendance officer.
    areas = list(PlanningArea.objects.filter(local_authority=home).order_by("name")[:3])

    def rule(responsibility, officer, *, publish=False, **criteria):
        ContactRule.objects.get_or_create(
            responsibility=responsibility,
            local_authority=criteria.pop("local_authority", home),
            phase=criteria.pop("phase", ""),
            category=criteria.pop("category", ""),
            planning_area=criteria.pop("planning_area", None),
            defaults={"officer": officer, "publish": publish},
        )

    rule(R.ADMISSIONS, _officer("admissions"), publish=True)
    rule(R.SCHOOL_IMPROVEMENT, school_improvement)
    rule(R.SEND, _officer("send_primary"), phase="Primary")
    rule(R.SEND, _officer("send_primary"), phase="Nursery")
    rule(R.SEND, _officer("send_secondary"), phase="Secondary")
    rule(R.SEND, _officer("send_secondary"), phase="16 plus")
    # Special schools (and any other phase) fall back to the borough-wide SEND officer.
    rule(R.SEND, _officer("send_special"))
    rule(R.ATTENDANCE, _officer("attendance_borough"))
    for n, area in enumerate(areas):
        rule(R.ATTENDANCE, _officer(f"attendance_{n}"), planning_area=area)
    rule(R.GOVERNOR_SERVICES, _officer("governor_services"), publish=True)
    rule(R.SAFEGUARDING, _officer("safeguarding"), publish=True)
    rule(R.EXCLUSIONS, _officer("inclusion"), category=Category.ACADEMY)

    secondaries = [s for s in schools if s.phase == "Secondary"]
    if secondaries:
        # A secondary with a resourced SEND base works with the special schools' officer.
        SchoolContact.objects.get_or_create(
            school=secondaries[0], responsibility=R.SEND,
            defaults={"officer": _officer("send_special")},
        )  # fmt: skip
    if len(schools) > 2:
        SchoolContact.objects.get_or_create(
            school=schools[2], responsibility=R.ATTENDANCE,
            defaults={"officer": _officer("attendance_0"), "publish": True},
        )  # fmt: skip


def _roll(meeting: Meeting, person_id: int) -> int:
    return zlib.crc32(f"{meeting.series_id}|{meeting.occurrence}|{person_id}".encode()) % 100


def _attendance(table, roll: int) -> str:
    return next(value for limit, value in table if roll < limit)


def falling_people(today: date) -> set[int]:
    """The heads and chairs of every sixth open home school (by URN), from the fourth."""
    schools = list(School.objects.in_home_la().open().order_by("urn").values_list("pk", flat=True))
    falling = schools[3::6]
    heads = Headship.objects.current(today).filter(school_id__in=falling)
    chairs = GovernorAppointment.objects.current(today).filter(
        school_id__in=falling, role=GovernorAppointment.Role.CHAIR
    )
    return set(heads.values_list("person_id", flat=True)) | set(
        chairs.values_list("person_id", flat=True)
    )


@transaction.atomic
def seed_demo_meeting_history(*, today: date | None = None) -> int:
    """Past meetings of every series since two academic years ago, held, with the
    current audience invited and attendance recorded. Returns the invitations added.
    Safe to rerun: existing meetings, invitations and recorded attendance are kept."""
    today = today or timezone.localdate()
    now = timezone.now()
    first = academic_year_starting(today) - 2
    years = [ensure_academic_year(y) for y in range(first, academic_year_starting(today) + 1)]
    terms = list(Term.objects.filter(year__in=years).select_related("year"))
    series_list = list(
        MeetingSeries.objects.select_related("body").prefetch_related("body__run_by")
    )
    existing = set(Meeting.objects.values_list("series_id", "occurrence"))
    new = []
    for series in series_list:
        for p in plan(series, terms)[0]:
            starts = datetime.combine(p.day, series.starts_at, tzinfo=LONDON)
            if (series.pk, p.occurrence) in existing or starts >= now:
                continue
            new.append(
                Meeting(
                    series=series,
                    body=series.body,
                    term=p.term,
                    occurrence=p.occurrence,
                    title=series.title,
                    starts_at=starts,
                    ends_at=datetime.combine(p.day, series.ends_at, tzinfo=LONDON),
                    venue=series.venue,
                    online_link=series.online_link,
                    status=Meeting.Status.HELD,
                )  # fmt: skip
            )
    Meeting.objects.bulk_create(new, ignore_conflicts=True)
    past = list(
        Meeting.objects.filter(series__in=series_list, starts_at__lt=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("series__body")
    )
    Meeting.objects.filter(pk__in=[m.pk for m in past]).update(status=Meeting.Status.HELD)

    audiences = AudienceCache()
    falling = falling_people(today)
    last_from = now - relativedelta(years=1)
    invited = set(
        Invitation.objects.filter(meeting__in=past).values_list("meeting_id", "person_id")
    )
    add = []
    for meeting in past:
        for person_id in sorted(audiences.ids(meeting.series)):
            if (meeting.pk, person_id) in invited:
                continue
            table = FALLING if person_id in falling and meeting.starts_at >= last_from else NORMAL
            value = _attendance(table, _roll(meeting, person_id))
            add.append(
                Invitation(meeting=meeting, person_id=person_id, attendance=value, rsvp=RSVP[value])
            )
    Invitation.objects.bulk_create(add, ignore_conflicts=True)

    # An open action for each falling school's people, from their latest meeting.
    for person_id in sorted(falling):
        latest = (
            Meeting.objects.filter(invitations__person_id=person_id, starts_at__lt=now)
            .order_by("-starts_at")
            .first()
        )
        if latest is not None:
            Action.objects.get_or_create(
                meeting=latest, owner_id=person_id,
                description="Send the school's response to the attendance strategy consultation",
                defaults={"due_on": latest.starts_at.date() + timedelta(days=28)},
            )  # fmt: skip
    return len(add)
