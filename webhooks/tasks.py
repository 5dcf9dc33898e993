"""Celery tasks for webhooks: thin wrappers over webhooks.delivery."""

from celery import shared_task

from . import delivery, services
from .events import queue_deliveries


@shared_task
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at a delivery if it is due; nothing if it is done or being attempted."""
    return delivery.attempt(delivery_id)


@shared_task
def send_due_webhooks() -> int:
    """Beat, every minute: queue the deliveries whose retry is due (and any whose first
    task was lost). A delivery queued twice is attempted once."""
    due = services.due_deliveries()
    queue_deliveries(due)
    return len(due)
