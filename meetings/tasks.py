"""Meetings' Celery tasks: thin wrappers over the scheduling and notification functions.

Each is idempotent and acks late, so a redelivery after a worker dies repeats
harmlessly: the outbox row of each e-mail decides whether it has been sent.
"""

from dataclasses import asdict

from celery import shared_task

from . import notifications
from .scheduling import schedule_meetings as _schedule_meetings


@shared_task(acks_late=True)
def schedule_meetings() -> dict:
    """Beat runs this daily; it is idempotent, so a redelivery changes nothing."""
    summary = _schedule_meetings()
    return {
        "meetings_created": summary.meetings_created,
        "invitations_added": summary.invitations_added,
        "invitations_withdrawn": summary.invitations_withdrawn,
    }


@shared_task(acks_late=True)
def send_outbox() -> dict:
    """Send every due meeting e-mail; enqueued when a transaction queues some, and run
    by beat every 5 minutes to pick up retries and any enqueue that was lost.

    Each row is locked, sent and marked in one short transaction, so a worker killed
    mid-run leaves unsent rows pending for the next run and sent rows sent; see
    `notifications.send_due_emails` for the exact guarantee. A failed send is retried
    with backoff through the row, not through Celery's retry, so it survives restarts.
    """
    return asdict(notifications.send_due_emails())


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Hourly: queue reminders for meetings starting within MEETING_REMINDER_HOURS."""
    return notifications.queue_reminders()


@shared_task(acks_late=True)
def queue_due_invitations() -> int:
    """Hourly (and within the daily scheduling): queue invitation e-mails for meetings
    that have come within MEETING_INVITATION_DAYS."""
    return notifications.queue_due_invitations()
