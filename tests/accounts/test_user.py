import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError

from accounts.models import User


@pytest.mark.django_db
def test_a_person_can_exist_without_a_usable_password():
    person = User.objects.create_user("Head.Teacher@School.example")

    assert person.email == "head.teacher@school.example"
    assert not person.has_usable_password()


@pytest.mark.django_db
def test_one_person_per_email_whatever_its_case():
    User.objects.create_user("chair@school.example")
    with pytest.raises(IntegrityError):
        User.objects.create_user("CHAIR@school.example")


@pytest.mark.django_db
def test_a_person_signs_in_with_email_and_password(client, password):
    person = User.objects.create_user("officer@council.example", password)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)

    response = client.post(
        "/accounts/login/", {"login": "Officer@Council.example", "password": password}
    )

    assert response.status_code == 302
    assert client.get("/").context["user"] == person


@pytest.mark.django_db
def test_a_wrong_password_does_not_sign_in(client, password):
    User.objects.create_user("officer@council.example", password)

    response = client.post(
        "/accounts/login/", {"login": "officer@council.example", "password": "x"}
    )

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_nobody_can_sign_themselves_up(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "stranger@example.com",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert not User.objects.filter(email="stranger@example.com").exists()
    assert "closed" in response.content.decode().lower()
