"""A real Celery worker delivers the events a change emits to a real HTTP server."""

import json
from datetime import timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from meetings.services import meeting_cancel, meeting_reschedule
from tests.conftest import wait_for
from tests.factories import webhook_endpoint
from tests.meetings.test_outbox import a_meeting, in_days
from webhooks.models import WebhookDelivery
from webhooks.signing import verify
from webhooks.tasks import send_due_webhooks


@pytest.fixture
def worker(transactional_db, monkeypatch, request):
    """The test's worker, in development mode so it may post to 127.0.0.1."""
    monkeypatch.setenv("PORTAL_WEBHOOKS_ALLOW_PRIVATE", "1")
    return request.getfixturevalue("celery_worker_process")


def test_the_worker_delivers_signed_events_once_each(worker, receiver):
    hook = webhook_endpoint(url=receiver.url(), events=["meeting.updated", "meeting.cancelled"])
    held = a_meeting(starts_at=in_days(10))
    later = held.starts_at + timedelta(hours=2)

    meeting_reschedule(meeting=held, starts_at=later, ends_at=later + timedelta(hours=1))
    meeting_cancel(meeting=held)

    wait_for(lambda: len(receiver.requests) >= 2)
    wait_for(
        lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).count() == 2
    )
    events = []
    for got in receiver.requests:
        assert verify(hook.secret, got.headers["Portal-Signature"], got.body)
        body = json.loads(got.body)
        assert body["id"] == got.headers["Portal-Delivery"]
        assert body["data"]["id"] == held.pk
        events.append(body["type"])
    assert sorted(events) == ["meeting.cancelled", "meeting.updated"]
    # The sweep finds nothing left to send, and a worker given it sends nothing twice.
    assert send_due_webhooks() == 0
    assert worker.poll() is None, "the worker died"
    assert len(receiver.requests) == 2


def test_the_worker_records_a_failure_and_the_retry_waits_for_the_sweep(worker, receiver):
    receiver.replies = [500]
    webhook_endpoint(url=receiver.url(), events=["meeting.cancelled"])

    meeting_cancel(meeting=a_meeting(starts_at=in_days(10)))

    failed = wait_for(
        lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.FAILED).first()
    )
    assert failed.attempts == 1 and failed.last_status_code == 500
    assert timedelta(seconds=50) < failed.next_attempt_at - failed.last_attempt_at
    WebhookDelivery.objects.filter(pk=failed.pk).update(next_attempt_at=failed.last_attempt_at)

    assert send_due_webhooks() == 1
    wait_for(
        lambda: WebhookDelivery.objects.filter(
            pk=failed.pk, status=WebhookDelivery.Status.SUCCEEDED
        ).exists()
    )
    assert len(receiver.requests) == 2


@pytest.mark.django_db
def test_beat_sweeps_due_webhooks_every_minute():
    task = PeriodicTask.objects.get(task="webhooks.tasks.send_due_webhooks")
    assert task.enabled and task.interval.every == 1 and task.interval.period == "minutes"
