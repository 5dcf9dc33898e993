import html
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from schools.models import GovernorAppointment, Headship
from tests import factories

pytestmark = pytest.mark.django_db

Role = GovernorAppointment.Role


@pytest.fixture
def school():
    return factories.school(urn=100001, name="Alder Primary School")


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def add_headteacher_url(school) -> str:
    return f"/schools/{school.urn}/headships/add/"


def add_governor_url(school) -> str:
    return f"/schools/{school.urn}/governors/add/"


def end_headship_url(headship) -> str:
    return f"/schools/{headship.school.urn}/headships/{headship.pk}/end/"


def end_appointment_url(appointment) -> str:
    return f"/schools/{appointment.school.urn}/governors/{appointment.pk}/end/"


def headteacher_form(**fields) -> dict:
    return {
        "email": "new.head@school.example",
        "first_name": "Grace",
        "last_name": "Hopper",
        "kind": "substantive",
        "starts_on": "2025-09-01",
        "ends_on": "",
        **fields,
    }


def governor_form(**fields) -> dict:
    return {
        "email": "new.chair@school.example",
        "first_name": "Nia",
        "last_name": "Newchair",
        "role": "chair",
        "category": "parent",
        "starts_on": "2025-09-01",
        "ends_on": "",
        **fields,
    }


def error_summary(response) -> str:
    """The text of the GOV.UK error summary at the top of the page."""
    text = response.text
    assert 'class="govuk-error-summary"' in text
    return html.unescape(text.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0])


def test_officer_sees_the_add_headteacher_form(officer_client, school):
    response = officer_client.get(add_headteacher_url(school))

    assert response.status_code == 200
    assert "Add a headteacher" in response.text
    assert 'name="email"' in response.text


def test_adding_a_new_headteacher_creates_them_without_a_usable_password(officer_client, school):
    response = officer_client.post(add_headteacher_url(school), headteacher_form())

    assert response.status_code == 302
    assert response["Location"] == "/schools/100001/"
    person = User.objects.get(email="new.head@school.example")
    assert (person.first_name, person.last_name) == ("Grace", "Hopper")
    assert not person.has_usable_password()
    headship = Headship.objects.get(school=school)
    assert (headship.person, headship.kind, headship.starts_on) == (
        person, "substantive", date(2025, 9, 1)
    )  # fmt: skip


def test_added_headteacher_appears_on_the_school_page(officer_client, school):
    response = officer_client.post(add_headteacher_url(school), headteacher_form(), follow=True)

    assert "Headship of Alder Primary School recorded." in response.text
    assert "Grace Hopper" in response.text
    assert "since 1 September 2025" in response.text


def test_adding_a_known_person_reuses_them_whatever_the_case_of_the_email(officer_client, school):
    known = factories.person(email="known.head@school.example", first_name="Kim", last_name="Known")
    people_before = User.objects.count()

    officer_client.post(
        add_headteacher_url(school), headteacher_form(email="Known.Head@SCHOOL.example")
    )

    assert User.objects.count() == people_before
    assert Headship.objects.get(school=school).person == known


def test_headteacher_ending_before_starting_is_refused(officer_client, school):
    response = officer_client.post(
        add_headteacher_url(school), headteacher_form(starts_on="2025-09-01", ends_on="2025-08-31")
    )

    assert response.status_code == 200
    assert "The end date must be on or after the start date." in error_summary(response)
    assert not Headship.objects.exists()


def test_refused_headteacher_leaves_no_new_person_behind(officer_client, school):
    officer_client.post(
        add_headteacher_url(school), headteacher_form(starts_on="2025-09-01", ends_on="2025-08-31")
    )

    assert not User.objects.filter(email="new.head@school.example").exists()


