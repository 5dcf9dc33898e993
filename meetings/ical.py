"""iCalendar for meetings: e-mail attachments (METHOD:REQUEST / CANCEL) and feeds.

One UID for a meeting's whole life and a SEQUENCE raised on every change of
time or place, so calendar clients update the event they already hold instead
of adding another. Times carry TZID=Europe/London with its VTIMEZONE, so they
stay right across the October and March clock changes.
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from .models import Meeting

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Council school partnership portal//Meetings//EN"

_timezone_cache: dict[tuple[int, int], Timezone] = {}


def _vtimezone(first: datetime, last: datetime) -> Timezone:
    """Europe/London's VTIMEZONE covering the years of the events."""
    key = (first.year, last.year)
    if key not in _timezone_cache:
        _timezone_cache[key] = Timezone.from_tzid(
            "Europe/London",
            first_date=datetime(first.year, 1, 1),
            last_date=datetime(last.year + 1, 1, 1),
        )
    return _timezone_cache[key]


def meeting_event(meeting: Meeting, *, method: str | None = None) -> Event:
    """The VEVENT of a meeting; under METHOD:CANCEL it is marked cancelled."""
    event = Event()
    event.add("uid", f"{meeting.uid}@{settings.PORTAL_CALENDAR_DOMAIN}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("summary", meeting.title)
    location = meeting.venue or meeting.online_link
    if location:
        event.add("location", location)
    description = [meeting.body.name]
    if meeting.online_link:
        description.append(f"Join online: {meeting.online_link}")
        event.add("url", meeting.online_link)
    event.add("description", "\n".join(description))
    cancelled = method == "CANCEL" or meeting.is_cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if method:
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = vText(settings.SERVICE_NAME)
        event.add("organizer", organizer)
    return event


def calendar_for(
    meetings: Iterable[Meeting], *, method: str | None = None, name: str | None = None
) -> Calendar:
    """A VCALENDAR of meetings (each needs `body` loaded), with Europe/London's VTIMEZONE."""
    meetings = list(meetings)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/London")
    if meetings:
        first = min(m.starts_at for m in meetings).astimezone(LONDON)
        last = max(m.ends_at for m in meetings).astimezone(LONDON)
        cal.add_component(_vtimezone(first, last))
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, method=method))
    return cal


def invitation_ics(meeting: Meeting, *, cancel: bool = False) -> bytes:
    """The attachment of an invitation, update or cancellation e-mail."""
    return calendar_for([meeting], method="CANCEL" if cancel else "REQUEST").to_ical()
