import pytest

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_adding_a_person_whose_address_differs_only_in_case_is_refused(client):
    admin = factories.officer(is_staff=True, is_superuser=True)
    User.objects.create_user("new.person@example.org")
    client.force_login(admin)

    response = client.post(
        "/admin/accounts/user/add/",
        {"email": "NEW.Person@Example.org", "usable_password": "false"},
    )

    assert response.status_code == 200
    assert "Someone already has this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="new.person@example.org").count() == 1


def test_an_administrator_adds_a_person_without_a_password(client):
    client.force_login(factories.officer(is_staff=True, is_superuser=True))

    response = client.post(
        "/admin/accounts/user/add/", {"email": "Clerk@School.example", "usable_password": "false"}
    )

    assert response.status_code == 302
    person = User.objects.get(email="clerk@school.example")
    assert not person.has_usable_password()
