from celery import shared_task

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
