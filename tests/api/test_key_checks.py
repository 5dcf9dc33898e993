"""The key check and the rate limit on every call: what a caller sees when a key is
revoked between two calls, when the limit is reached, and how often a call writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.api_keys import ApiKeyRateThrottle, api_key_create, api_key_revoke
from accounts.models import ApiKey
from tests import factories

pytestmark = pytest.mark.django_db

SCHOOLS = "/api/v1/schools/"


def usable_key(**fields) -> tuple[ApiKey, str]:
    # A secret without "_" (see tests/accounts/test_api_keys.py: new_key).
    while True:
        api_key, key = api_key_create(**{"name": "Data warehouse", "scope": "read", **fields})
        if "_" not in key.split("_", 2)[2]:
            return api_key, key
        api_key.delete()


def get(client, key):
    return client.get(SCHOOLS, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_key_revoked_between_two_calls_is_refused_on_the_second(client):
    api_key, key = usable_key()
    assert get(client, key).status_code == 200

    api_key_revoke(api_key=api_key)

    assert get(client, key).status_code == 401


def test_a_key_whose_owner_is_deactivated_between_two_calls_is_refused_at_once(client):
    owner = factories.officer()
    _, key = usable_key(owner=owner)
    assert get(client, key).status_code == 200

    type(owner).objects.filter(pk=owner.pk).update(is_active=False)

    assert get(client, key).status_code == 401


def test_the_last_use_is_written_once_a_minute_not_on_every_call(client):
    api_key, key = usable_key()
    get(client, key)
    api_key.refresh_from_db()
    first = api_key.last_used_at

    with CaptureQueriesContext(connection) as queries:
        assert get(client, key).status_code == 200

    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    api_key.refresh_from_db()
    assert api_key.last_used_at == first


def test_a_call_over_the_limit_is_told_when_to_retry(client, settings, monkeypatch):
    rates = {"api_key": "2/minute"}
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", rates)
    _, key = usable_key()

    statuses = [get(client, key).status_code for _ in range(2)]
    refused = get(client, key)

    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60


def test_refused_calls_do_not_count_against_the_limit(client, monkeypatch):
    # As DRF's own throttle: only calls let through fill the window.
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", {"api_key": "1/second"})
    _, key = usable_key()
    clock = iter([1000.0, 1000.5, 1001.2])
    monkeypatch.setattr(ApiKeyRateThrottle, "timer", lambda self: next(clock))

    assert [get(client, key).status_code for _ in range(3)] == [200, 429, 200]
