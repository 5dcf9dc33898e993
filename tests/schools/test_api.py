import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ApiKey
from schools.categories import Category, Status
from schools.models import GovernorAppointment
from tests import factories
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db

SCHOOLS = "/api/v1/schools/"
LOCAL_AUTHORITIES = "/api/v1/local-authorities/"

Role = GovernorAppointment.Role


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def urns(response) -> list[int]:
    return [school["urn"] for school in response.json()["results"]]


def keys_anywhere(data) -> set[str]:
    """Every key of every object in a JSON document, however deep."""
    if isinstance(data, dict):
        return set(data).union(*(keys_anywhere(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(keys_anywhere(item) for item in data))
    return set()


@pytest.mark.parametrize("url", [SCHOOLS, f"{SCHOOLS}100001/", LOCAL_AUTHORITIES])
def test_anonymous_caller_is_refused(client, url):
    factories.school(urn=100001)

    assert client.get(url).status_code in (401, 403)


@pytest.mark.parametrize("url", [SCHOOLS, f"{SCHOOLS}100001/", LOCAL_AUTHORITIES])
def test_headteacher_is_refused_even_for_their_own_school(client, url):
    head = factories.person()
    factories.headship(school=factories.school(urn=100001), person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


def test_officer_pages_through_the_list_by_cursor_in_urn_order(officer_client):
    for urn in [100003, 100001, 100002]:
        factories.school(urn=urn)

    response = officer_client.get(SCHOOLS, {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert [school["urn"] for school in body["results"]] == [100001, 100002]
    assert body["previous"] is None
    last = officer_client.get(body["next"]).json()
    assert [school["urn"] for school in last["results"]] == [100003]
    assert last["next"] is None
    assert urns(officer_client.get(last["previous"])) == [100001, 100002]


def test_a_school_added_between_pages_is_neither_repeated_nor_skipped(officer_client):
    for urn in [100001, 100002, 100004]:
        factories.school(urn=urn)
    first = officer_client.get(SCHOOLS, {"page_size": 2}).json()

    factories.school(urn=100000)  # before the cursor: belongs to a page already read
    factories.school(urn=100003)

    assert urns(officer_client.get(first["next"])) == [100003, 100004]


def test_cursor_keeps_the_chosen_ordering_with_ties_broken_by_urn(officer_client):
    for urn in [100001, 100002, 100003]:
        factories.school(urn=urn, name="Same Name School")
    factories.school(urn=100004, name="Alder Primary")

    first = officer_client.get(SCHOOLS, {"ordering": "-name", "page_size": 2}).json()
    second = officer_client.get(first["next"]).json()

    assert [s["urn"] for s in first["results"] + second["results"]] == [
        100003, 100002, 100001, 100004,
    ]  # fmt: skip


def test_page_size_is_capped_at_500(officer_client):
    factories.school(urn=100001)
    response = officer_client.get(SCHOOLS, {"page_size": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_forged_cursor_is_a_404(officer_client):
    response = officer_client.get(SCHOOLS, {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "Invalid cursor: start again without it."


def test_list_entry_carries_the_register_fields(officer_client):
    factories.school(
        urn=100001, name="Alder Primary", category=Category.ACADEMY, postcode="SW18 2AB",
        number_of_pupils=420, gias_type="Academy converter",
    )  # fmt: skip

    school = officer_client.get(SCHOOLS).json()["results"][0]

    assert school["name"] == "Alder Primary"
    assert (school["la_code"], school["la_name"]) == ("212", "Wandsworth")
    assert (school["category"], school["is_state_funded"]) == ("academy", True)
    assert (school["status"], school["phase"]) == ("open", "Primary")
    assert school["postcode"] == "SW18 2AB"
    assert school["number_of_pupils"] == 420
    assert "headteachers" not in school


def test_category_filter_takes_several_values(officer_client):
    factories.school(urn=100001, category=Category.MAINTAINED)
    factories.school(urn=100002, category=Category.ACADEMY)
    factories.school(urn=100003, category=Category.FREE)

    response = officer_client.get(SCHOOLS, {"category": ["academy", "free"]})

    assert urns(response) == [100002, 100003]


def test_unknown_category_is_a_400(officer_client):
    response = officer_client.get(SCHOOLS, {"category": "grammar"})

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert [e["attr"] for e in response.json()["errors"]] == ["category"]


def test_status_filter(officer_client):
    factories.school(urn=100001, status=Status.OPEN)
    factories.school(urn=100002, status=Status.CLOSED)

    assert urns(officer_client.get(SCHOOLS, {"status": "closed"})) == [100002]


def test_phase_filter_ignores_case(officer_client):
    factories.school(urn=100001, phase="Primary")
    factories.school(urn=100002, phase="Secondary")

    assert urns(officer_client.get(SCHOOLS, {"phase": "secondary"})) == [100002]


def test_la_filter(officer_client):
    factories.school(urn=100001)
    factories.school(urn=100002, local_authority=factories.local_authority("208", "Lambeth"))

    assert urns(officer_client.get(SCHOOLS, {"la": "208"})) == [100002]


def test_q_filter_by_name_urn_and_postcode(officer_client):
    factories.school(urn=100001, name="Oakfield Primary", postcode="SW18 2AB")
    factories.school(urn=100002, name="Elm Primary", postcode="SW1A 1AA")

    assert urns(officer_client.get(SCHOOLS, {"q": "oakf"})) == [100001]
    assert urns(officer_client.get(SCHOOLS, {"q": "100002"})) == [100002]
    assert urns(officer_client.get(SCHOOLS, {"q": "SW18 2"})) == [100001]


def test_updated_since_filter(officer_client):
    factories.school(urn=100001, updated_at=datetime(2024, 6, 1, tzinfo=UTC))
    factories.school(urn=100002, updated_at=datetime(2025, 6, 1, tzinfo=UTC))

    response = officer_client.get(SCHOOLS, {"updated_since": "2025-01-01T00:00:00Z"})

    assert urns(response) == [100002]


def _school_with_people():
    school = factories.school(urn=100001, name="Alder Primary")
    head = factories.person(email="grace@school.example", first_name="Grace", last_name="Hopper")
    factories.headship(school=school, person=head)
    for first, last, role in [("Anna", "Adams", Role.GOVERNOR), ("Zara", "Zed", Role.CHAIR)]:
        factories.governor(
            school=school,
            person=factories.person(
                email=f"{first.lower()}@school.example", first_name=first, last_name=last
            ),
            role=role,
        )
    factories.governor(
        school=school,
        person=factories.person(first_name="Ended", last_name="Member"),
        starts_on=date(2020, 9, 1),
        ends_on=timezone.localdate() - timedelta(days=1),
    )


def test_detail_by_urn_names_who_leads_and_governs_without_emails(officer_client):
    _school_with_people()

    response = officer_client.get(f"{SCHOOLS}100001/")

    assert response.status_code == 200
    body = response.json()
    assert (body["urn"], body["name"]) == (100001, "Alder Primary")
    assert [(h["name"], h["kind"]) for h in body["headteachers"]] == [
        ("Grace Hopper", "substantive")
    ]
    assert [(g["name"], g["role"]) for g in body["governing_body"]] == [
        ("Zara Zed", "chair"),
        ("Anna Adams", "governor"),
    ]
    assert {h["email"] for h in body["headteachers"] + body["governing_body"]} == {None}
    assert "@school.example" not in response.content.decode()


def test_a_read_key_gets_names_and_roles_but_no_emails(client):
    _school_with_people()

    response = client.get(f"{SCHOOLS}100001/", **bearer(api_key("read")))

    assert response.status_code == 200
    assert "@school.example" not in response.content.decode()


def test_a_key_allowed_contact_details_gets_their_emails(client):
    _school_with_people()
    key = api_key("read")
    ApiKey.objects.filter(prefix="_".join(key.split("_")[:2])).update(can_read_contact_details=True)

    body = client.get(f"{SCHOOLS}100001/", **bearer(key)).json()

    assert [h["email"] for h in body["headteachers"]] == ["grace@school.example"]
    assert [g["email"] for g in body["governing_body"]] == [
        "zara@school.example",
        "anna@school.example",
    ]


def test_unknown_urn_is_404(officer_client):
    factories.school(urn=100001)

    assert officer_client.get(f"{SCHOOLS}999999/").status_code == 404


def test_non_numeric_urn_is_404(officer_client):
    assert officer_client.get(f"{SCHOOLS}alder/").status_code == 404


def test_urn_too_large_for_the_database_is_404(officer_client):
    assert officer_client.get(f"{SCHOOLS}123456789012345678901234/").status_code == 404


def test_local_authorities_are_listed_by_code(officer_client):
    factories.local_authority("212", "Wandsworth")
    factories.local_authority("208", "Lambeth")

    response = officer_client.get(LOCAL_AUTHORITIES)

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert response.json()["results"] == [
        {"code": "208", "name": "Lambeth"},
        {"code": "212", "name": "Wandsworth"},
    ]
    assert officer_client.get(f"{LOCAL_AUTHORITIES}208/").json() == {
        "code": "208",
        "name": "Lambeth",
    }


def test_list_query_count_does_not_grow_with_schools(officer_client, django_assert_num_queries):
    for _ in range(5):
        factories.school()
    officer_client.get(SCHOOLS)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        response = officer_client.get(SCHOOLS, {"page_size": 5})
    assert len(response.json()["results"]) == 5

    for _ in range(45):
        factories.school(local_authority=factories.local_authority("208", "Lambeth"))
    with django_assert_num_queries(len(few)):
        response = officer_client.get(SCHOOLS, {"page_size": 50})
    assert len(response.json()["results"]) == 50


def test_detail_query_count_does_not_grow_with_governors(officer_client, django_assert_num_queries):
    school = factories.school(urn=100001)
    factories.headship(school=school, person=factories.person())
    factories.governor(school=school, person=factories.person())
    officer_client.get(f"{SCHOOLS}100001/")  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        officer_client.get(f"{SCHOOLS}100001/")

    for _ in range(10):
        factories.governor(school=school, person=factories.person())
    with django_assert_num_queries(len(few)):
        response = officer_client.get(f"{SCHOOLS}100001/")
    assert len(response.json()["governing_body"]) == 11


def test_schema_describes_the_schools_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/api/v1/schools/" in paths
    assert "/api/v1/schools/{urn}/" in paths
    assert "/api/v1/local-authorities/" in paths
