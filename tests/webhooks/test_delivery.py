"""One attempt at a time, in this process, against a real HTTP server on 127.0.0.1."""

import json
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import officer, webhook_endpoint
from webhooks import delivery as webhook_delivery
from webhooks import services
from webhooks.delivery import MAX_ATTEMPTS, RETRY_DELAYS, attempt
from webhooks.models import WebhookDelivery
from webhooks.signing import verify

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_allowed")]


def delivery_to(endpoint, **fields) -> WebhookDelivery:
    now = timezone.now()
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event="meeting.updated",
        payload={"id": "e1", "type": "meeting.updated", "data": {"id": 7, "title": "Café"}},
        next_attempt_at=now, **fields,
    )  # fmt: skip


def test_a_delivery_is_posted_signed_and_recorded(receiver):
    hook = webhook_endpoint(url=receiver.url("/in?source=portal"))
    sent = delivery_to(hook)

    assert attempt(sent.pk) == WebhookDelivery.Status.SUCCEEDED

    [got] = receiver.requests
    assert got.path == "/in?source=portal"
    assert json.loads(got.body)["data"] == {"id": 7, "title": "Café"}
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Portal-Event"] == "meeting.updated"
    assert got.headers["Portal-Delivery"] == str(sent.event_id)
    assert got.headers["Host"] == f"127.0.0.1:{receiver.port}"
    assert verify(hook.secret, got.headers["Portal-Signature"], got.body)
    assert not verify("whsec_another", got.headers["Portal-Signature"], got.body)
    assert not verify(hook.secret, got.headers["Portal-Signature"], got.body + b" ")
    sent.refresh_from_db()
    assert sent.attempts == 1
    assert sent.last_status_code == 200
    assert sent.delivered_at is not None and sent.next_attempt_at is None
    assert sent.last_duration_ms is not None
    assert [entry["status_code"] for entry in sent.attempt_log] == [200]


def test_running_the_attempt_again_after_success_sends_nothing(receiver):
    sent = delivery_to(webhook_endpoint(url=receiver.url()))
    attempt(sent.pk)

    assert attempt(sent.pk) is None
    assert attempt(sent.pk, now=timezone.now() + timedelta(days=1)) is None
    assert len(receiver.requests) == 1


def test_a_500_is_retried_with_growing_backoff_then_abandoned(receiver):
    receiver.replies = [500] * MAX_ATTEMPTS
    sent = delivery_to(webhook_endpoint(url=receiver.url()))
    now = timezone.now()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        status = attempt(sent.pk, now=now)
        sent.refresh_from_db()
        if sent.next_attempt_at:
            waits.append(sent.next_attempt_at - now)
            # Not before it is due.
            assert attempt(sent.pk, now=sent.next_attempt_at - timedelta(seconds=1)) is None
            now = sent.next_attempt_at

    assert status == WebhookDelivery.Status.ABANDONED
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert sent.attempts == MAX_ATTEMPTS
    assert sent.last_status_code == 500 and sent.last_error == "HTTP 500"
    assert [entry["status_code"] for entry in sent.attempt_log] == [500] * MAX_ATTEMPTS
    for wait, delay in zip(waits, RETRY_DELAYS, strict=True):
        assert delay * 0.9 <= wait <= delay * 1.1
    # Every attempt carried the same event id, so the receiver can tell them apart.
    assert {r.headers["Portal-Delivery"] for r in receiver.requests} == {str(sent.event_id)}


def test_a_failed_delivery_succeeds_on_retry(receiver):
    receiver.replies = [503]
    sent = delivery_to(webhook_endpoint(url=receiver.url()))
    assert attempt(sent.pk) == WebhookDelivery.Status.FAILED
    sent.refresh_from_db()

    assert attempt(sent.pk, now=sent.next_attempt_at) == WebhookDelivery.Status.SUCCEEDED
    sent.refresh_from_db()
    assert [e["status_code"] for e in sent.attempt_log] == [503, 200]


def test_a_redirect_is_not_followed_and_counts_as_a_failure(receiver):
    receiver.replies = [(302, {"Location": "http://169.254.169.254/latest/"}, b"")]
    sent = delivery_to(webhook_endpoint(url=receiver.url()))

    assert attempt(sent.pk) == WebhookDelivery.Status.FAILED
    sent.refresh_from_db()
    assert sent.last_status_code == 302
    assert "169.254.169.254" in sent.last_error and "not followed" in sent.last_error
    assert len(receiver.requests) == 1


