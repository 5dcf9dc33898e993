"""Engagement figures for the national register beside one aggregate SQL query.

The national GIAS file (bench/gias_national.py, as the gias_import benchmark uses)
is imported; a fifth of the schools get a head and a tenth a chair of governors,
and every one of those people is invited to a dozen meetings over two years with
attendance recorded (plus a cancelled meeting and a withdrawn invitation, which
must not count). Then, in one run (each side the best of three):
- baseline: one SQL statement that unions heads and chairs per school, joins
  their invitations and meetings, and counts invited / attended / apologies /
  absent per window with FILTER, grouped by school;
- portal: `engagement_for_schools` over every school (memberships, visits and
  actions too), and `attendance_fell` (the borough list) over the same schools.
The invitation totals of the portal and the baseline must agree.
"""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.gias_import import _national_file
from meetings.models import Invitation, Meeting, MeetingSeries, Term
from partnerships.engagement import Windows, attendance_fell, engagement_for_schools
from partnerships.models import Body
from schools.gias import import_gias_file
from schools.models import GovernorAppointment, Headship, School

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
PATTERN = ["present", "present", "present", "apologies", "substitute", "absent", "present"]


def _build(rows: int) -> dict:
    path = _national_file(rows)
    if School.objects.count() != rows:
        School.objects.all().delete()
        import_gias_file(path)
    schools = list(School.objects.order_by("urn").values_list("pk", flat=True))
    User.objects.filter(email__endswith="@engagement.bench").delete()
    Body.objects.filter(name="Engagement bench body").delete()

    heads = schools[::5]
    chairs = schools[::10]
    unusable = make_password(None)
    people = User.objects.bulk_create(
        [
            User(
                email=f"p{i}@engagement.bench", first_name="P", last_name=str(i), password=unusable
            )
            for i in range(len(heads) + len(chairs))
        ]
    )
    Headship.objects.bulk_create(
        Headship(person=p, school_id=s, starts_on=datetime(2020, 9, 1).date())
        for p, s in zip(people, heads, strict=False)
    )
    GovernorAppointment.objects.bulk_create(
        GovernorAppointment(
            person=p,
            school_id=s,
            role=GovernorAppointment.Role.CHAIR,
            starts_on=datetime(2022, 9, 1).date(),
        )
        for p, s in zip(people[len(heads) :], chairs, strict=False)
    )
    body = Body.objects.create(name="Engagement bench body", kind=Body.Kind.PARTNERSHIP)
    series = MeetingSeries.objects.create(body=body, title="Engagement bench series")
    term = Term.objects.order_by("starts_on").first()
    if term is None:
        from meetings.calendar import ensure_academic_year

        term = ensure_academic_year(2025).terms.first()
    # Twelve meetings two months apart back from NOW, one cancelled, one in the future.
    meetings = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            body=body,
            term=term,
            occurrence=f"bench {n}",
            title=f"Meeting {n}",
            starts_at=NOW - timedelta(days=61 * n + 1),
            ends_at=NOW - timedelta(days=61 * n),
            status=Meeting.Status.CANCELLED if n == 5 else Meeting.Status.HELD,
        )
        for n in range(-1, 12)
    )
    invitations = []
    for i, person in enumerate(people):
        for n, meeting in enumerate(meetings):
            invitations.append(
                Invitation(
                    meeting=meeting,
                    person=person,
                    attendance=PATTERN[(i + n) % len(PATTERN)],
                    withdrawn_at=NOW if (i + n) % 31 == 0 else None,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=5000)
    if connection.vendor == "postgresql":
        # Fresh bulk inserts have no statistics yet; without them the planner takes
        # the tables for empty and nests loops. A live database has autovacuum's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"schools": len(schools), "people": len(people), "invitations": len(invitations)}


def _baseline() -> tuple[float, int]:
    """One aggregate query over the same rows: seconds, and the invitations it counted."""
    windows = Windows.as_of(NOW)
    today = windows.today
    sql = f"""
        WITH reps AS (
            SELECT school_id, person_id FROM {Headship._meta.db_table}
             WHERE starts_on <= %(today)s AND (ends_on IS NULL OR ends_on >= %(today)s)
            UNION
            SELECT school_id, person_id FROM {GovernorAppointment._meta.db_table}
             WHERE role = 'chair' AND starts_on <= %(today)s
               AND (ends_on IS NULL OR ends_on >= %(today)s)
        )
        SELECT r.school_id,
               COUNT(*) FILTER (WHERE m.starts_at >= %(last)s),
               COUNT(*) FILTER (WHERE m.starts_at >= %(last)s
                                  AND i.attendance IN ('present', 'substitute')),
               COUNT(*) FILTER (WHERE m.starts_at >= %(last)s AND i.attendance = 'apologies'),
               COUNT(*) FILTER (WHERE m.starts_at >= %(last)s AND i.attendance = 'absent'),
               COUNT(*) FILTER (WHERE m.starts_at < %(last)s),
               COUNT(*) FILTER (WHERE m.starts_at < %(last)s
                                  AND i.attendance IN ('present', 'substitute')),
               COUNT(*) FILTER (WHERE m.starts_at < %(last)s AND i.attendance = 'apologies'),
               COUNT(*) FILTER (WHERE m.starts_at < %(last)s AND i.attendance = 'absent')
          FROM reps r
          JOIN {Invitation._meta.db_table} i ON i.person_id = r.person_id
          JOIN {Meeting._meta.db_table} m ON m.id = i.meeting_id
         WHERE i.withdrawn_at IS NULL AND m.status <> 'cancelled'
           AND m.starts_at >= %(previous)s AND m.starts_at < %(now)s
         GROUP BY r.school_id
    """  # noqa: S608 - table names from the models, values as parameters
    params = {
        "today": today, "last": windows.last_starts_at,
        "previous": windows.previous_starts_at, "now": NOW,
    }  # fmt: skip
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        seconds = time.perf_counter() - started
    return seconds, sum(row[1] + row[5] for row in rows)


def run(*, quick: bool = False) -> list[dict]:
    rows = 2_000 if quick else 50_000
    built = _build(rows)

    # Best of three for each side, so neither pays alone for a cold cache.
    baseline, baseline_invited = min(_baseline() for _ in range(3))
    schools = School.objects.order_by("urn")
    portal = float("inf")
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            figures = engagement_for_schools(schools, now=NOW)
            portal = min(portal, time.perf_counter() - started)
    with CaptureQueriesContext(connection) as few:
        engagement_for_schools(schools[:5], now=NOW)
    invited = sum(f.last.invited + f.previous.invited for f in figures.values())
    assert invited == baseline_invited, f"portal {invited} != baseline {baseline_invited}"

    fell_seconds = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        fell = attendance_fell(schools, now=NOW)
        fell_seconds = min(fell_seconds, time.perf_counter() - started)

    notes = [
        f"{built['schools']:,} schools, {built['people']:,} heads and chairs, "
        f"{built['invitations']:,} invitations; {invited:,} counted by both",
        f"{len(queries)} queries for every school, {len(few)} for five",
    ]
    return [
        {
            "name": "engagement_all_schools",
            "unit": "s",
            "baseline": baseline,
            "portal": portal,
            "ratio": portal / baseline,
            "schools": built["schools"],
            "queries": len(queries),
            "queries_for_5_schools": len(few),
            "notes": notes,
        },
        {
            "name": "engagement_attendance_fell",
            "unit": "s",
            "baseline": baseline,
            "portal": fell_seconds,
            "ratio": fell_seconds / baseline,
            "schools": built["schools"],
            "fell": len(fell),
            "notes": [f"{len(fell):,} schools whose attendance fell"],
        },
    ]