def test_adding_a_chair_records_the_appointment(officer_client, school):
    response = officer_client.post(add_governor_url(school), governor_form(), follow=True)

    assert "Appointment to the governing body of Alder Primary School recorded." in response.text
    appointment = GovernorAppointment.objects.get(school=school)
    assert (appointment.person.email, appointment.role, appointment.category) == (
        "new.chair@school.example", "chair", "parent"
    )  # fmt: skip


def test_second_chair_is_refused_with_an_error_naming_the_current_chair(officer_client, school):
    chair = factories.person(first_name="Zara", last_name="Zed")
    factories.governor(school=school, person=chair, role=Role.CHAIR)

    response = officer_client.post(add_governor_url(school), governor_form(role="chair"))

    message = (
        "Alder Primary School already has a chair for those dates: Zara Zed, "
        "from 1 September 2024. End that appointment first"
    )
    assert response.status_code == 200
    assert message in error_summary(response)
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in response.text
    assert list(GovernorAppointment.objects.values_list("person", "role")) == [(chair.pk, "chair")]


def test_second_vice_chair_is_refused(officer_client, school):
    vice = factories.person(first_name="Yusuf", last_name="Young")
    factories.governor(school=school, person=vice, role=Role.VICE_CHAIR)

    response = officer_client.post(add_governor_url(school), governor_form(role="vice_chair"))

    assert "already has a vice-chair for those dates: Yusuf Young" in error_summary(response)
    assert GovernorAppointment.objects.count() == 1


def test_refused_second_chair_leaves_no_new_person_behind(officer_client, school):
    factories.governor(school=school, person=factories.person(), role=Role.CHAIR)

    officer_client.post(add_governor_url(school), governor_form(role="chair"))

    assert not User.objects.filter(email="new.chair@school.example").exists()


