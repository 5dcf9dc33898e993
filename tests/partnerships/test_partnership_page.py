"""A body's own page: who may see it, what it shows, and what it costs."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Action, AgendaItem, Decision
from partnerships.models import AgencyContact, Membership, PartnerAgency
from schools.models import GovernorAppointment
from tests import factories
from tests.partnerships import body, meeting, series

pytestmark = pytest.mark.django_db
SINCE = date(2024, 9, 1)


@pytest.fixture
def partnership():
    return body(
        name="Secondary Improving Behaviour and Attendance Partnership",
        purpose="Schools and agencies on behaviour and attendance.",
        terms_of_reference="Meets termly. Quorum: five members including two headteachers.",
        topics="behaviour and attendance, admissions",
    )


def page_of(b) -> str:
    return f"/partnerships/{b.pk}/"


def add_school(b, **fields):
    school = factories.school(phase="Secondary", **fields)
    head = factories.person()
    factories.headship(school=school, person=head)
    Membership.objects.create(body=b, school=school, starts_on=SINCE)
    return school, head


def add_agency(b, name="Metropolitan Police"):
    agency = PartnerAgency.objects.create(name=name, kind=PartnerAgency.Kind.POLICE)
    contact = factories.person()
    AgencyContact.objects.create(
        agency=agency, person=contact, starts_on=SINCE, job_title="Safer Schools Sergeant"
    )
    Membership.objects.create(body=b, agency=agency, starts_on=SINCE)
    return agency, contact


def test_officer_sees_terms_members_meetings_decisions_and_actions(client, partnership):
    school, head = add_school(partnership, name="Elm Academy")
    agency, contact = add_agency(partnership)
    s = series(body=partnership)
    past = meeting(series=s, day=timezone.localdate() - timedelta(days=40))
    upcoming = meeting(series=s, day=timezone.localdate() + timedelta(days=40))
    item = AgendaItem.objects.create(meeting=past, position=1, title="Managed moves protocol")
    Decision.objects.create(
        agenda_item=item, resolution="That the protocol be adopted.", decided_on=SINCE
    )
    Action.objects.create(
        meeting=past, owner=head, description="Circulate the protocol", due_on=SINCE
    )
    Action.objects.create(
        meeting=past, owner=head, description="Finished already", due_on=SINCE,
        status=Action.Status.DONE,
    )  # fmt: skip
    client.force_login(factories.officer())

    response = client.get(page_of(partnership))

    text = response.text
    assert response.status_code == 200
    assert "Quorum: five members including two headteachers." in text
    assert "Elm Academy" in text and head.get_full_name() in text
    assert "Metropolitan Police" in text and "Safer Schools Sergeant" in text
    assert past.starts_at.strftime("%-d %b %Y") in text
    assert upcoming.starts_at.strftime("%-d %b %Y") in text
    assert "That the protocol be adopted." in text
    assert "Circulate the protocol" in text
    assert "Finished already" not in text


def test_a_member_school_head_sees_the_page(client, partnership):
    _, head = add_school(partnership)
    client.force_login(head)
    assert client.get(page_of(partnership)).status_code == 200


def test_a_member_agency_contact_sees_the_page(client, partnership):
    _, contact = add_agency(partnership)
    client.force_login(contact)
    assert client.get(page_of(partnership)).status_code == 200


def test_a_person_member_and_a_member_schools_chair_see_the_page(client, partnership):
    person = factories.person()
    Membership.objects.create(body=partnership, person=person, starts_on=SINCE)
    school, _ = add_school(partnership)
    chair = factories.person()
    factories.governor(school=school, person=chair, role=GovernorAppointment.Role.CHAIR)
    for who in (person, chair):
        client.force_login(who)
        assert client.get(page_of(partnership)).status_code == 200


def test_non_members_get_404(client, partnership):
    add_school(partnership)
    other_school, other_head = add_school(body(name="Another body"))
    governor = factories.person()
    school, _ = add_school(partnership)
    factories.governor(school=school, person=governor)  # a governor, not the chair
    former = factories.person()
    Membership.objects.create(
        body=partnership, person=former, starts_on=SINCE,
        ends_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    for who in (other_head, governor, former, factories.person()):
        client.force_login(who)
        assert client.get(page_of(partnership)).status_code == 404


def test_an_unknown_body_is_404_and_anonymous_goes_to_sign_in(client, partnership):
    assert client.get(page_of(partnership)).status_code == 302
    client.force_login(factories.officer())
    assert client.get("/partnerships/999999/").status_code == 404


def test_page_query_count_does_not_grow_with_members_meetings_and_business(client, partnership):
    client.force_login(factories.officer())
    s = series(body=partnership)

    def grow(n):
        for i in range(n):
            _, head = add_school(partnership)
            add_agency(partnership, name=f"Agency {partnership.pk}-{i}-{n}")
            m = meeting(series=s, day=timezone.localdate() - timedelta(days=30 + i))
            item = AgendaItem.objects.create(meeting=m, position=1, title=f"Item {i}")
            Decision.objects.create(agenda_item=item, resolution="Agreed", decided_on=SINCE)
            Action.objects.create(meeting=m, owner=head, description="Do", due_on=SINCE)

    grow(1)
    client.get(page_of(partnership))
    with CaptureQueriesContext(connection) as few:
        client.get(page_of(partnership))
    grow(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_of(partnership))
    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_officers_body_page_links_to_the_partnership_page(client, partnership):
    client.force_login(factories.officer())
    assert page_of(partnership) in client.get(f"/meetings/bodies/{partnership.pk}/").text
