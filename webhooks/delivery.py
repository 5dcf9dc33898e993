"""Delivering a webhook: one attempt at one delivery, and what follows from it.

An attempt claims the delivery (pushing `next_attempt_at` a lease ahead, so a second
copy of the task or the sweep finds nothing to do), resolves and checks the address
again (webhooks.addresses), POSTs the signed body to the checked address with a
short timeout, following no redirect and reading at most RESPONSE_CAP bytes of the
answer, then records the outcome:

- a 2xx answer: succeeded; the endpoint's count of failed deliveries goes back to 0;
- anything else: tried again after RETRY_DELAYS (with jitter), then abandoned; an
  endpoint whose last PORTAL_WEBHOOKS_DISABLE_AFTER deliveries were all abandoned is
  disabled, its reason recorded and its owner e-mailed.

A worker that dies mid-attempt leaves the delivery to be tried again when its lease
runs out. Running the task for a delivery that succeeded sends nothing.
"""

import json
import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import urllib3
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import addresses, signing
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# After the first attempt fails: 1 minute, 5 minutes, 30 minutes, 2 hours, 12 hours.
RETRY_DELAYS = [
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
    timedelta(hours=12),
]  # fmt: skip
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
JITTER = 0.1  # ± this share of the delay, so retries after an outage do not arrive at once
CONNECT_TIMEOUT = 5.0
RESPONSE_TIMEOUT = 10.0  # the whole answer, not each read
RESPONSE_CAP = 64 * 1024
# How long an attempt holds its delivery: well beyond the timeouts above.
LEASE = timedelta(minutes=5)
ERROR_LENGTH = 1000


@dataclass
class Outcome:
    status_code: int | None = None
    error: str = ""
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


def headers_for(delivery: WebhookDelivery, secret: str, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": f"{settings.SERVICE_NAME} webhooks",
        "Portal-Event": delivery.event,
        "Portal-Delivery": str(delivery.event_id),
        "Portal-Signature": signing.signature_header(secret, body),
    }


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST to `url`, connecting only to an address checked just now."""
    started = time.monotonic()

    def outcome(**fields) -> Outcome:
        return Outcome(duration_ms=int((time.monotonic() - started) * 1000), **fields)

    try:
        where = addresses.destination(url)
    except addresses.DestinationRefused as exc:
        return outcome(error=f"Refused: {exc}")
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=RESPONSE_TIMEOUT)
    # The pool's host is the checked address; the URL's host goes in the Host header
    # and, for https, in SNI and the certificate check, so TLS still proves the name.
    if where.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            where.addresses[0], where.port, timeout=timeout, retries=False, maxsize=1,
            cert_reqs="CERT_REQUIRED", server_hostname=where.host, assert_hostname=where.host,
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(
            where.addresses[0], where.port, timeout=timeout, retries=False, maxsize=1
        )
    try:
        response = pool.urlopen(
            "POST", where.target, body=body, headers={**headers, "Host": where.host_header},
            redirect=False, preload_content=False, assert_same_host=False,
        )  # fmt: skip
        deadline = started + CONNECT_TIMEOUT + RESPONSE_TIMEOUT
        read = 0
        # The answer is read (a receiver may wait for it to be read) but not kept.
        while read < RESPONSE_CAP and time.monotonic() < deadline:
            chunk = response.read(min(8192, RESPONSE_CAP - read))
            if not chunk:
                break
            read += len(chunk)
        response.release_conn()
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        # Whatever the receiver or the network does, the attempt is counted, so the
        # delivery moves on to its retries and is abandoned in the end.
        return outcome(error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH])
    finally:
        pool.close()
    if 300 <= response.status < 400:
        return outcome(
            status_code=response.status,
            error=f"Redirect to {response.headers.get('Location', '?')} not followed."[
                :ERROR_LENGTH
            ],
        )
    if not 200 <= response.status < 300:
        return outcome(status_code=response.status, error=f"HTTP {response.status}")
    return outcome(status_code=response.status)


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """The delivery, if it is due and no one else is attempting it; held for LEASE."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint__owner_key")
            .filter(pk=delivery_id, status__in=WebhookDelivery.DUE_STATUSES)
            .filter(next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        if not delivery.endpoint.is_receiving:
            delivery.status = WebhookDelivery.Status.ABANDONED
            delivery.last_error = "The endpoint is disabled, or its API key revoked."
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
            return None
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["next_attempt_at"])
    return delivery


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt, give or take JITTER."""
    delay = RETRY_DELAYS[attempts - 1]
    return delay * (1 + random.uniform(-JITTER, JITTER))  # noqa: S311 (not security)


def attempt(delivery_id: int, *, now: datetime | None = None) -> str | None:
    """Make one attempt at a due delivery; return its status after, or None if there
    was nothing to do (not due, already done, or being attempted elsewhere)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    outcome = post(
        delivery.endpoint.url, body, headers_for(delivery, delivery.endpoint.secret, body)
    )
    _record(delivery, outcome, now)
    return delivery.status


