"""Queueing meeting e-mails: one outbox row per (meeting, person, kind, version).

Callers queue inside the transaction that changes the meeting; the rows are sent
by `meetings.tasks.send_outbox`, enqueued when that transaction commits.
"""

from collections.abc import Iterable

from django.db import transaction

from .models import Invitation, Meeting, OutboxEmail


def queue_emails(
    *, meeting: Meeting, kind: str, person_ids: Iterable[int] | None = None,
    version: int | None = None,
) -> int:  # fmt: skip
    """Queue `kind` e-mails about `meeting` for these people (default: its current
    invitees) at `version` (default: the meeting's SEQUENCE; a briefing pack has its
    own). Returns how many rows were new."""
    version = meeting.sequence if version is None else version
    if person_ids is None:
        person_ids = Invitation.objects.filter(meeting=meeting, withdrawn_at=None).values_list(
            "person_id", flat=True
        )
    rows = [
        OutboxEmail(meeting=meeting, person_id=pid, kind=kind, version=version)
        for pid in set(person_ids)
    ]
    before = OutboxEmail.objects.filter(meeting=meeting, kind=kind, version=version)
    count = before.count()
    OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
    added = before.count() - count
    if added:
        send_on_commit()
    return added


def send_on_commit() -> None:
    """Start the sender when the transaction that queued rows commits."""
    # robust: if the broker is down the change still stands; the sweep sends the mail.
    transaction.on_commit(_enqueue_sending, robust=True)


def _enqueue_sending() -> None:
    from .tasks import send_outbox

    send_outbox.delay()
