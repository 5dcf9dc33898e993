"""Guessing a password is slowed down: allauth refuses sign-ins for an address after a few
failures, and every failure is in the audit trail (the address, never the password)."""

import uuid

import pytest
from allauth.account import app_settings as account_settings

from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

# allauth's default, which the portal keeps: 5 failures per address in 5 minutes
# (and 10 a minute per IP address).
FAILURES_ALLOWED = 5
TOO_MANY = "Too many failed login attempts. Try again later."
MISMATCH = "The email address and/or password you specified are not correct."


@pytest.fixture
def client(client):
    # Each test comes from an address of its own, so the per-IP limit of one test
    # never refuses another's sign-ins within the same run.
    client.defaults["REMOTE_ADDR"] = "10." + ".".join(str(b) for b in uuid.uuid4().bytes[:3])
    return client


@pytest.fixture
def email():
    # Unique to the run: the limit's counters live in the cache, not the test database.
    return f"officer-{uuid.uuid4().hex}@council.example"


def sign_in(client, login, password):
    return client.post("/accounts/login/", {"login": login, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def form_errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


def test_the_portal_keeps_allauths_login_failed_limit():
    assert account_settings.RATE_LIMITS["login_failed"] == "10/m/ip,5/300s/key"


def test_the_right_password_is_refused_after_too_many_failures(client, email, password):
    factories.person(email=email, password=password)
    for _ in range(FAILURES_ALLOWED):
        assert form_errors(sign_in(client, email, "not-the-password")) == [MISMATCH]

    response = sign_in(client, email, password)

    assert response.status_code == 200
    assert form_errors(response) == [TOO_MANY]
    assert not signed_in(client)
    assert client.get("/account/")["Location"] == "/accounts/login/?next=/account/"


def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(client, email, password):
    factories.person(email=email, password=password)
    for _ in range(FAILURES_ALLOWED - 1):
        sign_in(client, email, "not-the-password")

    response = sign_in(client, email, password)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in(client)


def test_changing_the_case_of_the_address_does_not_reset_the_count(client, email, password):
    factories.person(email=email, password=password)
    for n in range(FAILURES_ALLOWED):
        sign_in(client, email.upper() if n % 2 else email, "not-the-password")

    response = sign_in(client, email.upper(), password)

    assert form_errors(response) == [TOO_MANY]
    assert not signed_in(client)


def test_the_limit_is_per_address_so_another_person_can_still_sign_in(client, email, password):
    factories.person(email=email, password=password)
    colleague = factories.person(
        email=f"colleague-{uuid.uuid4().hex}@council.example", password=password
    )
    for _ in range(FAILURES_ALLOWED):
        sign_in(client, email, "not-the-password")

    response = sign_in(client, colleague.email, password)

    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_admin_sign_in_page_does_not_get_round_the_limit(client, email, password):
    factories.officer(email=email, password=password, is_staff=True)
    for _ in range(FAILURES_ALLOWED):
        sign_in(client, email, "not-the-password")

    client.post("/admin/login/", {"username": email, "password": password})

    assert not signed_in(client)


def test_a_failed_sign_in_is_audited_with_the_address_and_never_the_password(
    client, email, password
):
    factories.person(email=email, password=password)
    tried = f"Wrong-{uuid.uuid4().hex}"

    sign_in(client, email, tried)

    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED, subject=email)
    assert event.ip_address == client.defaults["REMOTE_ADDR"]
    assert event.actor is None
    assert not any(
        tried in f"{e.subject} {e.actor_label} {e.details}" for e in AuditEvent.objects.all()
    )


def test_each_failure_is_audited(client, email, password):
    factories.person(email=email, password=password)
    for _ in range(FAILURES_ALLOWED):
        sign_in(client, email, "not-the-password")

    failures = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, subject=email)
    assert failures.count() == FAILURES_ALLOWED


def test_a_sign_in_for_an_unknown_address_is_audited_too(client, email):
    sign_in(client, email, "not-the-password")

    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN_FAILED, subject=email
    ).exists()
