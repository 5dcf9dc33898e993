"""Officers add endpoints (secret shown once), enable them again and resend deliveries."""

import pytest
from django.utils import timezone

from tests import factories
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.officer(is_staff=True, is_superuser=True))
    return client


def test_an_officer_adds_an_endpoint_and_is_shown_its_secret_once(admin_client, settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    answer = admin_client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {
            "url": "https://93.184.215.14/hooks",
            "description": "Police",
            "events": ["meeting.created"],
        },
        follow=True,
    )

    hook = WebhookEndpoint.objects.get()
    assert hook.events == ["meeting.created"] and hook.created_by is not None
    assert hook.secret in answer.content.decode()
    page = admin_client.get(f"/admin/webhooks/webhookendpoint/{hook.pk}/change/")
    assert page.status_code == 200 and hook.secret not in page.content.decode()


def test_the_admin_refuses_a_private_address(admin_client, settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    answer = admin_client.post(
        "/admin/webhooks/webhookendpoint/add/",
        {"url": "https://169.254.169.254/", "events": ["meeting.created"]},
    )
    assert answer.status_code == 200
    assert "not a public internet address" in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_enable_and_resend_actions(admin_client, django_capture_on_commit_callbacks):
    hook = factories.webhook_endpoint(
        url="https://93.184.215.14/hooks", active=False, disabled_at=timezone.now(),
        disabled_reason="10 in a row", consecutive_failures=10,
    )  # fmt: skip
    lost = WebhookDelivery.objects.create(
        endpoint=hook, event="school.updated", payload={}, attempts=6,
        status=WebhookDelivery.Status.ABANDONED,
    )  # fmt: skip

    admin_client.post(
        "/admin/webhooks/webhookendpoint/",
        {"action": "enable", "_selected_action": [hook.pk]},
    )
    with django_capture_on_commit_callbacks() as queued:
        admin_client.post(
            "/admin/webhooks/webhookdelivery/",
            {"action": "resend", "_selected_action": [lost.pk]},
        )

    hook.refresh_from_db()
    lost.refresh_from_db()
    assert hook.active and hook.disabled_reason == "" and hook.consecutive_failures == 0
    assert lost.status == WebhookDelivery.Status.PENDING and lost.attempts == 0
    assert lost.next_attempt_at is not None and len(queued) == 1
    assert admin_client.get("/admin/webhooks/webhookdelivery/").status_code == 200
