from datetime import date

import pytest

from meetings.calendar import ensure_academic_year
from meetings.models import Term
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def autumn():
    return ensure_academic_year(2026).terms.get(name=Term.Name.AUTUMN)


def _form(**changes) -> dict:
    data = {
        "starts_on": "2026-09-03", "half_term_starts_on": "2026-10-19",
        "half_term_ends_on": "2026-10-23", "ends_on": "2026-12-18",
    }  # fmt: skip
    return {**data, **changes}


def test_officers_see_every_term(client, autumn):
    client.force_login(factories.officer())

    html = client.get("/meetings/terms/").content.decode()

    assert "2026/27" in html and "Wed 2 Sep 2026" in html and "26 Oct to 30 Oct 2026" in html


def test_an_officer_changes_a_term_to_the_councils_dates(client, autumn):
    client.force_login(factories.officer())

    response = client.post(f"/meetings/terms/{autumn.pk}/edit/", _form())

    assert response.status_code == 302
    autumn.refresh_from_db()
    assert (autumn.starts_on, autumn.half_term_starts_on) == (date(2026, 9, 3), date(2026, 10, 19))


def test_a_half_term_outside_the_term_is_refused_and_changes_nothing(client, autumn):
    client.force_login(factories.officer())

    response = client.post(
        f"/meetings/terms/{autumn.pk}/edit/", _form(half_term_starts_on="2027-01-04")
    )

    assert response.status_code == 200
    assert "The half-term must fall inside the term" in response.content.decode()
    autumn.refresh_from_db()
    assert autumn.half_term_starts_on == date(2026, 10, 26)


def test_a_term_overlapping_the_next_is_refused(client, autumn):
    client.force_login(factories.officer())

    response = client.post(f"/meetings/terms/{autumn.pk}/edit/", _form(ends_on="2027-01-06"))

    assert "These dates overlap the spring term." in response.content.decode()


def test_headteachers_cannot_change_terms(client, autumn):
    client.force_login(factories.person())

    assert client.get("/meetings/terms/").status_code == 403
    assert client.post(f"/meetings/terms/{autumn.pk}/edit/", _form()).status_code == 403
