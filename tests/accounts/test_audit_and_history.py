from datetime import date

import pytest
from django.contrib.auth.models import Group

from accounts.models import AuditEvent, User
from schools.models import Headship
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def person():
    return factories.person(email="head@school.example", password=PASSWORD)


def sign_in(client, **extra):
    return client.post(
        "/accounts/login/", {"login": "head@school.example", "password": PASSWORD}, **extra
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# --- Sign-in and sign-out ---------------------------------------------------------


def test_sign_in_is_recorded_with_the_person_and_ip(client, person):
    sign_in(client, REMOTE_ADDR="203.0.113.5")

    (event,) = events("signed_in")
    assert event.actor == person
    assert event.actor_label == "head@school.example"
    assert event.subject == "head@school.example"
    assert event.ip_address == "203.0.113.5"


def test_sign_in_behind_the_load_balancer_records_the_client_it_saw(client, person, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")

    (event,) = events("signed_in")
    assert event.ip_address == "203.0.113.9"


def test_without_a_trusted_proxy_a_forwarded_header_cannot_choose_the_address(client, person):
    sign_in(client, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")

    (event,) = events("signed_in")
    assert event.ip_address == "203.0.113.5"


def test_a_forwarded_header_that_is_not_an_address_does_not_break_sign_in(client, person):
    sign_in(client, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="unknown")

    assert client.get("/").context["user"] == person
    (event,) = events("signed_in")
    assert event.ip_address == "203.0.113.5"


def test_sign_out_is_recorded_with_the_person_and_ip(client, person):
    sign_in(client)

    client.post("/accounts/logout/", REMOTE_ADDR="203.0.113.6")

    assert not client.get("/").context["user"].is_authenticated
    (event,) = events("signed_out")
    assert event.actor == person
    assert event.subject == "head@school.example"
    assert event.ip_address == "203.0.113.6"


def test_failed_sign_in_records_the_address_tried_but_never_the_password(client, person):
    client.post(
        "/accounts/login/",
        {"login": "head@school.example", "password": "the wrong passphrase 1"},
        REMOTE_ADDR="203.0.113.7",
    )

    (event,) = events("sign_in_failed")
    assert event.actor is None
    assert event.subject == "head@school.example"
    assert event.ip_address == "203.0.113.7"
    assert "the wrong passphrase 1" not in str(event.details)
    assert not events("signed_in")


# --- Roles -------------------------------------------------------------------------


def test_adding_a_person_to_the_officer_group_records_the_role_granted(person):
    person.groups.add(Group.objects.get_or_create(name="officer")[0])

    (event,) = events("role_granted")
    assert event.subject == "head@school.example"
    assert event.details == {"roles": ["officer"]}


def test_removing_a_role_is_recorded(person):
    officer_group = Group.objects.get_or_create(name="officer")[0]
    person.groups.add(officer_group)

    person.groups.remove(officer_group)

    (event,) = events("role_removed")
    assert event.subject == "head@school.example"
    assert event.details == {"roles": ["officer"]}


def test_granting_a_role_in_the_django_admin_is_recorded(client, person):
    officer_group = Group.objects.get_or_create(name="officer")[0]
    client.force_login(factories.officer(is_superuser=True, is_staff=True))

    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {"email": person.email, "title": "", "first_name": "Hana", "last_name": "Head",
         "is_active": "on", "groups": [officer_group.pk],
         "last_login_0": "", "last_login_1": "",
         "date_joined_0": "2025-09-01", "date_joined_1": "09:00:00"},
    )  # fmt: skip

    assert response.status_code == 302
    assert list(person.groups.values_list("name", flat=True)) == ["officer"]
    (event,) = AuditEvent.objects.filter(action="role_granted", subject="head@school.example")
    assert event.details == {"roles": ["officer"]}


# --- Change history ----------------------------------------------------------------


def test_ending_a_headship_on_the_school_page_records_who_ended_it(client):
    officer = factories.officer()
    school = factories.school(urn=100001)
    headship = factories.headship(school=school, person=factories.person())
    client.force_login(officer)

    response = client.post(
        f"/schools/{school.urn}/headships/{headship.pk}/end/", {"ends_on": "2025-08-31"}
    )

    assert response.status_code == 302
    latest = Headship.history.filter(id=headship.pk).latest()
    assert latest.history_type == "~"
    assert latest.history_user == officer
    assert latest.ends_on == date(2025, 8, 31)
    assert Headship.history.filter(id=headship.pk).earliest().ends_on is None


def test_a_persons_history_never_holds_their_password(person):
    person.set_password("another long passphrase 77")
    person.save()

    fields = {f.name for f in User.history.model._meta.fields}
    assert "password" not in fields
    assert person.history.count() == 2


def test_adding_a_person_from_the_groups_side_records_the_role_granted(person):
    officer_group = Group.objects.get_or_create(name="officer")[0]

    officer_group.user_set.add(person)

    (event,) = events("role_granted")
    assert event.subject == "head@school.example"
    assert event.details == {"roles": ["officer"]}
