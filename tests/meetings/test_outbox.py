"""The meeting e-mail outbox: what gets queued when, and sending it once, with retries.

Sending goes through Django's configured backend: locmem in tests, and a real SMTP
backend pointed at a closed port where a failure is wanted.
"""

import logging
import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries, OutboxEmail
from meetings.notifications import (
    MAX_ATTEMPTS,
    queue_due_invitations,
    queue_reminders,
    send_due_emails,
)
from meetings.outbox import queue_emails
from meetings.scheduling import schedule_meetings
from meetings.services import meeting_cancel, meeting_reschedule
from meetings.tasks import send_outbox
from partnerships.models import Body, Membership
from tests import factories

LONDON = ZoneInfo("Europe/London")
Kind = OutboxEmail.Kind
Status = OutboxEmail.Status

pytestmark = pytest.mark.django_db


def a_meeting(
    *, starts_at: datetime, invite=(), title: str = "Primary heads' conference", **fields
):
    """A meeting of 90 minutes with these people invited."""
    body, _ = Body.objects.get_or_create(
        name="Primary headteachers' conference", defaults={"kind": Body.Kind.PHASE_CONFERENCE}
    )
    series, _ = MeetingSeries.objects.get_or_create(body=body, title=body.name)
    local_day = starts_at.astimezone(LONDON).date()
    term = ensure_academic_year(academic_year_starting(local_day)).terms.first()
    meeting = Meeting.objects.create(
        series=series, body=body, term=term, occurrence=f"{starts_at:%Y%m%d%H%M} {title}"[:40],
        title=title, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=90),
        venue=fields.pop("venue", "Professional Centre, Room 1"), **fields,
    )  # fmt: skip
    Invitation.objects.bulk_create([Invitation(meeting=meeting, person=p) for p in invite])
    return meeting


