import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import dateformat, timezone

from accounts.invitations import invitation_create
from accounts.models import AuditEvent, Invitation
from tests import factories
from tests.conftest import sent_mail, wait_for

GOOD_PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def officer():
    return factories.officer(email="officer@council.example", first_name="Olu", last_name="Ade")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def head():
    return factories.person(email="head@school.example", first_name="Hana", last_name="Head")


def invite_url(person) -> str:
    return f"/people/{person.pk}/invite/"


def link(token: str) -> str:
    return f"/accounts/invitation/{token}/"


def set_password(client, token: str, first: str, second: str | None = None):
    return client.post(link(token), {"password1": first, "password2": second or first})


# --- Sending, through the real worker --------------------------------------------


def test_worker_emails_the_invitation_link_and_its_expiry(
    celery_worker_process, worker_mail_dir, officer_client, head
):
    response = officer_client.post(invite_url(head))

    assert response.status_code == 302
    (message,) = wait_for(lambda: sent_mail(worker_mail_dir))
    invitation = Invitation.objects.get(person=head)
    expiry = dateformat.format(timezone.localtime(invitation.expires_at), "j F Y")
    assert "\nTo: head@school.example\n" in message
    assert f"expires on {expiry}" in message
    token = re.search(r"https?://\S+/accounts/invitation/([\w-]+)/\n", message).group(1)
    assert wait_for(lambda: Invitation.objects.get(pk=invitation.pk).sent_at)
    page = Client().get(link(token))
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
    assert celery_worker_process.poll() is None, "the worker died"


# --- Accepting ----------------------------------------------------------------------


@pytest.mark.django_db
def test_link_shows_a_set_password_form(client, officer, head):
    _, token = invitation_create(person=head, by=officer)

    response = client.get(link(token))

    html = response.content.decode()
    assert response.status_code == 200
    assert "You were invited as head@school.example." in html
    assert 'name="password1"' in html
    assert 'name="password2"' in html


@pytest.mark.django_db
def test_mismatched_passwords_are_refused_and_change_nothing(client, officer, head):
    invitation, token = invitation_create(person=head, by=officer)

    response = set_password(client, token, GOOD_PASSWORD, GOOD_PASSWORD + "!")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert '<a href="#id_password2">The passwords do not match.</a>' in html
    assert_nothing_changed(client, invitation, head)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Sh0rt-pass", "This password is too short. It must contain at least 12 characters."),
        ("314159265358979", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
    ],
)
def test_weak_password_is_refused_and_changes_nothing(client, officer, head, password, error):
    invitation, token = invitation_create(person=head, by=officer)

    response = set_password(client, token, password)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert f'<a href="#id_password1">{error}</a>' in html
    assert_nothing_changed(client, invitation, head)


def assert_nothing_changed(client, invitation, person):
    invitation.refresh_from_db()
    person.refresh_from_db()
    assert invitation.accepted_at is None
    assert not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person, verified=True).exists()
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_good_password_signs_in_and_verifies_the_email(client, officer, head):
    invitation, token = invitation_create(person=head, by=officer)

    response = set_password(client, token, GOOD_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Signed in as head@school.example." in home
    assert "Your password is set and you are signed in." in home
    head.refresh_from_db()
    assert head.check_password(GOOD_PASSWORD)
    assert EmailAddress.objects.get(user=head).verified
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="invitation_accepted", actor=head).count() == 1


@pytest.mark.django_db
def test_accepted_person_can_sign_in_again_with_their_password(officer, head):
    _, token = invitation_create(person=head, by=officer)
    set_password(Client(), token, GOOD_PASSWORD)
    client = Client()

    client.post("/accounts/login/", {"login": "head@school.example", "password": GOOD_PASSWORD})

    assert client.get("/").context["user"] == head


@pytest.mark.django_db
def test_link_cannot_be_used_twice(client, officer, head):
    _, token = invitation_create(person=head, by=officer)
    set_password(client, token, GOOD_PASSWORD)
    other = Client()

    page = other.get(link(token))
    again = set_password(other, token, "another long passphrase 77")

    assert page.status_code == 410
    assert "This invitation link has expired" in page.content.decode()
    assert again.status_code == 410
    head.refresh_from_db()
    assert head.check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_expired_invitation_gives_410(client, officer, head):
    invitation, token = invitation_create(person=head, by=officer)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    page = client.get(link(token))
    post = set_password(client, token, GOOD_PASSWORD)

    assert page.status_code == 410
    assert "This invitation link has expired" in page.content.decode()
    assert post.status_code == 410
    head.refresh_from_db()
    assert not head.has_usable_password()


@pytest.mark.django_db
def test_unknown_token_gives_410(client):
    assert client.get(link("not-a-token")).status_code == 410


@pytest.mark.django_db
def test_invitation_of_a_person_deactivated_since_gives_410(client, officer, head):
    _, token = invitation_create(person=head, by=officer)
    head.is_active = False
    head.save()

    assert client.get(link(token)).status_code == 410
    assert set_password(client, token, GOOD_PASSWORD).status_code == 410


# --- Inviting from the people directory --------------------------------------------


@pytest.mark.django_db
def test_officer_invites_a_person_from_the_people_directory(
    officer_client, officer, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = officer_client.post(invite_url(head), follow=True)

    assert response.redirect_chain == [("/people/", 302)]
    assert "An invitation has been emailed to head@school.example." in response.content.decode()
    invitation = Invitation.objects.get(person=head)
    assert invitation.invited_by == officer
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - timedelta(days=7)) < timedelta(seconds=1)
    assert len(callbacks) == 1, "the email is sent once the invitation is committed"
    event = AuditEvent.objects.get(action="invited")
    assert (event.actor, event.subject) == (officer, "head@school.example")


@pytest.mark.django_db
def test_second_invitation_revokes_the_first_link(client, officer_client, officer, head):
    first, first_token = invitation_create(person=head, by=officer)

    officer_client.post(invite_url(head))

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert client.get(link(first_token)).status_code == 410
    open_ones = [i for i in Invitation.objects.filter(person=head) if i.is_open]
    assert len(open_ones) == 1
    assert open_ones[0] != first


@pytest.mark.django_db
def test_deactivated_person_cannot_be_invited(officer_client, django_capture_on_commit_callbacks):
    person = factories.person(email="gone@school.example", is_active=False)

    with django_capture_on_commit_callbacks() as callbacks:
        response = officer_client.post(invite_url(person), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "is deactivated; reactivate them before inviting." in html
    assert "An invitation has been emailed" not in html
    assert not Invitation.objects.exists()
    assert callbacks == []
    assert not AuditEvent.objects.filter(action="invited").exists()


@pytest.mark.django_db
def test_non_officer_may_not_invite(client, head):
    client.force_login(factories.person(password="a long and unusual passphrase 1"))

    response = client.post(invite_url(head))

    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client, head):
    response = client.post(invite_url(head))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_officer_may_not_invite_another_officer(officer_client):
    colleague = factories.officer()

    response = officer_client.post(invite_url(colleague))

    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_administrator_may_invite_an_officer(client):
    administrator = factories.officer(groups=["officer", "administrator"])
    colleague = factories.officer()
    client.force_login(administrator)

    response = client.post(invite_url(colleague))

    assert response.status_code == 302
    assert Invitation.objects.get().person == colleague


@pytest.mark.django_db
def test_invite_needs_a_post(officer_client, head):
    assert officer_client.get(invite_url(head)).status_code == 405
    assert not Invitation.objects.exists()
