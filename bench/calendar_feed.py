"""A person's calendar feed with 500 meetings, served by the portal's feed view, beside
serialising the same 500 events with the icalendar library directly.

- baseline: the events' data already in memory, built into a VCALENDAR (with the
  same Europe/London VTIMEZONE) and serialised by icalendar alone;
- portal: GET of the feed URL through the Django test Client and the full middleware
  stack: token check, the person's meetings from the database, the same events.
The ratio is what the portal adds to the library's own work. The row also carries
the feed's query count, which must not grow with the number of meetings.
"""

import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from accounts.models import User
from meetings import feeds
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.ical import PRODID
from meetings.models import CalendarFeed, Invitation, Meeting, MeetingSeries
from partnerships.models import Body

LONDON = ZoneInfo("Europe/London")
BODY_NAME = "Benchmark: calendar feed"


def _build(n: int) -> tuple[User, list[Meeting]]:
    """A head invited to `n` meetings, one a day from 300 days ago, all inside the feed."""
    person = User.objects.create_user("bench-feed@bench.test")
    body = Body.objects.create(name=BODY_NAME, kind=Body.Kind.WORKING_GROUP)
    # Paused, so a scheduling benchmark in the same run leaves it alone.
    series = MeetingSeries.objects.create(body=body, title=BODY_NAME, paused=True)
    today = timezone.localdate()
    term = ensure_academic_year(academic_year_starting(today)).terms.first()
    first = datetime.combine(today - timedelta(days=300), datetime.min.time(), tzinfo=LONDON)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                series=series,
                body=body,
                term=term,
                occurrence=f"bench {i}",
                title=f"Partnership meeting {i}",
                status=Meeting.Status.CONFIRMED,
                starts_at=first + timedelta(days=i, hours=16),
                ends_at=first + timedelta(days=i, hours=17, minutes=30),
                venue="Town Hall, Committee Room 3" if i % 2 else "",
                online_link="" if i % 2 else "https://meet.council.example/partnership",
            )  # fmt: skip
            for i in range(n)
        ]
    )
    Invitation.objects.bulk_create([Invitation(meeting=m, person=person) for m in meetings])
    return person, meetings


def _clean_up(person: User) -> None:
    Meeting.objects.filter(body__name=BODY_NAME).delete()
    MeetingSeries.objects.filter(body__name=BODY_NAME).delete()
    Body.objects.filter(name=BODY_NAME).delete()
    CalendarFeed.objects.filter(person=person).delete()
    person.delete()


def _london(rows: list[dict]) -> Timezone:
    """Europe/London's VTIMEZONE over the events' years, made once (the portal caches its own)."""
    return Timezone.from_tzid(
        "Europe/London",
        first_date=datetime(rows[0]["starts_at"].year, 1, 1),
        last_date=datetime(rows[-1]["ends_at"].year + 1, 1, 1),
    )


def _bare_icalendar(rows: list[dict], vtimezone: Timezone) -> bytes:
    """The same events, from plain data, with icalendar and nothing else."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add_component(vtimezone)
    now = timezone.now()
    for row in rows:
        event = Event()
        event.add("uid", row["uid"])
        event.add("sequence", row["sequence"])
        event.add("dtstamp", now)
        event.add("dtstart", row["starts_at"])
        event.add("dtend", row["ends_at"])
        event.add("summary", row["title"])
        if row["location"]:
            event.add("location", row["location"])
        event.add("description", row["description"])
        if row["online_link"]:
            event.add("url", row["online_link"])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()


def _median_ms(work, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _feed_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def run(*, quick: bool = False) -> list[dict]:
    n = 50 if quick else 500
    repeats = 3 if quick else 7
    person, meetings = _build(n)
    try:
        feed = feeds.feed_for(person=person)
        path = feeds.feed_path(feed=feed)
        client = Client()
        response = client.get(path)  # warm up: imports, VTIMEZONE cache, connection
        assert response.status_code == 200, response.status_code
        assert response.content.count(b"BEGIN:VEVENT") == n
        rows = [
            {
                "uid": f"{m.uid}@{settings.PORTAL_CALENDAR_DOMAIN}",
                "sequence": m.sequence,
                "starts_at": m.starts_at.astimezone(LONDON),
                "ends_at": m.ends_at.astimezone(LONDON),
                "title": m.title,
                "location": m.venue or m.online_link,
                "online_link": m.online_link,
                "description": BODY_NAME
                + (f"\nJoin online: {m.online_link}" if m.online_link else ""),
            }
            for m in meetings
        ]
        london = _london(rows)
        assert _bare_icalendar(rows, london).count(b"BEGIN:VEVENT") == n

        baseline = _median_ms(lambda: _bare_icalendar(rows, london), repeats)
        portal = _median_ms(lambda: client.get(path), repeats)
        queries = _feed_queries(client, path)
        # The same feed cut down to 5 meetings: the query count must not move.
        Meeting.objects.filter(pk__in=[m.pk for m in meetings[5:]]).delete()
        queries_for_5 = _feed_queries(client, path)
    finally:
        _clean_up(person)
    return [
        {
            "name": f"calendar_feed_{n}_meetings",
            "unit": "ms",
            "baseline": baseline,
            "portal": portal,
            "ratio": portal / baseline,
            "meetings": n,
            "queries": queries,
            "queries_for_5_meetings": queries_for_5,
            "notes": [
                f"GET of the feed URL via the test Client, {n} events; baseline: the same "
                "events serialised by icalendar from data in memory",
                f"queries per fetch: {queries} with {n} meetings, {queries_for_5} with 5",
            ],
        }
    ]
