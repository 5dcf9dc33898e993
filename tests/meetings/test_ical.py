"""Feeds and .ics downloads parse cleanly in two independent parsers, with the right times.

The `icalendar` library is the one the portal writes with; ical.js (Mozilla's parser,
the one Thunderbird uses) is a real calendar client's, run with node on
tests/meetings/ical_parse.mjs. Both must agree on every time across the October and
March clock changes.
"""

import json
import shutil
import subprocess
import warnings
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from meetings import feeds
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries
from partnerships.models import Body
from tests import factories

REPO = Path(__file__).resolve().parents[2]
PARSE_SCRIPT = Path(__file__).with_name("ical_parse.mjs")
LONDON = ZoneInfo("Europe/London")
# A date from which every meeting below is inside the feed's 12 months of history.
FEED_NOW = datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)

# A 16:00 meeting either side of each clock change, and its time in UTC.
CLOCK_CHANGES = [
    pytest.param(date(2026, 10, 22), "2026-10-22T15:00:00Z", id="22-oct-2026-bst"),
    pytest.param(date(2026, 11, 5), "2026-11-05T16:00:00Z", id="5-nov-2026-gmt"),
    pytest.param(date(2027, 3, 25), "2027-03-25T16:00:00Z", id="25-mar-2027-gmt"),
    pytest.param(date(2027, 4, 1), "2027-04-01T15:00:00Z", id="1-apr-2027-bst"),
]


def meeting(*, on: date, title: str = "Primary headteachers' conference", invite=(), **fields):
    body, _ = Body.objects.get_or_create(
        name="Primary headteachers' conference", defaults={"kind": Body.Kind.PHASE_CONFERENCE}
    )
    series, _ = MeetingSeries.objects.get_or_create(body=body, title=body.name)
    term = ensure_academic_year(academic_year_starting(on)).terms.first()
    created = Meeting.objects.create(
        series=series, body=body, term=term, occurrence=f"{on} {title}"[:40], title=title,
        starts_at=datetime.combine(on, time(16, 0), tzinfo=LONDON),
        ends_at=datetime.combine(on, time(17, 30), tzinfo=LONDON),
        venue="Professional Centre, Room 1", **fields,
    )  # fmt: skip
    Invitation.objects.bulk_create([Invitation(meeting=created, person=p) for p in invite])
    return created


def parse_with_icalendar(data: bytes) -> list[dict]:
    """Events as the icalendar library reads them; fails on any warning or parse error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = Calendar.from_ical(data)
    errors = [(c.name, c.errors) for c in cal.walk() if c.errors]
    assert errors == [], errors
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    return [
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART").astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": event.decoded("DTEND").astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tzid": event["DTSTART"].params["TZID"],
            "status": str(event["STATUS"]),
        }
        for event in cal.walk("VEVENT")
    ]


def parse_with_ical_js(data: bytes, tmp_path: Path) -> list[dict]:
    """Events as ical.js reads them. Missing node or ical.js fails the test: an
    unchecked feed is exactly what this test exists to prevent."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: install Node.js (the CI installs npm, which brings it)")
    if not (REPO / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run `npm ci` in the repository root")
    path = tmp_path / "calendar.ics"
    path.write_bytes(data)
    result = subprocess.run(
        [node, str(PARSE_SCRIPT), str(path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"ical.js could not read the calendar:\n{result.stderr}"
    return json.loads(result.stdout)["events"]


def both_parsers(data: bytes, tmp_path: Path) -> list[dict]:
    """The events, after checking both parsers read exactly the same ones."""
    ours, theirs = parse_with_icalendar(data), parse_with_ical_js(data, tmp_path)
    assert ours == theirs
    return ours


@pytest.fixture
def head(db):
    return factories.person()


def download(client, person, meeting_) -> bytes:
    client.force_login(person)
    response = client.get(reverse("calendar:meeting_ics", kwargs={"uid": meeting_.uid}))
    assert response.status_code == 200
    return response.content


def test_a_meeting_download_parses_in_icalendar_and_ical_js(client, head, tmp_path):
    invited = meeting(on=date(2026, 10, 22), invite=[head])

    (event,) = both_parsers(download(client, head, invited), tmp_path)

    assert event["uid"] == f"{invited.uid}@{settings.PORTAL_CALENDAR_DOMAIN}"
    assert event["summary"] == "Primary headteachers' conference"
    assert (event["tzid"], event["status"]) == ("Europe/London", "CONFIRMED")


def test_a_feed_parses_in_icalendar_and_ical_js(client, head, tmp_path):
    for day in (date(2026, 10, 22), date(2026, 11, 5), date(2027, 3, 25)):
        meeting(on=day, invite=[head])
    feed = feeds.feed_for(person=head)

    data = feeds.feed_calendar(feed=feed, now=FEED_NOW).to_ical()

    events = both_parsers(data, tmp_path)
    assert len(events) == 3


def test_the_feed_served_over_http_parses_in_both_parsers(client, head, tmp_path):
    meeting(on=date(2027, 4, 1), invite=[head])
    response = client.get(feeds.feed_path(feed=feeds.feed_for(person=head)))

    (event,) = both_parsers(response.content, tmp_path)

    assert event["start"] == "2027-04-01T15:00:00Z"


@pytest.mark.parametrize(("day", "utc"), CLOCK_CHANGES)
def test_a_4pm_meeting_is_at_the_right_utc_time_in_the_download(client, head, tmp_path, day, utc):
    invited = meeting(on=day, invite=[head])

    (event,) = both_parsers(download(client, head, invited), tmp_path)

    assert event["start"] == utc
    assert event["tzid"] == "Europe/London"


def test_4pm_meetings_across_both_clock_changes_are_right_in_the_feed(head, tmp_path):
    days = [param.values for param in CLOCK_CHANGES]
    for day, _ in days:
        meeting(on=day, title=f"Conference {day}", invite=[head])

    data = feeds.feed_calendar(feed=feeds.feed_for(person=head), now=FEED_NOW).to_ical()

    events = both_parsers(data, tmp_path)
    assert [e["start"] for e in events] == [utc for _, utc in days]
    # 16:00 to 17:30 local, so the end moves with the start.
    assert [e["end"][11:16] for e in events] == ["16:30", "17:30", "17:30", "16:30"]


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(head, tmp_path):
    meeting(on=date(2026, 11, 5), invite=[head], status=Meeting.Status.CANCELLED)

    data = feeds.feed_calendar(feed=feeds.feed_for(person=head), now=FEED_NOW).to_ical()

    (event,) = both_parsers(data, tmp_path)
    assert event["status"] == "CANCELLED"


def test_the_feed_asks_clients_to_refresh_hourly(head):
    cal = feeds.feed_calendar(feed=feeds.feed_for(person=head), now=FEED_NOW)

    assert cal.to_ical().count(b"PT1H") == 2  # REFRESH-INTERVAL and X-PUBLISHED-TTL
    assert str(cal["X-WR-CALNAME"]).startswith("Meetings")
