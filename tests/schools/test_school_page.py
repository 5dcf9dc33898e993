from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schools.categories import Category
from schools.models import GovernorAppointment
from tests import factories

pytestmark = pytest.mark.django_db

Role = GovernorAppointment.Role


def page_of(school) -> str:
    return f"/schools/{school.urn}/"


def governing_body(html: str) -> str:
    """The governing-body part of the page, so names elsewhere do not count."""
    return html.split('<h2 class="govuk-heading-l">Governing body</h2>', 1)[1].split("</table>", 1)[
        0
    ]


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


@pytest.fixture
def school():
    return factories.school(
        urn=100001,
        name="Alder Primary School",
        category=Category.MAINTAINED,
        gias_type="Community school",
        phase="Primary",
        postcode="SW18 2AB",
        street="1 Alder Road",
        town="London",
        number_of_pupils=1234,
        telephone="020 8871 0000",
    )


def test_anonymous_visitor_is_sent_to_sign_in(client, school):
    response = client.get(page_of(school))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/schools/100001/"


def test_officer_sees_the_schools_details(officer_client, school):
    response = officer_client.get(page_of(school))

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Alder Primary School</h1>' in response.text
    assert "URN 100001 · Wandsworth" in response.text
    assert "State-funded: entitled to a link inspector" in response.text
    assert "Community school" in response.text
    assert "1 Alder Road<br>London<br>SW18 2AB" in response.text
    assert "1,234" in response.text
    assert "020 8871 0000" in response.text


def test_officer_gets_404_for_an_unknown_urn(officer_client, school):
    assert officer_client.get("/schools/999999/").status_code == 404


def test_officer_gets_404_for_a_urn_too_large_for_the_database(officer_client, school):
    assert officer_client.get("/schools/123456789012345678901234/").status_code == 404


def test_officer_sees_the_current_headteacher(officer_client, school):
    head = factories.person(first_name="Grace", last_name="Hopper")
    factories.headship(school=school, person=head, starts_on=date(2021, 9, 1))

    response = officer_client.get(page_of(school))

    assert "Substantive headteacher" in response.text
    assert "Grace Hopper" in response.text
    assert "since 1 September 2021" in response.text
    assert "No current headship is recorded" not in response.text


def test_former_and_future_headteachers_are_not_shown(officer_client, school):
    today = timezone.localdate()
    former = factories.person(first_name="Former", last_name="Head")
    future = factories.person(first_name="Future", last_name="Head")
    factories.headship(
        school=school, person=former, starts_on=date(2015, 9, 1), ends_on=today - timedelta(1)
    )
    factories.headship(school=school, person=future, starts_on=today + timedelta(1))

    response = officer_client.get(page_of(school))

    assert "Former Head" not in response.text
    assert "Future Head" not in response.text


def test_gias_head_name_is_shown_when_no_headship_is_recorded(officer_client):
    school = factories.school(
        head_title="Mrs", head_first_name="Ada", head_last_name="Lovelace",
        head_job_title="Headteacher",
    )  # fmt: skip

    response = officer_client.get(page_of(school))

    assert (
        "No current headship is recorded in the portal. "
        "GIAS publishes Mrs Ada Lovelace (Headteacher)." in response.text
    )


def test_governing_body_lists_chair_then_vice_chair_then_governors(officer_client, school):
    # Created in the reverse of the expected order, with names that sort the other way.
    for first, last, role in [
        ("Anna", "Adams", Role.GOVERNOR),
        ("Bill", "Brown", Role.GOVERNOR),
        ("Yusuf", "Young", Role.VICE_CHAIR),
        ("Zara", "Zed", Role.CHAIR),
    ]:
        factories.governor(
            school=school, person=factories.person(first_name=first, last_name=last), role=role
        )

    body = governing_body(officer_client.get(page_of(school)).text)

    order = ["Zara Zed", "Yusuf Young", "Anna Adams", "Bill Brown"]
    assert sorted(order, key=body.index) == order
    assert "<strong>Chair</strong>" in body
    assert "<strong>Vice-chair</strong>" in body


def test_governing_body_leaves_out_ended_and_future_appointments(officer_client, school):
    today = timezone.localdate()
    factories.governor(
        school=school, person=factories.person(first_name="Current", last_name="Member")
    )
    factories.governor(
        school=school,
        person=factories.person(first_name="Ended", last_name="Member"),
        starts_on=date(2020, 9, 1),
        ends_on=today - timedelta(1),
    )
    factories.governor(
        school=school,
        person=factories.person(first_name="Future", last_name="Member"),
        starts_on=today + timedelta(1),
    )

    body = governing_body(officer_client.get(page_of(school)).text)

    assert "Current Member" in body
    assert "Ended Member" not in body
    assert "Future Member" not in body


def test_appointment_ending_today_is_still_shown(officer_client, school):
    factories.governor(
        school=school,
        person=factories.person(first_name="Last", last_name="Day"),
        ends_on=timezone.localdate(),
    )

    body = governing_body(officer_client.get(page_of(school)).text)

    assert "Last Day" in body


def test_headteacher_sees_their_own_school(client, school):
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    response = client.get(page_of(school))

    assert response.status_code == 200
    assert "Alder Primary School" in response.text
    assert "Add a headteacher" not in response.text
    assert "Add a member of the governing body" not in response.text


def test_headteacher_gets_404_for_another_school(client, school):
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    assert client.get(page_of(factories.school())).status_code == 404


def test_governor_sees_their_own_school(client, school):
    member = factories.person()
    factories.governor(school=school, person=member)
    client.force_login(member)

    response = client.get(page_of(school))

    assert response.status_code == 200
    assert "Alder Primary School" in response.text


def test_governor_gets_404_for_another_school(client, school):
    member = factories.person()
    factories.governor(school=school, person=member)
    client.force_login(member)

    assert client.get(page_of(factories.school())).status_code == 404


def test_headteacher_whose_headship_ended_yesterday_gets_404(client, school):
    head = factories.person()
    factories.headship(school=school, person=head, ends_on=timezone.localdate() - timedelta(days=1))
    client.force_login(head)

    assert client.get(page_of(school)).status_code == 404


def test_headteacher_whose_headship_starts_tomorrow_gets_404(client, school):
    head = factories.person()
    factories.headship(
        school=school, person=head, starts_on=timezone.localdate() + timedelta(days=1)
    )
    client.force_login(head)

    assert client.get(page_of(school)).status_code == 404


def test_school_page_query_count_does_not_grow_with_governors(
    officer_client, school, django_assert_num_queries
):
    factories.headship(school=school, person=factories.person())
    factories.governor(school=school, person=factories.person(), role=Role.CHAIR)
    for _ in range(2):
        factories.governor(school=school, person=factories.person())
    officer_client.get(page_of(school))  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        response = officer_client.get(page_of(school))
    assert governing_body(response.text).count('<tr class="govuk-table__row">') == 1 + 3

    for _ in range(9):
        factories.governor(school=school, person=factories.person())
    with django_assert_num_queries(len(few)):
        response = officer_client.get(page_of(school))
    assert governing_body(response.text).count('<tr class="govuk-table__row">') == 1 + 12
