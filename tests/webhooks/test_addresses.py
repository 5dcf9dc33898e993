"""Webhooks go only to https on public addresses: checked at registration and again,
against a fresh DNS answer, at every attempt (DNS rebinding)."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import webhook_endpoint
from webhooks.delivery import attempt
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_register

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [
    "https://127.0.0.1/hooks",  # loopback
    "https://127.1.2.3/hooks",
    "https://10.0.0.5/hooks",  # private
    "https://172.16.0.1/hooks",
    "https://192.168.1.10/hooks",
    "https://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
    "https://100.64.0.1/hooks",  # shared address space (carrier-grade NAT)
    "https://0.0.0.0/hooks",
    "https://224.0.0.1/hooks",  # multicast
    "https://[::1]/hooks",
    "https://[fe80::1]/hooks",
    "https://[fc00::1]/hooks",  # unique local
    "https://[fec0::1]/hooks",  # site-local (deprecated, never public)
    "https://[::ffff:127.0.0.1]/hooks",  # IPv4-mapped
    "https://[::ffff:169.254.169.254]/hooks",
    "https://[64:ff9b::a00:1]/hooks",  # NAT64 of 10.0.0.1
    "https://localhost/hooks",  # a name that resolves to loopback
    "https://localhost:8443/hooks",
]


@pytest.mark.parametrize("url", NOT_PUBLIC)
def test_registration_refuses_non_public_addresses(url, settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        endpoint_register(url=url, events=["meeting.created"])
    assert "not a public internet address" in refused.value.message_dict["url"][0]
    assert not WebhookEndpoint.objects.exists()


def test_registration_refuses_http_in_production(settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        endpoint_register(url="http://93.184.215.14/hooks", events=["meeting.created"])
    assert refused.value.message_dict["url"] == ["Webhook URLs must use https."]


@pytest.mark.parametrize(
    "url, message",
    [
        ("not a url", "Enter a full URL beginning with https://."),
        ("ftp://93.184.215.14/hooks", "Enter a full URL beginning with https://."),
        ("https:///hooks", "Enter a full URL beginning with https://."),
        ("https://user:pw@93.184.215.14/", "Leave the user name and password out of the URL."),
        ("https://93.184.215.14:99999/", "Enter a valid URL"),
        ("https://no-such-host.invalid/hooks", "cannot be resolved"),
    ],
)
def test_registration_refuses_urls_that_cannot_receive(url, message, settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        endpoint_register(url=url, events=["meeting.created"])
    assert message in refused.value.message_dict["url"][0]


def test_a_public_https_address_is_registered_with_a_new_secret(settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    hook, secret = endpoint_register(
        url="https://93.184.215.14/hooks", events=["school.updated", "school.updated"]
    )
    other, other_secret = endpoint_register(
        url="https://[2606:4700::1111]/hooks", events=["meeting.created"]
    )
    assert hook.events == ["school.updated"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert secret != other_secret and hook.secret == secret


def test_unknown_and_missing_events_are_refused(settings):
    with pytest.raises(ValidationError) as refused:
        endpoint_register(url="https://93.184.215.14/", events=["meeting.deleted"])
    assert "Unknown event: meeting.deleted" in refused.value.message_dict["events"][0]
    with pytest.raises(ValidationError) as refused:
        endpoint_register(url="https://93.184.215.14/", events=[])
    assert "Choose at least one event" in refused.value.message_dict["events"][0]


def test_development_mode_allows_http_to_127_0_0_1(settings):
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = True
    hook, _ = endpoint_register(url="http://127.0.0.1:8001/hooks", events=["meeting.created"])
    assert hook.url == "http://127.0.0.1:8001/hooks"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]"])
def test_delivery_checks_the_address_again_and_sends_nothing_to_loopback(receiver, settings, host):
    """A name that was public at registration and resolves to loopback now (or a row
    that got a private address some other way) is refused at the attempt, and the
    server listening there receives nothing."""
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False
    hook = webhook_endpoint(url=f"https://{host}:{receiver.port}/hooks")
    sent = WebhookDelivery.objects.create(
        endpoint=hook, event="meeting.updated", payload={}, next_attempt_at=hook.created_at
    )

    assert attempt(sent.pk) == WebhookDelivery.Status.FAILED
    sent.refresh_from_db()
    assert sent.last_error.startswith("Refused:")
    assert "not a public internet address" in sent.last_error
    assert receiver.requests == []


def test_an_internationalised_host_name_is_checked_in_its_ascii_form(settings):
    """Resolved, and later sent in Host and SNI, as IDNA: a raw non-ASCII name once made
    every attempt crash before it was counted."""
    from webhooks.addresses import DestinationRefused, destination

    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = True
    with pytest.raises(DestinationRefused) as refused:
        destination("http://例子.localhost:8080/hook")  # no DNS answers for it here

    assert "xn--fsqu00a.localhost cannot be resolved" in str(refused.value)
