"""Meeting e-mails: which ones are due, what they say, and sending them from the outbox.

Every e-mail about a meeting is an `OutboxEmail` row, queued in the transaction that
made it necessary (`meetings.outbox.queue_emails`). This module decides when the
invitation and reminder rows are queued, renders a row into a message (plain text,
HTML and, for invitations, changes and cancellations, an iCalendar attachment), and
drains the outbox through Django's configured e-mail backend. The business of a meeting
has e-mails of its own, without attachments: a published briefing pack (a link to the
packs page, never the file), papers due before the agenda deadline (to item owners)
and overdue actions (to their owners); the last two go to people who need not be
invited to the meeting.

Delivery guarantee (see `send_due_emails`): each row is sent in its own short
transaction that holds the row's lock across the send and marks it sent before the
COMMIT. A worker killed at any point before the mail server accepts the message
leaves the row pending and unlocked (PostgreSQL aborts a dead connection's
transaction), so the next run sends it exactly once. The one window no outbox can
close without a transactional mail server is between the server's acceptance and our
COMMIT (microseconds after the last byte); a kill there sends that one e-mail again,
with the same Message-ID, which mail systems use to drop duplicates, and the same
iCalendar UID and SEQUENCE, so calendars update one event rather than adding another.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import SafeMIMEText
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from .business import agenda_deadline
from .ical import LONDON, invitation_ics
from .models import Action, AgendaItem, Invitation, Meeting, OutboxEmail
from .outbox import queue_emails

logger = logging.getLogger(__name__)

Kind = OutboxEmail.Kind

# After this many failed attempts a row is marked failed and logged at ERROR.
MAX_ATTEMPTS = 8
# The wait after the n-th failure is BACKOFF_BASE * 2**(n-1): 2, 4, 8 ... 128 minutes,
# about four hours in all, so an SMTP outage of an afternoon loses nothing.
BACKOFF_BASE = timedelta(minutes=2)


@dataclass(frozen=True)
class KindCopy:
    """How one kind of e-mail reads, and which iTIP method its attachment carries.

    `link` gives the page the e-mail sends its reader to (with `link_text`), `details`
    the lines listed under the lead (the person's items or actions), `lead_again` the
    lead of a later version (a re-published pack). `to_invitees` is False for e-mails
    to item and action owners, who are sent them whether or not they are invited."""

    subject_prefix: str
    lead: str
    method: str | None
    lead_again: str = ""
    link_text: str = ""
    link: Callable[[Meeting], str] | None = None
    details: Callable[[OutboxEmail], list[str]] | None = None
    to_invitees: bool = True


def _packs_page(meeting: Meeting) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse('packs:my_packs')}"


def _meeting_papers_page(meeting: Meeting) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse('papers:meeting_papers', args=[meeting.pk])}"


def _calendar_page(meeting: Meeting) -> str:
    return f"{settings.PORTAL_BASE_URL}/calendar/"


def _items_owned(email: OutboxEmail) -> list[str]:
    items = AgendaItem.objects.filter(meeting=email.meeting, owner=email.person)
    return [f"Item {item.position}: {item.title}" for item in items.order_by("position")]


def _overdue_actions(email: OutboxEmail) -> list[str]:
    return [
        f"{action.description} (due {_day(action.due_on)})"
        for action in _open_overdue(email).order_by("due_on", "pk")
    ]


def _open_overdue(email: OutboxEmail):
    return Action.objects.filter(
        meeting=email.meeting, owner=email.person, status=Action.Status.OPEN,
        due_on__lt=timezone.localdate(),
    )  # fmt: skip


# Reminders carry no calendar attachment: the invitation or the last change already put
# the event at its current SEQUENCE in the person's calendar, and another METHOD:REQUEST
# at the same SEQUENCE makes Outlook present it as a new request to answer (and some
# clients reset the reply already given). The reminder only nudges, with a link.
KINDS: dict[str, KindCopy] = {
    Kind.INVITATION: KindCopy("Invitation", "You are invited to this meeting.", "REQUEST"),
    Kind.UPDATE: KindCopy(
        "Changed",
        "The time or place of this meeting has changed. These are the new details.",
        "REQUEST",
    ),
    Kind.CANCELLATION: KindCopy("Cancelled", "This meeting has been cancelled.", "CANCEL"),
    Kind.REMINDER: KindCopy(
        "Reminder", "This is a reminder of a meeting you are invited to.", None
    ),
    # Business e-mails carry no calendar attachment: they do not change the event.
    Kind.PACK_PUBLISHED: KindCopy(
        "Briefing pack",
        "The briefing pack for this meeting has been published.",
        None,
        lead_again="The briefing pack for this meeting has been updated since it was "
        "published. Please use the new version.",
        link_text="Read the briefing pack (you will be asked to sign in)",
        link=_packs_page,
    ),
    Kind.AGENDA_DEADLINE: KindCopy(
        "Papers due",
        "Papers for your agenda items at this meeting are due by {deadline}.",
        None,
        link_text="Add your papers to the meeting",
        link=_meeting_papers_page,
        details=_items_owned,
        to_invitees=False,
    ),
    Kind.ACTION_OVERDUE: KindCopy(
        "Overdue action",
        "An action you own from this meeting is past its due date. Please complete it "
        "or tell the meeting's organiser when it will be done.",
        None,
        link_text="See your meetings",
        link=_calendar_page,
        details=_overdue_actions,
        to_invitees=False,
    ),
}
WITHDRAWN_LEAD = (
    "You are no longer invited to this meeting, so it comes out of your calendar. "
    "The meeting itself goes ahead."
)
CALENDAR_NOTES = {
    "REQUEST": "Your calendar should update from this e-mail. "
    "If it does not, open the attached invite.ics file.",
    "CANCEL": "Your calendar should remove the meeting using this e-mail. "
    "If it does not, open the attached invite.ics file or delete the meeting yourself.",
}


# --- What is due --------------------------------------------------------------------


def _upcoming(*, now: datetime, within: timedelta):
    return Meeting.objects.filter(starts_at__gt=now, starts_at__lte=now + within).exclude(
        status__in=[Meeting.Status.CANCELLED, Meeting.Status.HELD]
    )


def _queue_by_meeting(*, pairs: Iterable[tuple[int, int]], kind: str) -> int:
    """Queue `kind` e-mails for (meeting id, person id) pairs, one queue_emails per meeting."""
    people: dict[int, list[int]] = defaultdict(list)
    for meeting_id, person_id in pairs:
        people[meeting_id].append(person_id)
    added = 0
    for meeting in Meeting.objects.filter(pk__in=people):
        added += queue_emails(meeting=meeting, kind=kind, person_ids=people[meeting.pk])
    return added


def queue_due_invitations(
    *, now: datetime | None = None, meetings: Iterable[Meeting] | None = None
) -> int:
    """Queue invitation e-mails for the current invitees of meetings starting within
    MEETING_INVITATION_DAYS who have had none. Returns how many rows were new.

    The calendar feed shows the whole diary at once; the e-mail waits for the notice
    window so people are not sent a year of invitations on the day a series is set
    up. A person has at most one invitation e-mail per meeting whatever its version:
    after a change they are sent the change, not a second invitation.
    """
    now = now or timezone.now()
    due = _upcoming(now=now, within=timedelta(days=settings.MEETING_INVITATION_DAYS))
    if meetings is not None:
        due = due.filter(pk__in=[m.pk for m in meetings])
    already = OutboxEmail.objects.filter(
        meeting=OuterRef("meeting"), person=OuterRef("person"), kind=Kind.INVITATION
    )
    pairs = (
        Invitation.objects.filter(meeting__in=due, withdrawn_at=None)
        .exclude(Exists(already))
        .values_list("meeting_id", "person_id")
    )
    return _queue_by_meeting(pairs=pairs, kind=Kind.INVITATION)


def queue_reminders(*, now: datetime | None = None) -> int:
    """Queue reminder e-mails for invitees of meetings starting within
    MEETING_REMINDER_HOURS that have none at the meeting's current version.

    Runs hourly; the outbox's uniqueness per version makes a rerun queue nothing, and a
    meeting moved inside the window is reminded of again at its new time. People who
    said they will not attend are not reminded.
    """
    now = now or timezone.now()
    due = _upcoming(now=now, within=timedelta(hours=settings.MEETING_REMINDER_HOURS))
    already = OutboxEmail.objects.filter(
        meeting=OuterRef("meeting"),
        person=OuterRef("person"),
        kind=Kind.REMINDER,
        version=OuterRef("meeting__sequence"),
    )
    pairs = (
        Invitation.objects.filter(meeting__in=due, withdrawn_at=None)
        .exclude(rsvp=Invitation.Rsvp.DECLINED)
        .exclude(Exists(already))
        .values_list("meeting_id", "person_id")
    )
    return _queue_by_meeting(pairs=pairs, kind=Kind.REMINDER)


# --- What an e-mail says ------------------------------------------------------------


def _clock(moment: time) -> str:
    """GOV.UK style times: 4pm, 5:30pm, midday."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _day(moment: datetime) -> str:
    return dateformat.format(moment, "l j F Y")


def when_in_words(meeting: Meeting) -> str:
    """The meeting's date and time in Europe/London, e.g. "Tuesday 13 October 2026,
    4pm to 5:30pm", whatever the server's time zone and whichever side of a clock change."""
    start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    if start.date() == end.date():
        return f"{_day(start)}, {_clock(start.time())} to {_clock(end.time())}"
    return f"{_day(start)}, {_clock(start.time())} to {_day(end)}, {_clock(end.time())}"


def message_id(email: OutboxEmail) -> str:
    """The same Message-ID every time a row is sent, so a resend after a crash in the
    last microseconds is recognisably the same message."""
    return f"<outbox-{email.pk}@{settings.PORTAL_CALENDAR_DOMAIN}>"


def _calendar_part(meeting: Meeting, *, method: str, attendee) -> SafeMIMEText:
    """The iMIP attachment: text/calendar with the method as a parameter, which is what
    Outlook and Gmail look for to offer "add to calendar" or update the event."""
    ics = invitation_ics(meeting, cancel=method == "CANCEL", attendee=attendee).decode()
    part = SafeMIMEText(ics, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def render_email(
    *, email: OutboxEmail, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    """The message for one outbox row, showing the meeting as it is now (a later change
    has a row of its own). `email` needs `meeting__body`, `meeting__series` and `person`
    loaded."""
    meeting, person = email.meeting, email.person
    copy = KINDS[email.kind]
    lead = copy.lead_again if copy.lead_again and email.version > 1 else copy.lead
    if email.kind == Kind.CANCELLATION and not meeting.is_cancelled:
        lead = WITHDRAWN_LEAD  # the person left the audience; the meeting stands
    if "{deadline}" in lead:
        deadline = agenda_deadline(meeting)  # the one rule the reminders are queued by
        lead = lead.format(deadline=_day(deadline.astimezone(LONDON)))
    when = when_in_words(meeting)
    subject = (
        f"{copy.subject_prefix}: {meeting.title}, {_day(meeting.starts_at.astimezone(LONDON))}"
    )
    context = {
        "subject": subject,
        "name": person.get_full_name() or person.email,
        "lead": lead,
        "title": meeting.title,
        "body_name": meeting.body.name,
        "when": when,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
        "calendar_note": CALENDAR_NOTES.get(copy.method or ""),
        "calendar_url": f"{settings.PORTAL_BASE_URL}/calendar/",
        "link_text": copy.link_text,
        "link_url": copy.link(meeting) if copy.link else "",
        "details": copy.details(email) if copy.details else [],
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("meetings/email/meeting.txt", context),
        to=[person.email],
        connection=connection,
        headers={
            "Message-ID": message_id(email),
            # RFC 3834: tells out-of-office responders not to answer.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("meetings/email/meeting.html", context), "text/html"
    )
    if copy.method:
        message.attach(_calendar_part(meeting, method=copy.method, attendee=email.person))
    return message


# --- Sending the outbox -------------------------------------------------------------


@dataclass
class SendSummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


_current_invitation = Invitation.objects.filter(
    meeting=OuterRef("meeting"), person=OuterRef("person"), withdrawn_at=None
)


def _due(now: datetime):
    return OutboxEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=OutboxEmail.Status.PENDING,
    )


def _reason_not_to_send(email: OutboxEmail) -> str:
    """Why a row queued earlier should no longer go out ("" if it should).

    Rows wait only while SMTP fails, but while they wait things change: a cancelled
    meeting's invitees have a cancellation queued, and a withdrawn invitee has one
    too, so an older invitation, change or reminder would put the meeting back in
    their calendar. `email` carries `still_invited` from the claim query.
    """
    if not email.person.is_active:
        return "Not sent: the person was deactivated."
    if email.kind == Kind.CANCELLATION:
        return ""
    if email.kind == Kind.ACTION_OVERDUE:
        if not _open_overdue(email).exists():
            return "Not sent: the action was done before this e-mail went out."
        return ""
    if email.meeting.is_cancelled:
        return "Not sent: the meeting was cancelled before this e-mail went out."
    if KINDS[email.kind].to_invitees and not email.still_invited:
        return "Not sent: the person was no longer invited when it was due."
    return ""


def _record_failure(email: OutboxEmail, error: Exception, *, now: datetime) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    email.sent_at = None
    if email.attempts >= MAX_ATTEMPTS:
        email.status, email.next_attempt_at = OutboxEmail.Status.FAILED, None
        logger.error(
            "Gave up on outbox e-mail %s (%s to person %s) after %s attempts: %s",
            email.pk, email.kind, email.person_id, email.attempts, email.last_error,
        )  # fmt: skip
    else:
        email.status = OutboxEmail.Status.PENDING
        email.next_attempt_at = now + BACKOFF_BASE * 2 ** (email.attempts - 1)
        logger.warning(
            "Outbox e-mail %s not sent (attempt %s, next at %s): %s",
            email.pk, email.attempts, email.next_attempt_at, email.last_error,
        )  # fmt: skip
    email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])


def _send_next(*, connection: BaseEmailBackend, now: datetime | None) -> str | None:
    """Claim, send and mark one due row in one transaction; the outcome, or None if
    no row is due (or every due row is locked by another worker)."""
    with transaction.atomic():
        at = now or timezone.now()
        email = (
            _due(at)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("meeting__body", "meeting__series", "person")
            .annotate(still_invited=Exists(_current_invitation))
            .order_by("id")
            .first()
        )
        if email is None:
            return None
        reason = _reason_not_to_send(email)
        if reason:
            # Done with, never delivered: last_error says why.
            email.status, email.last_error = OutboxEmail.Status.SKIPPED, reason
            email.save(update_fields=["status", "last_error"])
            return "skipped"
        try:
            message = render_email(email=email, connection=connection)
            # Marked before sending: the UPDATE is invisible until COMMIT, so after the
            # server accepts the message only the COMMIT remains to be done.
            email.status, email.sent_at = OutboxEmail.Status.SENT, at
            email.save(update_fields=["status", "sent_at"])
            # Opened here (a no-op once open) so one SMTP session serves the whole run.
            connection.open()
            if connection.send_messages([message]) != 1:
                raise OSError("the e-mail backend reported the message as not sent")
        except DatabaseError:
            raise  # the transaction is broken; the row stays pending for the next run
        except Exception as error:
            # SMTP errors are OSErrors; anything else (a bad address, a template bug) is
            # recorded too, so one bad row cannot hold up the rest of the outbox.
            with suppress(Exception):
                connection.close()  # a broken SMTP session is reopened for the next row
            _record_failure(email, error, now=at)
            return "failed" if email.status == OutboxEmail.Status.FAILED else "retrying"
        return "sent"


def send_due_emails(*, now: datetime | None = None) -> SendSummary:
    """Send every due outbox row (pending, with no retry time or one that has passed).

    Each row is claimed with SELECT ... FOR UPDATE SKIP LOCKED, one per transaction:
    workers draining at once share the rows without waiting for each other, and the
    lock is held only across that row's send. The row is marked sent inside the same
    transaction before the message goes to the backend, so:

    - killed before the server accepts the message: the transaction never commits,
      PostgreSQL releases the lock when the connection drops, and the next run (the
      redelivered task, another worker, or the 5-minute drain) sends it once;
    - the send fails (SMTP error, refused connection): the row stays pending with
      attempts, last_error and a next_attempt_at backing off exponentially; after
      MAX_ATTEMPTS it is marked failed and logged at ERROR, never dropped silently;
    - killed between the server's acceptance and our COMMIT: the row is sent again,
      with the same Message-ID, UID and SEQUENCE. Closing that window would need a
      mail server that takes part in our transaction; it is the width of one COMMIT.

    Claiming a batch under one lock would widen that last window to the whole batch,
    which is why rows are claimed one at a time. Returns what happened to the rows.
    """
    summary = SendSummary()
    connection = get_connection()
    try:
        while (outcome := _send_next(connection=connection, now=now)) is not None:
            setattr(summary, outcome, getattr(summary, outcome) + 1)
    finally:
        with suppress(Exception):
            connection.close()
    return summary