def test_chair_can_be_added_once_the_former_chairs_term_has_ended(officer_client, school):
    factories.governor(
        school=school, person=factories.person(), role=Role.CHAIR,
        starts_on=date(2020, 9, 1), ends_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip

    officer_client.post(
        add_governor_url(school),
        governor_form(role="chair", starts_on=timezone.localdate().isoformat()),
    )

    assert GovernorAppointment.objects.filter(school=school, role="chair").count() == 2


def test_successor_chair_can_be_recorded_to_start_after_the_current_chair_leaves(
    officer_client, school
):
    today = timezone.localdate()
    factories.governor(
        school=school, person=factories.person(), role=Role.CHAIR,
        starts_on=date(2020, 9, 1), ends_on=today + timedelta(days=30),
    )  # fmt: skip

    officer_client.post(
        add_governor_url(school),
        governor_form(role="chair", starts_on=(today + timedelta(days=31)).isoformat()),
    )

    assert GovernorAppointment.objects.filter(school=school, role="chair").count() == 2


def test_chair_overlapping_an_already_appointed_future_chair_is_refused(officer_client, school):
    today = timezone.localdate()
    factories.governor(
        school=school, person=factories.person(), role=Role.CHAIR,
        starts_on=today + timedelta(days=30),
    )  # fmt: skip

    response = officer_client.post(
        add_governor_url(school), governor_form(role="chair", starts_on=today.isoformat())
    )

    assert response.status_code == 200
    assert GovernorAppointment.objects.filter(school=school, role="chair").count() == 1


def test_ending_an_appointment_before_it_started_is_refused_and_changes_nothing(
    officer_client, school
):
    appointment = factories.governor(
        school=school, person=factories.person(), starts_on=date(2024, 9, 1)
    )

    response = officer_client.post(end_appointment_url(appointment), {"ends_on": "2024-08-31"})

    assert response.status_code == 200
    assert "The end date must be on or after the start date." in error_summary(response)
    appointment.refresh_from_db()
    assert appointment.ends_on is None


def test_ending_a_headship_before_it_started_is_refused_and_changes_nothing(officer_client, school):
    headship = factories.headship(
        school=school, person=factories.person(), starts_on=date(2020, 9, 1)
    )

    response = officer_client.post(end_headship_url(headship), {"ends_on": "2020-08-31"})

    assert response.status_code == 200
    assert "The end date must be on or after the start date." in error_summary(response)
    headship.refresh_from_db()
    assert headship.ends_on is None


def test_ending_a_headship_removes_it_from_the_school_page(officer_client, school):
    head = factories.person(first_name="Grace", last_name="Hopper")
    headship = factories.headship(school=school, person=head)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = officer_client.post(
        end_headship_url(headship), {"ends_on": yesterday.isoformat()}, follow=True
    )

    assert response.redirect_chain == [("/schools/100001/", 302)]
    assert "The headship of Grace Hopper has been ended." in response.text
    assert "No current headship is recorded in the portal." in response.text
    assert "Substantive headteacher" not in response.text
    headship.refresh_from_db()
    assert headship.ends_on == yesterday


def test_ending_an_appointment_removes_it_from_the_governing_body(officer_client, school):
    member = factories.person(first_name="Anna", last_name="Adams")
    appointment = factories.governor(school=school, person=member)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = officer_client.post(
        end_appointment_url(appointment), {"ends_on": yesterday.isoformat()}, follow=True
    )

    assert "The appointment of Anna Adams has been ended." in response.text
    assert "No current members of the governing body are recorded." in response.text


def test_end_page_of_another_schools_headship_is_404(officer_client, school):
    headship = factories.headship(school=factories.school(), person=factories.person())

    response = officer_client.get(f"/schools/{school.urn}/headships/{headship.pk}/end/")

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["add headteacher", "add governor", "end headship", "end seat"])
def test_headteacher_of_the_school_is_refused_the_people_pages(client, school, method, page):
    head = factories.person()
    headship = factories.headship(school=school, person=head)
    appointment = factories.governor(school=school, person=factories.person())
    url, data = {
        "add headteacher": (add_headteacher_url(school), headteacher_form()),
        "add governor": (add_governor_url(school), governor_form()),
        "end headship": (end_headship_url(headship), {"ends_on": "2025-01-01"}),
        "end seat": (end_appointment_url(appointment), {"ends_on": "2025-01-01"}),
    }[page]
    client.force_login(head)
    people_before = User.objects.count()

    response = getattr(client, method)(url, data if method == "post" else None)

    assert response.status_code == 403
    assert User.objects.count() == people_before
    assert list(Headship.objects.values_list("pk", "ends_on")) == [(headship.pk, None)]
    assert list(GovernorAppointment.objects.values_list("pk", "ends_on")) == [
        (appointment.pk, None)
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"starts_on": ""}, "This field is required."),
        ({"starts_on": "31/02/2025"}, "Enter a valid date."),
    ],
)
def test_invalid_headteacher_form_shows_an_error_summary_and_creates_nothing(
    officer_client, school, fields, message
):
    people_before = User.objects.count()

    response = officer_client.post(add_headteacher_url(school), headteacher_form(**fields))

    assert response.status_code == 200
    assert message in error_summary(response)
    assert User.objects.count() == people_before
    assert not Headship.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"starts_on": ""}, "This field is required."),
    ],
)
def test_invalid_governor_form_shows_an_error_summary_and_creates_nothing(
    officer_client, school, fields, message
):
    people_before = User.objects.count()

    response = officer_client.post(add_governor_url(school), governor_form(**fields))

    assert response.status_code == 200
    assert message in error_summary(response)
    assert User.objects.count() == people_before
    assert not GovernorAppointment.objects.exists()


def test_end_form_without_a_date_shows_an_error_summary_and_changes_nothing(officer_client, school):
    headship = factories.headship(school=school, person=factories.person())

    response = officer_client.post(end_headship_url(headship), {"ends_on": ""})

    assert response.status_code == 200
    assert "This field is required." in error_summary(response)
    headship.refresh_from_db()
    assert headship.ends_on is None
