"""Emitting events: the services that change meetings, packs and schools call `emit`.

`emit` runs inside the caller's transaction and writes one WebhookDelivery per
changed row and subscribed endpoint there, so deliveries are committed with the
change or rolled back with it (an outbox). Once the transaction commits, a Celery
task is queued per delivery; if that is lost (a broker outage), the beat sweep finds
the delivery due and sends it.

With no endpoint subscribed to the event, `emit` costs one query and reads nothing
of the rows it was handed (a queryset given to it is never evaluated).
"""

import uuid
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Event, WebhookDelivery, WebhookEndpoint

# Rows serialized and deliveries written per round, bounding memory on a national
# GIAS import; queries grow per 1,000 changed rows, not per row.
CHUNK = 1000


def subscribers(event: str) -> list[WebhookEndpoint]:
    """Active endpoints subscribed to `event` whose key (if any) is still usable.

    One query. Endpoints are few (one or two per partner system), so their event
    lists are filtered here rather than with a JSON lookup SQLite lacks."""
    now = timezone.now()
    unexpired = Q(owner_key__expires_at=None) | Q(owner_key__expires_at__gt=now)
    usable_key = Q(owner_key=None) | (Q(owner_key__revoked_at=None) & unexpired)
    endpoints = WebhookEndpoint.objects.filter(usable_key, active=True).only("pk", "events")
    return [endpoint for endpoint in endpoints if endpoint.receives(event)]


def emit(event: str, objects: models.QuerySet | Iterable[models.Model]) -> int:
    """Record `event` for each of `objects` (model instances or a queryset of them) for
    every subscribed endpoint, and queue their delivery once the transaction commits.

    The data sent is the rows as they are now, in the REST API's representation, in an
    envelope `{"id", "type", "occurred_at", "data"}`; `id` is one uuid per row's event,
    shared by its deliveries to every endpoint. Returns how many deliveries were made."""
    if event not in Event.values:
        raise ValueError(f"unknown webhook event {event!r}")
    endpoints = subscribers(event)
    if not endpoints:
        return 0
    from .payloads import data_by_pk  # the REST serializers import the services

    if isinstance(objects, models.QuerySet):
        pks = list(objects.order_by().values_list("pk", flat=True))
    else:
        pks = [obj.pk for obj in objects]
    occurred_at = timezone.now()
    made: list[int] = []
    for start in range(0, len(pks), CHUNK):
        data = data_by_pk(event, pks[start : start + CHUNK])
        deliveries = []
        for body in data.values():
            event_id = uuid.uuid4()
            envelope = {
                "id": str(event_id), "type": event, "occurred_at": occurred_at, "data": body,
            }  # fmt: skip
            deliveries += [
                WebhookDelivery(
                    endpoint=endpoint,
                    event=event,
                    event_id=event_id,
                    payload=envelope,
                    next_attempt_at=occurred_at,
                    created_at=occurred_at,
                )  # fmt: skip
                for endpoint in endpoints
            ]
        made += [d.pk for d in WebhookDelivery.objects.bulk_create(deliveries)]
    if made:
        # robust: a broker outage must not turn a saved change into an error page; the
        # sweep sends what was not queued.
        transaction.on_commit(lambda: queue_deliveries(made), robust=True)
    return len(made)


def queue_deliveries(delivery_ids: list[int]) -> None:
    """A Celery task per delivery; each is attempted once however often it is queued."""
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)
