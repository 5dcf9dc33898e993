"""/api/v1/webhooks/: a partner system registers, reads and removes its own endpoints."""

import pytest
from django.utils import timezone

from tests import factories
from tests.partnerships import api_key, bearer
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
PUBLIC = "https://93.184.215.14/portal-events"


@pytest.fixture
def write_key():
    return bearer(api_key("write"))


def register(client, key, **data):
    body = {"url": PUBLIC, "events": ["meeting.created", "school.updated"], **data}
    return client.post(URL, body, content_type="application/json", **key)


def test_a_write_key_registers_and_sees_the_secret_once(client, write_key):
    created = register(client, write_key, description="Data warehouse")

    assert created.status_code == 201
    body = created.json()
    assert body["url"] == PUBLIC and body["events"] == ["meeting.created", "school.updated"]
    assert body["active"] is True and body["description"] == "Data warehouse"
    assert body["secret"] == WebhookEndpoint.objects.get().secret
    shown = client.get(f"{URL}{body['id']}/", **write_key).json()
    assert "secret" not in shown
    assert "secret" not in client.get(URL, **write_key).json()["results"][0]


def test_no_key_is_401_a_read_key_cannot_register_and_a_session_sees_nothing(client):
    assert client.get(URL).status_code == 401
    assert register(client, bearer(api_key("read"))).status_code == 403
    client.force_login(factories.officer())
    assert client.get(URL).status_code == 403
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"url": "nonsense"}, "url", "Enter a full URL beginning with https://."),
        ({"url": "http://93.184.215.14/hooks"}, "url", "Webhook URLs must use https."),
        ({"url": "https://10.1.2.3/hooks"}, "url", "not a public internet address"),
        ({"url": "https://[::ffff:10.1.2.3]/hooks"}, "url", "not a public internet address"),
        ({"url": "https://localhost/hooks"}, "url", "not a public internet address"),
        ({"events": ["meeting.deleted"]}, "events", "Unknown event: meeting.deleted"),
        ({"events": []}, "events", "Choose at least one event"),
    ],
)
def test_bad_registrations_are_400_naming_the_field(client, write_key, settings, data, field,
                                                    message):  # fmt: skip
    settings.PORTAL_WEBHOOKS_ALLOW_PRIVATE = False  # production
    answer = register(client, write_key, **data)

    assert answer.status_code == 400
    assert message in str(answer.json())
    assert field in str(answer.json())
    assert not WebhookEndpoint.objects.exists()


def test_a_key_sees_and_deletes_only_its_own_endpoints(client, write_key):
    mine = register(client, write_key).json()["id"]
    other_key = bearer(api_key("write"))
    theirs = register(client, other_key).json()["id"]

    assert [e["id"] for e in client.get(URL, **write_key).json()["results"]] == [mine]
    assert client.get(f"{URL}{theirs}/", **write_key).status_code == 404
    assert client.delete(f"{URL}{theirs}/", **write_key).status_code == 404
    assert client.delete(f"{URL}{mine}/", **write_key).status_code == 204
    assert list(WebhookEndpoint.objects.values_list("pk", flat=True)) == [theirs]


def test_deliveries_are_listed_newest_first_for_the_owner_only(
    client, write_key, django_assert_max_num_queries
):
    mine = WebhookEndpoint.objects.get(pk=register(client, write_key).json()["id"])
    theirs = WebhookEndpoint.objects.get(pk=register(client, bearer(api_key("write"))).json()["id"])
    now = timezone.now()
    for n in range(30):
        WebhookDelivery.objects.create(
            endpoint=mine, event="school.updated", payload={"n": n}, next_attempt_at=now,
            created_at=now + timezone.timedelta(seconds=n),
        )  # fmt: skip
    WebhookDelivery.objects.create(endpoint=theirs, event="school.updated", payload={})

    with django_assert_max_num_queries(6):
        listed = client.get(f"{URL}{mine.pk}/deliveries/", **write_key).json()["results"]
    assert [d["payload"]["n"] for d in listed] == list(range(29, -1, -1))
    assert listed[0]["status"] == "pending" and listed[0]["attempts"] == 0
    assert client.get(f"{URL}{theirs.pk}/deliveries/", **write_key).status_code == 404


def test_deliveries_page_by_cursor_and_a_new_one_neither_repeats_nor_skips(client, write_key):
    hook = WebhookEndpoint.objects.get(pk=register(client, write_key).json()["id"])
    now = timezone.now()

    def deliver(n, at):
        WebhookDelivery.objects.create(
            endpoint=hook, event="school.updated", payload={"n": n}, next_attempt_at=now,
            created_at=at,
        )  # fmt: skip

    for n in range(5):
        deliver(n, now + timezone.timedelta(seconds=n // 2))  # times repeat: the key ends on pk

    first = client.get(f"{URL}{hook.pk}/deliveries/", {"page_size": 2}, **write_key).json()
    deliver(99, now + timezone.timedelta(minutes=5))  # arrives between pages: page 1 only
    seen = [d["payload"]["n"] for d in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"], **write_key).json()
        assert set(page) == {"next", "previous", "results"}
        seen += [d["payload"]["n"] for d in page["results"]]

    assert seen == [4, 3, 2, 1, 0]


def test_an_endpoint_answers_304_to_its_etag_and_the_list_takes_updated_since(client, write_key):
    old = WebhookEndpoint.objects.get(pk=register(client, write_key).json()["id"])
    new = register(client, write_key, url="https://93.184.215.14/other").json()["id"]
    WebhookEndpoint.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=30)
    )
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()

    listed = client.get(URL, {"updated_since": since}, **write_key).json()
    first = client.get(f"{URL}{new}/", **write_key)
    again = client.get(f"{URL}{new}/", HTTP_IF_NONE_MATCH=first["ETag"], **write_key)

    assert [e["id"] for e in listed["results"]] == [new] and listed["count"] == 1
    assert first["Last-Modified"].endswith("GMT")
    assert again.status_code == 304


def test_the_owner_can_enable_a_disabled_endpoint(client, write_key):
    hook = WebhookEndpoint.objects.get(pk=register(client, write_key).json()["id"])
    WebhookEndpoint.objects.filter(pk=hook.pk).update(
        active=False, disabled_at=timezone.now(), disabled_reason="10 failed",
        consecutive_failures=10,
    )  # fmt: skip

    answer = client.post(f"{URL}{hook.pk}/enable/", **write_key)

    assert answer.status_code == 200
    assert answer.json()["active"] is True and answer.json()["disabled_reason"] == ""
    assert client.post(f"{URL}{hook.pk}/enable/", **bearer(api_key("read"))).status_code in (
        403, 404,
    )  # fmt: skip
