"""Meetings' Celery tasks: thin wrappers over the scheduling, notification, briefing
pack and meeting business functions.

Each is idempotent and acks late, so a redelivery after a worker dies repeats
harmlessly: the outbox row of each e-mail decides whether it has been sent.
"""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from . import notifications, packs
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


@shared_task(acks_late=True)
def publish_due_packs() -> int:
    """Every 15 minutes: publish the packs that have come due and re-publish stale ones;
    an up-to-date pack is left as it is, so a rerun sends nothing. Returns e-mails queued."""
    return packs.publish_due_packs()


# meetings.business is imported when the task runs, not when the worker loads this
# module: the task module must load (and beat's schedule resolve) on its own.


@shared_task(acks_late=True)
def send_agenda_deadline_reminders() -> int:
    """Daily: remind item owners whose papers are due before the agenda deadline."""
    from . import business

    return business.queue_agenda_deadline_reminders(now=timezone.now())


@shared_task(acks_late=True)
def send_overdue_action_reminders() -> int:
    """Daily: remind owners of open actions past their due date."""
    from . import business

    return business.queue_overdue_action_reminders(today=timezone.localdate())
