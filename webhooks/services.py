"""Registering, enabling and disabling webhook endpoints, and sending a delivery again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiKey, User

from . import addresses, signing
from .models import Event, WebhookDelivery, WebhookEndpoint


def endpoint_problems(*, url: str, events: list[str]) -> dict[str, str]:
    """What is wrong with a registration, by field (checks the URL's address now)."""
    problems = {}
    try:
        addresses.destination(url)
    except addresses.DestinationRefused as exc:
        problems["url"] = str(exc)
    unknown = [event for event in events if event not in Event.values]
    if unknown:
        problems["events"] = (
            f"Unknown event{'s' if len(unknown) > 1 else ''}: {', '.join(map(str, unknown))}. "
            f"Choose from {', '.join(Event.values)}."
        )
    elif not events:
        problems["events"] = f"Choose at least one event: {', '.join(Event.values)}."
    return problems


def endpoint_register(
    *, url: str, events: list[str], description: str = "", owner_key: ApiKey | None = None,
    by: User | None = None,
) -> tuple[WebhookEndpoint, str]:  # fmt: skip
    """Register an endpoint; returns it and its signing secret, to be shown once.

    Raises ValidationError naming the field: a URL that is not https, or whose host is
    not a public address (unless PORTAL_WEBHOOKS_ALLOW_PRIVATE), or an unknown event."""
    events = list(dict.fromkeys(events))
    problems = endpoint_problems(url=url, events=events)
    if problems:
        raise ValidationError(problems)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        url=url, events=events, description=description, secret=secret, owner_key=owner_key,
        created_by=by,
    )  # fmt: skip
    return endpoint, secret


@transaction.atomic
def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> WebhookEndpoint:
    """Stop sending to the endpoint, record why and tell its owner (after commit)."""
    from .delivery import notify_disabled

    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = reason
    endpoint.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
    transaction.on_commit(lambda: notify_disabled(endpoint))
    return endpoint


def endpoint_enable(*, endpoint: WebhookEndpoint, by=None) -> WebhookEndpoint:
    """Send to the endpoint again from the next event on. Deliveries abandoned while it
    was disabled stay abandoned (send them again one by one if they are wanted); the
    reason it was disabled is cleared with its count of failures."""
    if endpoint.active:
        return endpoint
    endpoint.active = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.consecutive_failures = 0
    endpoint.save(
        update_fields=[
            "active", "disabled_at", "disabled_reason", "consecutive_failures", "updated_at",
        ]
    )  # fmt: skip
    return endpoint


def delivery_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a delivery again now, with a fresh round of retries; the same event id goes,
    so a receiver that had it already can ignore it. A succeeded delivery is sent
    again too: that is what an officer asking to resend wants."""
    from .events import queue_deliveries

    now = timezone.now()
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: queue_deliveries([delivery.pk]), robust=True)
    return delivery


def due_deliveries(*, now=None, limit: int = 1000) -> list[int]:
    """Deliveries whose next attempt is due (oldest first), for the sweep to queue."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status__in=WebhookDelivery.DUE_STATUSES, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
