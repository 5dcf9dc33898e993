"""Officers use a second factor (TOTP): they set one up before any officer page, and give
a code after their password on every sign-in. Other people need none."""

import time
import uuid

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
REAUTHENTICATE_FOR_SETUP_URL = (
    "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
)
SETUP_MESSAGE = "Officers must set up two-factor authentication before using the portal."


@pytest.fixture
def client(client):
    # Sign-ins count against allauth's per-IP limits; an address per test keeps the
    # tests of one run from limiting each other.
    client.defaults["REMOTE_ADDR"] = "10." + ".".join(str(b) for b in uuid.uuid4().bytes[:3])
    return client


def valid_codes(secret: str = factories.TOTP_SECRET) -> set[str]:
    return {
        format_hotp_value(hotp_value(secret, counter))
        for counter in yield_hotp_counters_from_time()
    }


def current_code(secret: str = factories.TOTP_SECRET) -> str:
    """What the officer's authenticator app shows now."""
    # Keep clear of the end of a period, so the code is still valid when it arrives.
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_code() -> str:
    return next(code for code in ("000000", "111111") if code not in valid_codes())


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_in_with_password(client, person, password):
    return client.post("/accounts/login/", {"login": person.email, "password": password})


def test_officer_without_totp_is_sent_to_set_it_up_with_a_message(client):
    client.force_login(factories.officer(mfa=False))

    response = client.get("/schools/")

    assert (response.status_code, response["Location"]) == (302, SETUP_URL)
    followed = client.get(SETUP_URL, follow=True)
    assert [str(m) for m in followed.context["messages"]] == [SETUP_MESSAGE]


def test_officer_without_totp_sets_it_up_and_then_reaches_the_register(client, password):
    officer = factories.officer(mfa=False, password=password)
    sign_in_with_password(client, officer, password)
    assert client.get("/schools/")["Location"] == SETUP_URL
    # allauth asks for the password again before a second factor is added.
    assert client.get(SETUP_URL)["Location"] == REAUTHENTICATE_FOR_SETUP_URL
    client.post("/accounts/reauthenticate/", {"password": password})
    assert client.get(SETUP_URL).status_code == 200

    client.post(SETUP_URL, {"code": current_code(client.session["mfa.totp.secret"])})

    assert client.get("/schools/").status_code == 200


def test_officer_without_totp_can_still_reach_account_pages(client):
    client.force_login(factories.officer(mfa=False))

    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/email/").status_code == 200
    assert client.get("/accounts/sessions/").status_code == 200


def test_officer_without_totp_still_reads_the_public_pages(client):
    client.force_login(factories.officer(mfa=False))

    assert client.get("/working-with-schools/").status_code == 200
    assert client.get("/public/meetings/").status_code == 200
    # ...but not an officer page.
    assert client.get("/schools/").status_code == 302


def test_officer_without_totp_gets_the_apis_error_shape_from_the_api(client):
    client.force_login(factories.officer(mfa=False))

    response = client.get("/api/v1/schools/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "mfa_required",
                "detail": "Set up two-factor authentication before using the API.",
                "attr": None,
            }
        ],
    }


def test_officer_without_totp_can_sign_out(client):
    client.force_login(factories.officer(mfa=False))

    response = client.post("/accounts/logout/")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert not signed_in(client)


def test_administrator_without_totp_is_sent_to_set_it_up(client):
    client.force_login(factories.officer(mfa=False, groups=(roles.ADMINISTRATOR,), is_staff=True))

    assert client.get("/admin/")["Location"] == SETUP_URL


def test_officer_with_totp_is_asked_for_a_code_after_the_password(client, password):
    officer = factories.officer(password=password)

    response = sign_in_with_password(client, officer, password)

    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE_URL)
    assert not signed_in(client)
    assert client.get("/schools/")["Location"] == "/accounts/login/?next=/schools/"


def test_a_correct_code_lets_the_officer_in(client, password):
    officer = factories.officer(password=password)
    sign_in_with_password(client, officer, password)

    response = client.post(AUTHENTICATE_URL, {"code": current_code()})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/schools/").status_code == 200


def test_a_wrong_code_does_not_let_the_officer_in(client, password):
    officer = factories.officer(password=password)
    sign_in_with_password(client, officer, password)

    response = client.post(AUTHENTICATE_URL, {"code": wrong_code()})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert not signed_in(client)
    assert client.get("/schools/")["Location"] == "/accounts/login/?next=/schools/"


def test_guessing_codes_is_refused_after_five_wrong_ones_even_with_the_right_one(client, password):
    officer = factories.officer(password=password)
    sign_in_with_password(client, officer, password)
    for _ in range(5):
        client.post(AUTHENTICATE_URL, {"code": wrong_code()})

    response = client.post(AUTHENTICATE_URL, {"code": current_code()})

    assert response.context["form"].errors == {
        "code": ["Too many failed login attempts. Try again later."]
    }
    assert not signed_in(client)


def test_a_code_is_not_asked_for_before_the_password(client):
    factories.officer()

    response = client.get(AUTHENTICATE_URL)

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")


def test_the_admin_sign_in_page_does_not_skip_the_code(client, password):
    administrator = factories.officer(
        groups=(roles.ADMINISTRATOR,), is_staff=True, password=password
    )

    client.post("/admin/login/", {"username": administrator.email, "password": password})

    assert not signed_in(client)
    assert client.get("/schools/")["Location"] == "/accounts/login/?next=/schools/"


def test_a_headteacher_needs_no_second_factor(client, password):
    school = factories.school()
    head = factories.person(password=password)
    factories.headship(school=school, person=head)

    response = sign_in_with_password(client, head, password)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get(f"/schools/{school.urn}/").status_code == 200
