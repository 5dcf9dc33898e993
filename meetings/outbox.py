"""Queueing meeting e-mails: one outbox row per (meeting, person, kind, version).

Callers queue inside the transaction that changes the meeting; the rows are sent
by `meetings.tasks.send_outbox`, enqueued when that transaction commits.
"""

from collections.abc import Iterable

from django.db import transaction

from .models import Invitation, Meeting, OutboxEmail


def queue_emails(*, meeting: Meeting, kind: str, person_ids: Iterable[int] | None = None) -> int:
    """Queue `kind` e-mails about `meeting` for these people (default: its current
    invitees) at the meeting's current version. Returns how many rows were new."""
    if person_ids is None:
        person_ids = Invitation.objects.filter(meeting=meeting, withdrawn_at=None).values_list(
            "person_id", flat=True
        )
    rows = [
        OutboxEmail(meeting=meeting, person_id=pid, kind=kind, version=meeting.sequence)
        for pid in set(person_ids)
    ]
    before = OutboxEmail.objects.filter(meeting=meeting, kind=kind, version=meeting.sequence)
    count = before.count()
    OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
    added = before.count() - count
    if added:
        transaction.on_commit(_enqueue_sending)
    return added


def _enqueue_sending() -> None:
    from .tasks import send_outbox

    send_outbox.delay()