def test_a_huge_answer_is_read_only_up_to_the_cap(receiver):
    receiver.replies = [(200, {}, b"x" * (webhook_delivery.RESPONSE_CAP * 20))]
    sent = delivery_to(webhook_endpoint(url=receiver.url()))

    assert attempt(sent.pk) == WebhookDelivery.Status.SUCCEEDED


def test_nothing_listening_is_a_recorded_failure(receiver):
    hook = webhook_endpoint(url="http://127.0.0.1:9/closed")  # the discard port, closed
    sent = delivery_to(hook)

    assert attempt(sent.pk) == WebhookDelivery.Status.FAILED
    sent.refresh_from_db()
    assert sent.last_status_code is None
    assert "Error" in sent.last_error


def abandon(sent: WebhookDelivery) -> None:
    now = timezone.now()
    while attempt(sent.pk, now=now) not in (WebhookDelivery.Status.ABANDONED, None):
        sent.refresh_from_db()
        now = sent.next_attempt_at


def test_an_endpoint_is_disabled_after_repeated_failed_deliveries_and_its_owner_told(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_WEBHOOKS_DISABLE_AFTER = 2
    receiver.replies = [500] * (2 * MAX_ATTEMPTS)
    owner = officer(email="partners@council.example")
    hook = webhook_endpoint(url=receiver.url(), created_by=owner)
    first, second, third = (delivery_to(hook) for _ in range(3))

    abandon(first)
    hook.refresh_from_db()
    assert hook.active and hook.consecutive_failures == 1
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        abandon(second)
    hook.refresh_from_db()
    assert not hook.active
    assert hook.disabled_at is not None
    assert "The last 2 deliveries failed every attempt" in hook.disabled_reason
    assert "HTTP 500" in hook.disabled_reason
    [notice] = mail.outbox
    assert notice.to == ["partners@council.example"]
    assert hook.url in notice.body and "HTTP 500" in notice.body

    # A disabled endpoint is sent nothing more; its waiting deliveries are abandoned.
    sent_before = len(receiver.requests)
    assert attempt(third.pk) is None
    third.refresh_from_db()
    assert third.status == WebhookDelivery.Status.ABANDONED
    assert len(receiver.requests) == sent_before


def test_a_success_resets_the_count_of_failed_deliveries(receiver, settings):
    settings.PORTAL_WEBHOOKS_DISABLE_AFTER = 2
    receiver.replies = [500] * MAX_ATTEMPTS
    hook = webhook_endpoint(url=receiver.url())
    abandon(delivery_to(hook))
    attempt(delivery_to(hook).pk)
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.active


def test_enabling_again_clears_the_reason_and_deliveries_can_be_resent(receiver, settings):
    settings.PORTAL_WEBHOOKS_DISABLE_AFTER = 1
    receiver.replies = [500] * MAX_ATTEMPTS
    hook = webhook_endpoint(url=receiver.url())
    lost = delivery_to(hook)
    abandon(lost)
    hook.refresh_from_db()
    assert not hook.active

    services.endpoint_enable(endpoint=hook)
    services.delivery_resend(delivery=lost)

    hook.refresh_from_db()
    assert hook.active and hook.disabled_reason == "" and hook.consecutive_failures == 0
    assert attempt(lost.pk) == WebhookDelivery.Status.SUCCEEDED
    assert receiver.requests[-1].headers["Portal-Delivery"] == str(lost.event_id)


def test_a_delivery_whose_key_was_revoked_is_abandoned_unsent(receiver):
    from accounts.api_keys import api_key_create, api_key_revoke

    key, _ = api_key_create(name="partner", scope="write")
    sent = delivery_to(webhook_endpoint(url=receiver.url(), owner_key=key))
    api_key_revoke(api_key=key)

    assert attempt(sent.pk) is None
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.Status.ABANDONED
    assert receiver.requests == []


def test_the_sweep_lists_due_deliveries_only(receiver):
    hook = webhook_endpoint(url=receiver.url())
    due = delivery_to(hook)
    later = delivery_to(hook, status=WebhookDelivery.Status.FAILED)
    later.next_attempt_at = timezone.now() + timedelta(minutes=5)
    later.save()
    delivery_to(hook, status=WebhookDelivery.Status.SUCCEEDED)

    assert services.due_deliveries() == [due.pk]


@pytest.mark.parametrize(
    "header",
    ["", "t=", "v1=abc", "t=1,v1", "t=now,v1=abc", "t={now},v1=é", "t={now},v1=ab\u0000"],
)
def test_a_malformed_signature_header_is_refused_not_an_error(header):
    now = int(time.time())
    assert verify("secret", header.format(now=now), b"{}") is False
