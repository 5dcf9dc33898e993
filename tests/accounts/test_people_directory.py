import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.models import GovernorAppointment
from tests import factories

pytestmark = pytest.mark.django_db


def _people_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/").status_code == 200
    return len(queries)


def _add_people_with_roles(n: int) -> None:
    for _ in range(n):
        school = factories.school()
        factories.headship(school=school, person=factories.person())
        factories.governor(
            school=school, person=factories.person(), role=GovernorAppointment.Role.CHAIR
        )


def test_officers_see_everyone_with_their_roles(client):
    officer = factories.officer()
    school = factories.school(name="Alder Primary School")
    head = factories.person(first_name="Hana", last_name="Head")
    factories.headship(school=school, person=head)
    client.force_login(officer)

    html = client.get("/people/").content.decode()

    assert "Hana Head" in html and head.email in html
    assert 'Headteacher, <a class="govuk-link"' in html and "Alder Primary School" in html
    assert "Not invited yet" in html


def test_people_search_by_name_or_email(client):
    client.force_login(factories.officer())
    factories.person(first_name="Zebedee", last_name="Quill", email="zq@school.example")
    factories.person(first_name="Anna", last_name="Other")

    html = client.get("/people/", {"q": "quill"}).content.decode()

    assert "zq@school.example" in html and "Anna Other" not in html


def test_people_directory_queries_do_not_grow_with_people(client):
    client.force_login(factories.officer())
    _add_people_with_roles(3)
    _people_page_queries(client)  # warm caches such as the session
    few = _people_page_queries(client)
    _add_people_with_roles(20)

    assert _people_page_queries(client) == few


def test_headteachers_may_not_see_the_directory(client):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    response = client.get("/people/")

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
