"""The public page "How we work with schools" at /working-with-schools/."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import MeetingSeries
from partnerships.models import (
    AgencyContact,
    Body,
    ContactResponsibility,
    ContactRule,
    Membership,
    PartnerAgency,
)
from schools.models import GovernorAppointment
from tests import factories
from tests.partnerships.test_picture import borough

pytestmark = pytest.mark.django_db

URL = "/working-with-schools/"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def bodies():
    officer = factories.officer(first_name="Rowena", last_name="Runsmeetings")
    executive = Body.objects.create(
        name="Headteacher Standing Conference Executive", kind=Body.Kind.STANDING_CONFERENCE,
        purpose="Headteachers' representatives meet senior Children's Services members.",
    )  # fmt: skip
    executive.run_by.add(officer)
    MeetingSeries.objects.create(
        body=executive, title="Executive", venue="Town Hall",
        cadence=MeetingSeries.Cadence.TIMES_A_YEAR, times_a_year=3,
    )  # fmt: skip
    cabinet = Body.objects.create(
        name="Cabinet Member and chairs of governors", kind=Body.Kind.CABINET_MEMBER_MEETING
    )
    MeetingSeries.objects.create(
        body=cabinet, title="Annual", venue="Town Hall", audience=MeetingSeries.Audience.CHAIRS,
        cadence=MeetingSeries.Cadence.ANNUAL, annual_term="summer",
    )  # fmt: skip
    partnership = Body.objects.create(
        name="Secondary Improving Behaviour and Attendance Partnership",
        kind=Body.Kind.PARTNERSHIP, purpose="Schools and agencies on behaviour.",
    )  # fmt: skip
    MeetingSeries.objects.create(body=partnership, title="Partnership", venue="Room 2")
    police = PartnerAgency.objects.create(
        name="Metropolitan Police", kind=PartnerAgency.Kind.POLICE
    )
    probation = PartnerAgency.objects.create(
        name="London Probation Service", kind=PartnerAgency.Kind.PROBATION
    )
    sergeant = factories.person(first_name="Sergio", last_name="Sergeant")
    AgencyContact.objects.create(agency=police, person=sergeant)
    for agency in (police, probation):
        Membership.objects.create(body=partnership, agency=agency)
    Membership.objects.create(
        body=partnership, person=factories.person(first_name="Ivy", last_name="Individual")
    )
    return {"officer": officer, "sergeant": sergeant}


def test_anyone_sees_the_page_without_signing_in(client, bodies):
    response = client.get(URL)

    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    text = text_of(response)
    assert "How we work with schools" in text
    assert "Headteacher Standing Conference Executive" in text
    assert "3 times a year" in text
    assert "Once a year, in the summer term" in text
    assert "Chairs of governing bodies" in text
    assert "Metropolitan Police (Police)" in text
    assert "London Probation Service (Probation Service)" in text
    assert "at no cost" in text
    assert "Independent schools and further education and sixth-form colleges are not" in text


def test_signed_in_visitors_get_a_page_no_browser_keeps(client, bodies):
    client.force_login(factories.person())

    response = client.get(URL)

    assert response.status_code == 200
    assert "max-age" not in response.get("Cache-Control", "")


def test_figures_are_the_officer_pages_figures(client, bodies):
    inspector = factories.link_inspector()
    borough(10, inspector=inspector)
    public = client.get(URL)
    client.force_login(factories.officer())
    dashboard = client.get("/inspections/").context
    counts = client.get("/inspections/link/").context["counts"]

    text = text_of(public)
    shown = public.context["picture"]

    assert shown.outcomes.denominator == dashboard["borough"].total == 10
    assert [s.count for s in shown.outcomes.shares] == [
        c["count"] for c in dashboard["borough"].cells()
    ]
    headline = dashboard["headline"]
    assert (
        f"Of all 10 open state-funded schools in the borough (maintained schools, academies and "
        f"free schools), {headline['outstanding']:.1f}% are outstanding and a further "
        f"{headline['good']:.1f}% good" in text
    )
    assert f"{counts['covered']} of {counts['entitled']} entitled open schools" in text
    assert "5 of 10 entitled open schools in the borough have a link inspector (50.0%)" in text


def test_the_data_date_is_shown(client, bodies):
    school = factories.school()
    factories.school_inspection(
        school=school, overall_effectiveness="good", published_on=date(2026, 10, 2)
    )

    text = text_of(client.get(URL))

    assert "Data as at 2 October 2026 (the latest inspection publication date)" in text


def test_no_personal_data_beyond_published_contacts(client, bodies):
    school = factories.school(head_first_name="Gias", head_last_name="Headname")
    head = factories.person(first_name="Hermione", last_name="Headteacher")
    factories.headship(school=school, person=head)
    chair = factories.person(first_name="Gideon", last_name="Governor")
    factories.governor(school=school, person=chair, role=GovernorAppointment.Role.CHAIR)
    unpublished = factories.officer(first_name="Ursula", last_name="Unpublished")
    published = factories.officer(first_name="Paloma", last_name="Published")
    ContactRule.objects.create(responsibility=ContactResponsibility.SEND, officer=unpublished)
    ContactRule.objects.create(
        responsibility=ContactResponsibility.ADMISSIONS, officer=published, publish=True
    )
    inspector = factories.link_inspector(first_name="Linus", last_name="Inspector")
    factories.link_assignment(school=school, inspector=inspector)

    html = client.get(URL).content.decode()

    assert "Paloma Published" in html
    for name in [
        "Hermione", "Headteacher Hermione", "Headname", "Gideon", "Governor Gideon", "Ursula",
        "Unpublished", "Linus", "Rowena", "Runsmeetings", "Sergio", "Ivy", "Individual",
        head.email, chair.email, unpublished.email,
    ]:  # fmt: skip
        assert name not in html


def test_query_count_does_not_grow_with_schools(client, bodies):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    published = factories.officer()
    ContactRule.objects.create(
        responsibility=ContactResponsibility.ADMISSIONS, officer=published, publish=True
    )
    inspector = factories.link_inspector()
    borough(5, inspector=inspector)
    with_5 = queries()
    borough(45, inspector=inspector)

    assert queries() == with_5


def test_robots_txt_lets_search_engines_read_the_page(client):
    body = client.get("/robots.txt").content.decode()

    assert "Allow: /working-with-schools/" in body
    assert "Disallow: /" in body


def test_every_page_links_to_it_in_the_footer(client):
    html = client.get("/accessibility/").content.decode()

    assert f'href="{URL}">How we work with schools</a>' in html
