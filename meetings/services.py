"""Changing a meeting: every change that matters to invitees raises its SEQUENCE and
queues an e-mail to them, in the same transaction."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from webhooks.events import emit

from .ical import LONDON
from .models import BriefingPack, Invitation, Meeting, OutboxEmail, Term
from .outbox import queue_emails


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, starts_at: datetime, ends_at: datetime, venue: str | None = None,
    online_link: str | None = None, by: User | None = None,
) -> Meeting:  # fmt: skip
    """Move a meeting (time and/or place); invitees get an update with the new SEQUENCE."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting cannot be rescheduled.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    changed = (meeting.starts_at, meeting.ends_at) != (starts_at, ends_at)
    for name, value in (("venue", venue), ("online_link", online_link)):
        if value is not None and getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed = True
    if not changed:
        return meeting
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    # The diary files a meeting under the term it now falls in; a meeting moved
    # into a holiday keeps the term it was planned for.
    day = starts_at.astimezone(LONDON).date()
    meeting.term = Term.objects.filter(starts_on__lte=day, ends_on__gte=day).first() or meeting.term
    meeting.sequence += 1
    meeting.save()
    BriefingPack.mark_stale(meeting_id=meeting.pk)  # its cover gives the old time or place
    queue_emails(
        meeting=meeting, kind=OutboxEmail.Kind.UPDATE, person_ids=_invited_by_email(meeting)
    )
    emit("meeting.updated", [meeting])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User | None = None) -> Meeting:
    """Cancel a meeting; invitees get METHOD:CANCEL. Cancelling twice changes nothing."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save()
    queue_emails(
        meeting=meeting, kind=OutboxEmail.Kind.CANCELLATION, person_ids=_invited_by_email(meeting)
    )
    emit("meeting.cancelled", [meeting])
    return meeting


def _invited_by_email(meeting: Meeting) -> list[int]:
    """Current invitees who were e-mailed the invitation. Those whose meeting is still
    beyond the notice window get the invitation, at the new SEQUENCE, when it comes
    into it; a change notice before any invitation would only confuse."""
    return list(
        Invitation.objects.filter(
            meeting=meeting,
            withdrawn_at=None,
            person__meeting_emails__meeting=meeting,
            person__meeting_emails__kind=OutboxEmail.Kind.INVITATION,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )


def invitation_reply(*, invitation: Invitation, rsvp: str) -> Invitation:
    """Record an invitee's reply to a meeting that has not yet happened."""
    if rsvp not in Invitation.Rsvp.values or rsvp == Invitation.Rsvp.PENDING:
        raise ValidationError("Choose attending, maybe or not attending.")
    meeting = invitation.meeting
    if meeting.is_cancelled or meeting.starts_at < timezone.now():
        raise ValidationError("This meeting has been cancelled or has already taken place.")
    invitation.rsvp = rsvp
    invitation.save(update_fields=["rsvp", "updated_at"])
    return invitation