def in_days(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def rows(**filters) -> list[tuple]:
    return sorted(
        OutboxEmail.objects.filter(**filters).values_list("person__email", "kind", "version")
    )


@pytest.fixture
def people():
    return [factories.person(email=f"head{n}@school.example") for n in range(3)]


@pytest.fixture
def smtp_down(settings):
    """Django's real SMTP backend, pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return settings


def smtp_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# --- Sending once -------------------------------------------------------------------


def test_running_send_outbox_twice_sends_each_email_once(people):
    meeting = a_meeting(starts_at=in_days(10), invite=people)
    queue_emails(meeting=meeting, kind=Kind.INVITATION)

    first = send_outbox()
    second = send_outbox()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert (first["sent"], second["sent"]) == (3, 0)
    assert OutboxEmail.objects.filter(status=Status.SENT, sent_at__isnull=False).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_send_each_email_once():
    invitees = [factories.person() for _ in range(40)]
    meeting = a_meeting(starts_at=in_days(10), invite=invitees)
    # Rows written directly: queue_emails would also enqueue a task on the test broker.
    OutboxEmail.objects.bulk_create(
        OutboxEmail(meeting=meeting, person=p, kind=Kind.INVITATION) for p in invitees
    )
    start, errors = threading.Barrier(2), []

    def drain():
        try:
            start.wait()
            send_due_emails()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in invitees)
    assert OutboxEmail.objects.filter(status=Status.SENT).count() == 40


def test_queueing_the_same_email_again_sends_nothing_more(people):
    meeting = a_meeting(starts_at=in_days(10), invite=people)
    queue_emails(meeting=meeting, kind=Kind.INVITATION)
    send_due_emails()

    assert queue_emails(meeting=meeting, kind=Kind.INVITATION) == 0
    send_due_emails()

    assert len(mail.outbox) == 3


def test_each_row_has_its_own_stable_message_id(people, settings):
    meeting = a_meeting(starts_at=in_days(10), invite=people)
    queue_emails(meeting=meeting, kind=Kind.INVITATION)

    send_due_emails()

    expected = {
        f"<outbox-{pk}@{settings.PORTAL_CALENDAR_DOMAIN}>"
        for pk in OutboxEmail.objects.values_list("pk", flat=True)
    }
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == expected
    assert {m.message()["Message-ID"] for m in mail.outbox} == expected


# --- Failing and retrying -----------------------------------------------------------


def test_a_failed_send_stays_pending_and_a_later_run_sends_it(people, smtp_down, caplog):
    meeting = a_meeting(starts_at=in_days(10), invite=people[:1])
    queue_emails(meeting=meeting, kind=Kind.INVITATION)
    before = timezone.now()

    summary = send_due_emails()

    row = OutboxEmail.objects.get()
    assert (summary.retrying, summary.sent) == (1, 0)
    assert (row.status, row.attempts, row.sent_at) == (Status.PENDING, 1, None)
    assert "Connection refused" in row.last_error
    assert row.next_attempt_at >= before + timedelta(minutes=2)
    assert "not sent (attempt 1" in caplog.text

    smtp_back(smtp_down)
    send_due_emails()
    assert mail.outbox == [], "not before its next attempt is due"

    send_due_emails(now=row.next_attempt_at)

    row.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[people[0].email]]
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert row.sent_at == row.next_attempt_at


def test_retries_back_off_exponentially(people, smtp_down):
    meeting = a_meeting(starts_at=in_days(10), invite=people[:1])
    queue_emails(meeting=meeting, kind=Kind.INVITATION)
    now = timezone.now()
    waits = []

    for _ in range(3):
        send_due_emails(now=now)
        row = OutboxEmail.objects.get()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at

    assert waits == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]


def test_after_the_last_attempt_the_email_is_marked_failed_and_logged(people, smtp_down, caplog):
    meeting = a_meeting(starts_at=in_days(10), invite=people[:1])
    queue_emails(meeting=meeting, kind=Kind.INVITATION)
    OutboxEmail.objects.update(attempts=MAX_ATTEMPTS - 1)

    with caplog.at_level(logging.ERROR, logger="meetings.notifications"):
        summary = send_due_emails()

    row = OutboxEmail.objects.get()
    assert summary.failed == 1
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.FAILED, MAX_ATTEMPTS, None)
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert f"Gave up on outbox e-mail {row.pk} (invitation to person {people[0].pk})" in caplog.text
    assert "Connection refused" in caplog.text
    smtp_back(smtp_down)
    send_due_emails(now=timezone.now() + timedelta(days=1))
    assert mail.outbox == []


def test_one_failing_row_does_not_hold_up_the_others(people):
    meeting = a_meeting(starts_at=in_days(10), invite=people)
    queue_emails(meeting=meeting, kind=Kind.INVITATION)
    people[0].email = "not an address\nBcc: everyone@example.test"
    people[0].save()

    summary = send_due_emails()

    assert (summary.sent, summary.retrying) == (2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[1:])
    assert OutboxEmail.objects.get(person=people[0]).attempts == 1


# --- What is no longer wanted is not sent --------------------------------------------


def test_a_waiting_reminder_of_a_cancelled_meeting_is_not_sent(people):
    meeting = a_meeting(starts_at=in_days(1), invite=people[:1])
    queue_due_invitations()
    send_due_emails()
    mail.outbox.clear()
    queue_reminders()
    meeting_cancel(meeting=meeting)

    summary = send_due_emails()

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Cancelled"]
    reminder = OutboxEmail.objects.get(kind=Kind.REMINDER)
    assert summary.skipped == 1
    assert (reminder.status, reminder.sent_at) == (Status.SKIPPED, None)
    assert "cancelled" in reminder.last_error


# --- Invitations: only within the notice window -------------------------------------


def test_invitation_emails_wait_for_the_notice_window(people, settings):
    settings.MEETING_INVITATION_DAYS = 42
    near = a_meeting(starts_at=in_days(41), invite=people[:1], title="Near")
    far = a_meeting(starts_at=in_days(43), invite=people[:1], title="Far")
    a_meeting(starts_at=in_days(-1), invite=people[:1], title="Past")
    cancelled = a_meeting(starts_at=in_days(5), invite=people[:1], title="Called off")
    meeting_cancel(meeting=cancelled)

    assert queue_due_invitations() == 1
    invited_to = OutboxEmail.objects.filter(kind=Kind.INVITATION).values_list("meeting", flat=True)
    assert list(invited_to) == [near.pk]
    assert queue_due_invitations(now=timezone.now() + timedelta(days=2)) == 1
    assert OutboxEmail.objects.filter(kind=Kind.INVITATION, meeting=far).exists()


def test_invitation_emails_are_queued_once_per_person_whatever_the_version(people):
    meeting = a_meeting(starts_at=in_days(10), invite=people[:2])
    queue_due_invitations()
    later = meeting.starts_at + timedelta(days=1)
    meeting_reschedule(meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=1))

    assert queue_due_invitations() == 0
    Invitation.objects.create(meeting=meeting, person=people[2])
    assert queue_due_invitations() == 1

    assert rows(kind=Kind.INVITATION) == [
        (people[0].email, Kind.INVITATION, 0),
        (people[1].email, Kind.INVITATION, 0),
        (people[2].email, Kind.INVITATION, 1),
    ]


def test_withdrawn_invitees_are_not_sent_invitations(people):
    meeting = a_meeting(starts_at=in_days(10), invite=people[:2])
    Invitation.objects.filter(person=people[1]).update(withdrawn_at=timezone.now())

    queue_due_invitations()

    assert rows() == [(people[0].email, Kind.INVITATION, meeting.sequence)]


# --- Invitations and withdrawals from the nightly scheduling -------------------------

# The first school day of spring 2027: the spring meeting (week 4, Tuesday 26 January)
# is inside the 42-day notice window, the summer one is not.
SPRING_2027 = date(2027, 1, 4)
BEFORE_THE_WINDOW = date(2026, 12, 7)  # 50 days before 26 January 2027


@pytest.fixture
def working_group(people):
    body = Body.objects.create(name="Attendance working group", kind=Body.Kind.WORKING_GROUP)
    for person in people[:2]:
        Membership.objects.create(body=body, person=person, starts_on=date(2026, 1, 1))
    series = MeetingSeries.objects.create(
        body=body, title="Attendance working group", cadence=MeetingSeries.Cadence.TERMLY,
        week=4, weekday=MeetingSeries.Weekday.TUESDAY, starts_at=time(16), ends_at=time(17),
    )  # fmt: skip
    return series


def spring_meeting(series) -> Meeting:
    return series.meetings.get(occurrence="2026/27 spring 1")


def test_scheduling_queues_invitation_emails_for_meetings_within_the_window(working_group, people):
    schedule_meetings(today=SPRING_2027)

    spring = spring_meeting(working_group)
    assert spring.starts_at.astimezone(LONDON).date() == date(2027, 1, 26)
    assert rows() == [
        (people[0].email, Kind.INVITATION, 0),
        (people[1].email, Kind.INVITATION, 0),
    ]
    assert set(OutboxEmail.objects.values_list("meeting", flat=True)) == {spring.pk}
    assert Invitation.objects.filter(meeting__series=working_group).count() > 2


def test_scheduling_again_queues_no_more_emails(working_group):
    schedule_meetings(today=SPRING_2027)
    queued = OutboxEmail.objects.count()

    schedule_meetings(today=SPRING_2027)

    assert OutboxEmail.objects.count() == queued == 2


def test_a_new_member_is_sent_an_invitation_at_the_next_scheduling(working_group, people):
    schedule_meetings(today=SPRING_2027)
    Membership.objects.create(body=working_group.body, person=people[2], starts_on=date(2026, 1, 1))

    schedule_meetings(today=SPRING_2027)

    assert (people[2].email, Kind.INVITATION, 0) in rows(meeting=spring_meeting(working_group))


def test_a_withdrawn_invitee_is_sent_a_cancellation(working_group, people):
    schedule_meetings(today=SPRING_2027)
    send_due_emails()
    Membership.objects.filter(person=people[1]).update(ends_on=timezone.localdate() - timedelta(1))

    summary = schedule_meetings(today=SPRING_2027)

    spring = spring_meeting(working_group)
    assert summary.invitations_withdrawn > 1  # every future meeting, e-mailed or not
    assert rows(kind=Kind.CANCELLATION) == [(people[1].email, Kind.CANCELLATION, 0)]
    assert OutboxEmail.objects.get(kind=Kind.CANCELLATION).meeting == spring
    mail.outbox.clear()
    send_due_emails()
    (message,) = mail.outbox
    assert message.to == [people[1].email]
    assert message.subject.startswith("Cancelled: Attendance working group")
    assert "You are no longer invited to this meeting" in message.body


def test_a_withdrawn_invitee_never_emailed_about_the_meeting_is_sent_nothing(working_group, people):
    schedule_meetings(today=BEFORE_THE_WINDOW)
    assert Invitation.objects.filter(person=people[1]).exists()
    Membership.objects.filter(person=people[1]).update(ends_on=timezone.localdate() - timedelta(1))

    summary = schedule_meetings(today=BEFORE_THE_WINDOW)

    assert summary.invitations_withdrawn > 0
    assert rows() == []


# --- Reminders ------------------------------------------------------------------------


def test_reminders_are_queued_once_per_version(people, settings):
    settings.MEETING_REMINDER_HOURS = 48
    meeting = a_meeting(starts_at=in_days(1), invite=people[:2])

    assert queue_reminders() == 2
    assert queue_reminders() == 0
    later = meeting.starts_at + timedelta(hours=2)
    meeting_reschedule(meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=1))
    assert queue_reminders() == 2

    assert rows(kind=Kind.REMINDER) == [
        (people[0].email, Kind.REMINDER, 0),
        (people[0].email, Kind.REMINDER, 1),
        (people[1].email, Kind.REMINDER, 0),
        (people[1].email, Kind.REMINDER, 1),
    ]


def test_reminders_only_for_meetings_within_the_reminder_window(people, settings):
    settings.MEETING_REMINDER_HOURS = 48
    a_meeting(starts_at=timezone.now() + timedelta(hours=47), invite=people[:1], title="Soon")
    a_meeting(starts_at=timezone.now() + timedelta(hours=49), invite=people[:1], title="Later")
    a_meeting(starts_at=timezone.now() - timedelta(hours=1), invite=people[:1], title="Begun")
    cancelled = a_meeting(starts_at=in_days(1), invite=people[:1], title="Called off")
    meeting_cancel(meeting=cancelled)

    queue_reminders()

    assert list(OutboxEmail.objects.filter(kind=Kind.REMINDER).values_list("meeting__title")) == [
        ("Soon",)
    ]


def test_people_who_declined_are_not_reminded(people):
    meeting = a_meeting(starts_at=in_days(1), invite=people[:2])
    Invitation.objects.filter(meeting=meeting, person=people[1]).update(
        rsvp=Invitation.Rsvp.DECLINED
    )

    queue_reminders()

    assert rows() == [(people[0].email, Kind.REMINDER, 0)]


# --- Beat ---------------------------------------------------------------------------------


def test_beat_queues_reminders_hourly_and_drains_the_outbox_every_five_minutes():
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab", "interval")}

    reminders = tasks["meetings.tasks.send_reminders"]
    invitations = tasks["meetings.tasks.queue_due_invitations"]
    drain = tasks["meetings.tasks.send_outbox"]
    for hourly in (reminders, invitations):
        assert hourly.enabled
        assert (hourly.crontab.hour, hourly.crontab.day_of_week) == ("*", "*")
        assert hourly.crontab.minute.isdigit()
    assert drain.enabled and (drain.interval.every, drain.interval.period) == (5, "minutes")
    assert tasks["meetings.tasks.schedule_meetings"].crontab.hour == "2"


def test_a_deactivated_person_is_sent_nothing(people):
    from accounts.people import person_deactivate

    meeting = a_meeting(starts_at=in_days(3), invite=people[:2])
    queue_due_invitations()
    person_deactivate(person=people[0], by=None)

    send_due_emails()

    assert [m.to for m in mail.outbox] == [[people[1].email]]
    assert OutboxEmail.objects.get(person=people[0]).status == Status.SKIPPED
    assert meeting.invitations.count() == 2
