from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(bind=True)
def heartbeat(self) -> None:
    """Record that a worker ran a beat-scheduled task (shown on /healthz)."""
    Heartbeat.objects.update_or_create(
        name="celery",
        defaults={"last_beat_at": timezone.now(), "worker": self.request.hostname or ""},
    )
