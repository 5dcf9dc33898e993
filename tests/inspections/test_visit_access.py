"""What people at a school see of link visits: the head reads shared visits with their
notes; the chair of governors sees them without the notes; nobody sees unshared ones.
(The status codes for every role are in tests/accounts/test_access_matrix.py.)"""

from datetime import date

import pytest
from django.utils import timezone

from schools.models import GovernorAppointment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_visits():
    school = factories.school(name="Alder Primary School")
    inspector = factories.link_inspector()
    shared = factories.link_visit(
        school=school, inspector=inspector, visited_on=date(2026, 10, 6),
        notes="Notes for the head", shared_at=timezone.now(),
    )  # fmt: skip
    shared.actions.create(description="Attendance plan")
    unshared = factories.link_visit(
        school=school, inspector=inspector, visited_on=date(2026, 11, 3), notes="Working notes"
    )
    return school, shared, unshared


def test_the_head_reads_a_shared_visit_with_its_notes_and_actions(client, school_visits):
    school, shared, _ = school_visits
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    html = client.get(shared.get_absolute_url()).text

    assert "Notes for the head" in html and "Attendance plan" in html
    assert "Share with the school" not in html and "Change the visit" not in html


def test_the_chair_sees_a_shared_visit_without_its_notes(client, school_visits):
    school, shared, _ = school_visits
    chair = factories.person()
    factories.governor(school=school, person=chair, role=GovernorAppointment.Role.CHAIR)
    client.force_login(chair)

    html = client.get(shared.get_absolute_url()).text

    assert "Attendance plan" in html
    assert "Notes for the head" not in html


def test_the_school_page_lists_only_shared_visits_to_the_head(client, school_visits):
    school, shared, unshared = school_visits
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    html = client.get(school.get_absolute_url()).text

    assert shared.get_absolute_url() in html
    assert unshared.get_absolute_url() not in html
    assert "Record a visit" not in html


def test_a_governor_who_is_not_the_chair_sees_no_visits_on_the_school_page(client, school_visits):
    school, shared, _ = school_visits
    governor = factories.person()
    factories.governor(school=school, person=governor)
    client.force_login(governor)

    html = client.get(school.get_absolute_url()).text

    assert shared.get_absolute_url() not in html
    assert client.get(shared.get_absolute_url()).status_code == 404


def test_officers_see_every_visit_on_the_school_page(client, school_visits):
    school, shared, unshared = school_visits
    client.force_login(factories.officer())

    html = client.get(school.get_absolute_url()).text

    assert shared.get_absolute_url() in html and unshared.get_absolute_url() in html
    assert "Not shared" in html
