"""iCalendar for meetings: e-mail attachments (METHOD:REQUEST / CANCEL) and feeds.

One UID for a meeting's whole life and a SEQUENCE raised on every change of
time or place, so calendar clients update the event they already hold instead
of adding another. Times carry TZID=Europe/London with its VTIMEZONE, so they
stay right across the October and March clock changes.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from .models import Meeting

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Council school partnership portal//Meetings//EN"


def _vtimezone() -> Timezone:
    """Europe/London as a pair of yearly rules, the form Outlook and Google write.

    Rules rather than a list of dated changes: every client (ical.js included)
    expands them for any year, and one component serves a feed of any span.
    Clocks go forward at 01:00 GMT on the last Sunday of March and back at 02:00
    BST on the last Sunday of October.
    """
    london = Timezone()
    london.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", timedelta(hours=0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(hours=0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    london.add_component(summer)
    london.add_component(winter)
    return london


def meeting_event(meeting: Meeting, *, method: str | None = None, attendee=None) -> Event:
    """The VEVENT of a meeting; under METHOD:CANCEL it is marked cancelled.

    An e-mailed REQUEST or CANCEL names its one recipient as ATTENDEE (RFC 5546)."""
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
    if method and attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.get_full_name() or attendee.email)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE" if method == "REQUEST" else "FALSE")
        event.add("attendee", address)
    return event


def calendar_for(
    meetings: Iterable[Meeting], *, method: str | None = None, name: str | None = None,
    attendee=None,
) -> Calendar:  # fmt: skip
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
        cal.add_component(_vtimezone())
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, method=method, attendee=attendee))
    return cal


def invitation_ics(meeting: Meeting, *, cancel: bool = False, attendee=None) -> bytes:
    """The attachment of an invitation, update or cancellation e-mail to `attendee`."""
    method = "CANCEL" if cancel else "REQUEST"
    return calendar_for([meeting], method=method, attendee=attendee).to_ical()
