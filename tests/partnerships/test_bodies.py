"""Bodies and agencies: the officers' pages and the read-only API."""

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.models import AgencyContact, Body, Membership, PartnerAgency
from tests import factories
from tests.partnerships import api_key, bearer, body, series

pytestmark = pytest.mark.django_db

BODIES = "/meetings/bodies/"
BODIES_API = "/api/v1/bodies/"
AGENCIES_API = "/api/v1/agencies/"
SINCE = date(2024, 9, 1)


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def agency(name: str = "Metropolitan Police", kind=PartnerAgency.Kind.POLICE) -> PartnerAgency:
    return PartnerAgency.objects.create(name=name, kind=kind)


def member(body: Body, **who) -> Membership:
    return Membership.objects.create(body=body, starts_on=SINCE, **who)


def partnership_with_members() -> Body:
    """A partnership with a chair, a member school with its head, and an agency with a
    contact; and a member whose membership has ended."""
    partnership = body(
        name="Secondary Improving Behaviour and Attendance Partnership",
        purpose="Schools and agencies on behaviour and attendance.",
        topics="behaviour and attendance, admissions",
    )
    chair = factories.person(first_name="Ada", last_name="Chair", email="ada@council.example")
    member(partnership, person=chair, role=Membership.Role.CHAIR)
    school = factories.school(name="Elm Secondary", phase="Secondary")
    factories.headship(
        school=school,
        person=factories.person(first_name="Hal", last_name="Head", email="hal@elm.example"),
    )
    member(partnership, school=school)
    police = agency()
    AgencyContact.objects.create(
        agency=police, starts_on=SINCE, job_title="Safer Schools Sergeant",
        person=factories.person(first_name="Sam", last_name="Sergeant"),
    )  # fmt: skip
    member(partnership, agency=police, role=Membership.Role.ADVISER)
    member(
        partnership, person=factories.person(first_name="Former", last_name="Member"),
        ends_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    return partnership


def names_listed(response) -> list[str]:
    links = re.findall(
        r'<a class="govuk-link" href="/meetings/bodies/\d+/">([^<]*)</a>', response.text
    )
    return [html.unescape(name) for name in links]


# --- Pages --------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(BODIES)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/meetings/bodies/"


def test_headteacher_is_refused_the_bodies_pages_even_of_a_body_their_school_belongs_to(client):
    partnership = partnership_with_members()
    head = partnership.memberships.get(school__isnull=False).school.headships.get().person
    client.force_login(head)

    assert client.get(BODIES).status_code == 403
    assert client.get(f"{BODIES}{partnership.pk}/").status_code == 403


def test_officer_sees_the_bodies_with_their_current_members_series_and_officers(officer_client):
    partnership = partnership_with_members()
    partnership.run_by.add(factories.officer(first_name="Olive", last_name="Officer"))
    series(body=partnership)
    body(name="Annual meeting with the Cabinet Member", kind=Body.Kind.CABINET_MEMBER_MEETING)

    response = officer_client.get(BODIES)

    assert response.status_code == 200
    assert names_listed(response) == [
        "Annual meeting with the Cabinet Member",
        "Secondary Improving Behaviour and Attendance Partnership",
    ]
    listed = {b.name: b for b in response.context["bodies"]}
    shown = listed["Secondary Improving Behaviour and Attendance Partnership"]
    assert (shown.member_count, shown.series_count) == (3, 1)
    assert "Olive Officer" in response.text


def test_body_page_shows_people_schools_with_their_head_and_agencies_with_their_contacts(
    officer_client,
):
    partnership = partnership_with_members()
    series(body=partnership, title="Partnership termly meeting")

    response = officer_client.get(f"{BODIES}{partnership.pk}/")

    assert response.status_code == 200
    members = response.context["members"]
    assert [(m.person.get_full_name(), m.role) for m in members.people] == [("Ada Chair", "chair")]
    assert [m.school.name for m in members.schools] == ["Elm Secondary"]
    assert [m.agency.name for m in members.agencies] == ["Metropolitan Police"]
    text = response.text
    assert "Hal Head" in text
    assert "Sam Sergeant (Safer Schools Sergeant)" in text
    assert "Former Member" not in text
    assert "Partnership termly meeting" in text
    assert f'href="/meetings/bodies/{partnership.pk}/series/add/"' in text


def test_bodies_list_query_count_does_not_grow_with_bodies(
    officer_client, django_assert_num_queries
):
    partnership_with_members().run_by.add(factories.officer())
    officer_client.get(BODIES)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        officer_client.get(BODIES)

    for _ in range(10):
        more = body()
        more.run_by.add(factories.officer())
        member(more, person=factories.person())
        series(body=more)
    with django_assert_num_queries(len(few)):
        response = officer_client.get(BODIES)
    assert len(names_listed(response)) == 11


def test_body_page_query_count_does_not_grow_with_members(
    officer_client, django_assert_num_queries
):
    partnership = partnership_with_members()
    officer_client.get(f"{BODIES}{partnership.pk}/")  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        officer_client.get(f"{BODIES}{partnership.pk}/")

    for n in range(5):
        member(partnership, person=factories.person())
        school = factories.school()
        factories.headship(school=school, person=factories.person())
        member(partnership, school=school)
        other = agency(name=f"Agency {n}", kind=PartnerAgency.Kind.HEALTH)
        AgencyContact.objects.create(agency=other, person=factories.person(), starts_on=SINCE)
        member(partnership, agency=other)
        series(body=partnership, title=f"Series {n}")
    with django_assert_num_queries(len(few)):
        response = officer_client.get(f"{BODIES}{partnership.pk}/")
    assert len(response.context["members"].schools) == 6


def test_unknown_body_is_404(officer_client):
    assert officer_client.get(f"{BODIES}999999/").status_code == 404


# --- API ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [BODIES_API, AGENCIES_API])
def test_api_without_a_key_is_401(client, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("url", [BODIES_API, AGENCIES_API])
def test_api_refuses_a_headteachers_session(client, url):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


def test_read_key_gets_bodies_with_members_by_name_and_role_only(client):
    partnership = partnership_with_members()

    response = client.get(BODIES_API, **bearer(api_key("read")))

    assert response.status_code == 200
    (entry,) = response.json()["results"]
    assert (entry["id"], entry["kind"]) == (partnership.pk, "partnership")
    assert entry["topics"] == "behaviour and attendance, admissions"
    school = partnership.memberships.get(school__isnull=False).school
    police = PartnerAgency.objects.get()
    assert [
        (m["member_type"], m["name"], m["role"], m["school_urn"], m["agency"])
        for m in entry["members"]
    ] == [
        ("person", "Ada Chair", "chair", None, None),
        ("school", "Elm Secondary", "member", school.urn, None),
        ("agency", "Metropolitan Police", "adviser", None, police.pk),
    ]
    assert "@" not in response.content.decode()


def test_officer_session_reads_a_body_by_id(officer_client):
    partnership = partnership_with_members()

    response = officer_client.get(f"{BODIES_API}{partnership.pk}/")

    assert response.status_code == 200
    assert len(response.json()["members"]) == 3


def test_bodies_filter_by_kind(client):
    body(name="Executive", kind=Body.Kind.STANDING_CONFERENCE)
    body(name="Partnership", kind=Body.Kind.PARTNERSHIP)

    response = client.get(BODIES_API, {"kind": "standing_conference"}, **bearer(api_key()))

    assert [b["name"] for b in response.json()["results"]] == ["Executive"]


def test_agencies_are_listed_by_name_and_filter_by_kind(client):
    agency("Youth Court", PartnerAgency.Kind.COURTS)
    police = agency("Metropolitan Police", PartnerAgency.Kind.POLICE)
    key = api_key()

    everything = client.get(AGENCIES_API, **bearer(key)).json()["results"]
    courts = client.get(AGENCIES_API, {"kind": "courts"}, **bearer(key)).json()["results"]

    assert [a["name"] for a in everything] == ["Metropolitan Police", "Youth Court"]
    assert everything[0] | {"updated_at": None} == {
        "id": police.pk, "name": "Metropolitan Police", "kind": "police", "updated_at": None,
    }  # fmt: skip
    assert [a["name"] for a in courts] == ["Youth Court"]


def test_api_refuses_writes_to_bodies_even_with_a_write_key(client):
    response = client.post(
        BODIES_API, {"name": "New", "kind": "partnership"}, **bearer(api_key("write"))
    )

    assert response.status_code == 405
    assert not Body.objects.exists()


def test_bodies_api_query_count_does_not_grow_with_bodies_or_members(
    client, django_assert_num_queries
):
    partnership_with_members()
    key = bearer(api_key())
    client.get(BODIES_API, **key)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(BODIES_API, **key)

    for _ in range(10):
        more = body()
        member(more, person=factories.person())
        member(more, school=factories.school())
        member(more, agency=agency(name=f"Agency {more.pk}"))
    with django_assert_num_queries(len(few)):
        response = client.get(BODIES_API, **key)
    assert response.json()["count"] == 11


def test_agencies_api_query_count_does_not_grow_with_agencies(client, django_assert_num_queries):
    agency("Agency 0")
    key = bearer(api_key())
    client.get(AGENCIES_API, **key)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(AGENCIES_API, **key)

    for n in range(1, 11):
        agency(f"Agency {n}")
    with django_assert_num_queries(len(few)):
        response = client.get(AGENCIES_API, **key)
    assert response.json()["count"] == 11
