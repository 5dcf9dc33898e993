"""What a meeting e-mail says: subject, both bodies, the time in London, the links, and
the iCalendar attachment a calendar client acts on (parsed back with `icalendar`)."""

import email
import warnings
from datetime import date, datetime, time
from email.policy import default as default_policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Invitation, OutboxEmail
from meetings.notifications import send_due_emails
from meetings.outbox import queue_emails
from meetings.services import meeting_cancel, meeting_reschedule
from tests import factories
from tests.meetings.test_outbox import a_meeting, in_days

LONDON = ZoneInfo("Europe/London")
Kind = OutboxEmail.Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def head():
    return factories.person(email="hana.head@school.example", first_name="Hana", last_name="Head")


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def sent(meeting, kind: str, person_ids=None):
    """Queue `kind` for the meeting's invitees (or these people), send, and return the
    one message as the recipient's mail program reads it."""
    mail.outbox.clear()
    queue_emails(meeting=meeting, kind=kind, person_ids=person_ids)
    send_due_emails()
    (message,) = mail.outbox
    return email.message_from_bytes(message.message().as_bytes(), policy=default_policy)


def parts(message) -> dict[str, object]:
    return {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}


def calendar_of(message) -> Calendar:
    """The attached calendar, parsed strictly: any warning or parse error fails."""
    part = parts(message)["text/calendar"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = Calendar.from_ical(part.get_content())
    assert [(c.name, c.errors) for c in cal.walk() if c.errors] == []
    return cal


def event_of(message):
    (event,) = calendar_of(message).walk("VEVENT")
    return event


# --- Invitations ----------------------------------------------------------------------


def test_an_invitation_has_both_bodies_and_a_request_attachment(head, settings):
    meeting = a_meeting(starts_at=london(date(2027, 3, 23), 16), invite=[head])

    message = sent(meeting, Kind.INVITATION)

    found = parts(message)
    assert set(found) == {"text/plain", "text/html", "text/calendar"}
    assert message["To"] == "hana.head@school.example"
    assert message["Subject"] == "Invitation: Primary heads' conference, Tuesday 23 March 2027"
    attachment = found["text/calendar"]
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invite.ics"
    cal = calendar_of(message)
    assert str(cal["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    event = event_of(message)
    assert str(event["UID"]) == f"{meeting.uid}@{settings.PORTAL_CALENDAR_DOMAIN}"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == london(date(2027, 3, 23), 16)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_an_invitation_says_when_and_where_in_london_time(head, settings):
    meeting = a_meeting(
        starts_at=london(date(2026, 10, 22), 16), invite=[head],
        online_link="https://teams.example/meet/123",
    )  # fmt: skip

    message = sent(meeting, Kind.INVITATION)

    text = parts(message)["text/plain"].get_content()
    html = parts(message)["text/html"].get_content()
    for body in (text, html):
        assert "Dear Hana Head," in body
        assert "Thursday 22 October 2026, 4pm to 5:30pm (UK time)" in body
        assert "Professional Centre, Room 1" in body
        assert "https://teams.example/meet/123" in body
        assert f"{settings.PORTAL_BASE_URL}/calendar/" in body
    assert "Primary heads' conference" in text, "plain text is not HTML-escaped"
    assert "Primary heads&#x27; conference" in html


@pytest.mark.parametrize(
    ("day", "start", "words"),
    [
        pytest.param(date(2026, 10, 22), (16, 0), "4pm to 5:30pm", id="bst"),
        pytest.param(date(2026, 11, 5), (16, 0), "4pm to 5:30pm", id="gmt"),
        pytest.param(date(2027, 3, 25), (12, 0), "midday to 1:30pm", id="midday"),
        pytest.param(date(2027, 4, 1), (9, 15), "9:15am to 10:45am", id="morning"),
    ],
)
def test_times_are_in_words_on_either_side_of_the_clock_changes(head, day, start, words):
    meeting = a_meeting(starts_at=london(day, *start), invite=[head])

    message = sent(meeting, Kind.INVITATION)

    assert words in parts(message)["text/plain"].get_content()


# --- Changes and cancellations --------------------------------------------------------


def test_a_reschedule_sends_an_update_with_the_next_sequence_and_the_same_uid(head):
    meeting = a_meeting(starts_at=london(date(2027, 3, 23), 16), invite=[head])
    invitation = event_of(sent(meeting, Kind.INVITATION))
    mail.outbox.clear()

    meeting_reschedule(
        meeting=meeting,
        starts_at=london(date(2027, 3, 24), 10),
        ends_at=london(date(2027, 3, 24), 11),
    )
    send_due_emails()

    (update,) = mail.outbox
    message = email.message_from_bytes(update.message().as_bytes(), policy=default_policy)
    event = event_of(message)
    assert message["Subject"] == "Changed: Primary heads' conference, Wednesday 24 March 2027"
    assert str(calendar_of(message)["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == str(invitation["UID"])
    assert event["SEQUENCE"] == invitation["SEQUENCE"] + 1 == 1
    assert event.decoded("DTSTART") == london(date(2027, 3, 24), 10)
    assert "Wednesday 24 March 2027, 10am to 11am" in parts(message)["text/plain"].get_content()


def test_a_cancellation_sends_method_cancel_with_status_cancelled(head):
    meeting = a_meeting(starts_at=london(date(2027, 3, 23), 16), invite=[head])
    invitation = event_of(sent(meeting, Kind.INVITATION))
    mail.outbox.clear()

    meeting_cancel(meeting=meeting)
    send_due_emails()

    (cancellation,) = mail.outbox
    message = email.message_from_bytes(cancellation.message().as_bytes(), policy=default_policy)
    event = event_of(message)
    assert message["Subject"] == "Cancelled: Primary heads' conference, Tuesday 23 March 2027"
    assert parts(message)["text/calendar"].get_param("method") == "CANCEL"
    assert str(calendar_of(message)["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(invitation["UID"])
    assert event["SEQUENCE"] == 1
    assert "This meeting has been cancelled." in parts(message)["text/plain"].get_content()


def test_a_withdrawn_invitees_cancellation_says_the_meeting_goes_ahead(head):
    meeting = a_meeting(starts_at=in_days(10), invite=[head])
    Invitation.objects.update(withdrawn_at=timezone.now())

    message = sent(meeting, Kind.CANCELLATION, person_ids=[head.pk])

    text = parts(message)["text/plain"].get_content()
    assert "You are no longer invited to this meeting" in text
    assert "goes ahead" in text
    assert str(event_of(message)["STATUS"]) == "CANCELLED"


# --- Reminders ------------------------------------------------------------------------


def test_a_reminder_has_both_bodies_and_no_calendar_attachment(head):
    meeting = a_meeting(starts_at=in_days(1), invite=[head])

    message = sent(meeting, Kind.REMINDER)

    assert set(parts(message)) == {"text/plain", "text/html"}
    assert message["Subject"].startswith("Reminder: Primary heads' conference, ")
    assert "reminder" in parts(message)["text/plain"].get_content()


def test_automatic_emails_ask_not_to_be_auto_replied_to(head):
    meeting = a_meeting(starts_at=in_days(10), invite=[head])

    message = sent(meeting, Kind.INVITATION)

    assert message["Auto-Submitted"] == "auto-generated"
