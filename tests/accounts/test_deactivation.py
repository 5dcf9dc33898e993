import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.api_keys import api_key_create
from accounts.invitations import invitation_create
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"
SCHOOLS_API = "/api/v1/schools/"


@pytest.fixture
def administrator():
    return factories.officer(email="admin@council.example", groups=["officer", "administrator"])


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def school():
    return factories.school(urn=100001, name="Alder Primary School")


@pytest.fixture
def head(school):
    person = factories.person(email="head@school.example", password=PASSWORD)
    factories.headship(school=school, person=person)
    return person


def sign_in(email: str = "head@school.example", password: str = PASSWORD) -> Client:
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": password})
    return client


def usable_key(**fields) -> str:
    # A key whose secret has no "_": see test_api_keys for why.
    while True:
        api_key, key = api_key_create(name="Head's MIS", scope="read", **fields)
        if "_" not in key.split("_", 2)[2]:
            return key
        api_key.delete()


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def deactivate_url(person) -> str:
    return f"/people/{person.pk}/deactivate/"


def test_signed_in_person_is_signed_out_at_once(admin_client, head, school):
    browser = sign_in()
    assert browser.get("/").context["user"] == head
    assert browser.get(f"/schools/{school.urn}/").status_code == 200

    response = admin_client.post(deactivate_url(head))

    assert response.status_code == 302
    assert not browser.get("/").context["user"].is_authenticated
    page = browser.get(f"/schools/{school.urn}/")
    assert page.status_code == 302
    assert page["Location"] == f"/accounts/login/?next=/schools/{school.urn}/"


def test_every_session_of_the_person_is_ended(admin_client, head):
    browsers = [sign_in(), sign_in()]
    session_keys = [b.session.session_key for b in browsers]
    assert UserSession.objects.filter(user=head).count() == 2

    admin_client.post(deactivate_url(head))

    assert not UserSession.objects.filter(user=head).exists()
    assert not Session.objects.filter(session_key__in=session_keys).exists()


def test_their_api_keys_stop_working(admin_client, head):
    key = usable_key(owner=head)
    other_key = usable_key()
    assert Client().get(SCHOOLS_API, **bearer(key)).status_code == 200

    admin_client.post(deactivate_url(head))

    assert Client().get(SCHOOLS_API, **bearer(key)).status_code == 401
    assert head.api_keys.get().revoked_at is not None
    assert Client().get(SCHOOLS_API, **bearer(other_key)).status_code == 200


def test_their_open_invitations_are_revoked(admin_client, administrator, head):
    invitation, token = invitation_create(person=head, by=administrator)

    admin_client.post(deactivate_url(head))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(f"/accounts/invitation/{token}/").status_code == 410


def test_they_cannot_sign_in_again(admin_client, head):
    admin_client.post(deactivate_url(head))

    browser = sign_in()

    assert not browser.get("/").context["user"].is_authenticated
    assert not AuditEvent.objects.filter(action="signed_in", actor=head).exists()


def test_deactivation_is_audited_with_who_did_it(admin_client, administrator, head):
    sign_in()
    usable_key(owner=head)

    admin_client.post(deactivate_url(head), REMOTE_ADDR="198.51.100.7")

    event = AuditEvent.objects.get(action="deactivated")
    assert event.actor == administrator
    assert event.actor_label == "admin@council.example"
    assert event.subject == "head@school.example"
    assert event.ip_address == "198.51.100.7"
    assert event.details == {"sessions_ended": 1, "api_keys_revoked": 1}


def test_people_directory_shows_the_person_as_deactivated(admin_client, head):
    response = admin_client.post(deactivate_url(head), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [("/people/", 302)]
    assert "has been deactivated and signed out everywhere." in html
    assert "Deactivated</strong>" in html


def test_ordinary_officer_may_not_deactivate(client, head):
    client.force_login(factories.officer())
    browser = sign_in()

    response = client.post(deactivate_url(head))

    head.refresh_from_db()
    assert response.status_code == 403
    assert head.is_active
    assert browser.get("/").context["user"] == head
    assert not AuditEvent.objects.filter(action="deactivated").exists()


def test_non_officer_may_not_deactivate(head):
    browser = sign_in()
    other = factories.person()

    response = browser.post(deactivate_url(other))

    other.refresh_from_db()
    assert response.status_code == 403
    assert other.is_active


def test_administrator_may_not_deactivate_themselves(admin_client, administrator):
    response = admin_client.post(deactivate_url(administrator))

    administrator.refresh_from_db()
    assert response.status_code == 403
    assert administrator.is_active


def test_deactivation_needs_a_post(admin_client, head):
    assert admin_client.get(deactivate_url(head)).status_code == 405
    head.refresh_from_db()
    assert head.is_active


# --- The Django admin action ---------------------------------------------------------


@pytest.fixture
def superuser():
    return factories.officer(email="super@council.example", is_superuser=True, is_staff=True)


def run_admin_deactivate(superuser, *people):
    client = Client()
    client.force_login(superuser)
    return client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [p.pk for p in people]},
        follow=True,
    )


def test_admin_action_deactivates_like_the_people_page(superuser, head, school):
    browser = sign_in()
    key = usable_key(owner=head)
    invitation, _ = invitation_create(person=head, by=superuser)

    response = run_admin_deactivate(superuser, head)

    assert response.status_code == 200
    assert "1 deactivated." in [str(m) for m in response.context["messages"]]
    head.refresh_from_db()
    invitation.refresh_from_db()
    assert not head.is_active
    assert not browser.get("/").context["user"].is_authenticated
    assert browser.get(f"/schools/{school.urn}/").status_code == 302
    assert Client().get(SCHOOLS_API, **bearer(key)).status_code == 401
    assert invitation.revoked_at is not None
    assert not sign_in().get("/").context["user"].is_authenticated
    event = AuditEvent.objects.get(action="deactivated")
    assert (event.actor, event.subject) == (superuser, "head@school.example")


def test_admin_action_leaves_the_administrator_themselves_active(superuser, head):
    run_admin_deactivate(superuser, superuser, head)

    superuser.refresh_from_db()
    head.refresh_from_db()
    assert superuser.is_active
    assert not head.is_active
    assert AuditEvent.objects.filter(action="deactivated").count() == 1


def test_unticking_active_in_the_admin_form_ends_access_like_deactivating(superuser, head):
    key = usable_key(owner=head)
    invitation, _ = invitation_create(person=head, by=superuser)
    client = Client()
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/user/{head.pk}/change/",
        {"email": head.email, "title": "", "first_name": head.first_name,
         "last_name": head.last_name, "last_login_0": "", "last_login_1": "",
         "date_joined_0": "2025-09-01", "date_joined_1": "09:00:00"},
    )  # fmt: skip

    head.refresh_from_db()
    assert response.status_code == 302
    assert not head.is_active
    event = AuditEvent.objects.get(action="deactivated")
    assert (event.actor, event.subject) == (superuser, "head@school.example")
    # Reactivating them later must not bring back what deactivation ended.
    head.is_active = True
    head.save()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(SCHOOLS_API, **bearer(key)).status_code == 401