def _record(delivery: WebhookDelivery, outcome: Outcome, now: datetime) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    delivery.last_duration_ms = outcome.duration_ms
    delivery.attempt_log = [
        *delivery.attempt_log,
        {"at": now, "status_code": outcome.status_code, "error": outcome.error,
         "duration_ms": outcome.duration_ms},
    ]  # fmt: skip
    if outcome.succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts < MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    else:
        delivery.status = WebhookDelivery.Status.ABANDONED
        delivery.next_attempt_at = None
    with transaction.atomic():
        delivery.save(
            update_fields=[
                "attempts", "last_attempt_at", "last_status_code", "last_error",
                "last_duration_ms", "attempt_log", "status", "delivered_at", "next_attempt_at",
            ]
        )  # fmt: skip
        endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
        if delivery.status == WebhookDelivery.Status.SUCCEEDED:
            endpoints.exclude(consecutive_failures=0).update(consecutive_failures=0)
        elif delivery.status == WebhookDelivery.Status.ABANDONED:
            endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
            _disable_if_failing(delivery)
    logger.info(
        "Webhook %s %s to endpoint %s: attempt %s %s %s",
        delivery.event, delivery.event_id, delivery.endpoint_id, delivery.attempts,
        delivery.status, outcome.error or outcome.status_code,
    )  # fmt: skip


def _disable_if_failing(delivery: WebhookDelivery) -> None:
    limit = settings.PORTAL_WEBHOOKS_DISABLE_AFTER
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if not endpoint.active or endpoint.consecutive_failures < limit:
        return
    from .services import endpoint_disable

    endpoint_disable(
        endpoint=endpoint,
        reason=f"The last {endpoint.consecutive_failures} deliveries failed every attempt "
        f"({MAX_ATTEMPTS} attempts each). The last error: {delivery.last_error}",
    )


def notify_disabled(endpoint: WebhookEndpoint) -> int:
    """E-mail the people answerable for the endpoint that it was disabled, and why."""
    recipients = {
        person.email
        for person in (
            endpoint.owner_key.owner if endpoint.owner_key else None,
            endpoint.created_by,
        )
        if person is not None and person.is_active and person.email
    } or {email for _, email in settings.ADMINS}
    if not recipients:
        return 0
    return send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Webhook endpoint disabled",
        message=(
            f"The portal has stopped sending webhooks to {endpoint.url}"
            f"{f' ({endpoint.description})' if endpoint.description else ''}.\n\n"
            f"Why: {endpoint.disabled_reason}\n\n"
            "Once the receiver is fixed, an officer can enable it again in the portal's "
            "admin, or its API key can: POST /api/v1/webhooks/"
            f"{endpoint.pk}/enable/. Deliveries abandoned meanwhile can be sent again "
            "from the admin.\n"
        ),
        from_email=None,
        recipient_list=sorted(recipients),
        fail_silently=True,
    )
