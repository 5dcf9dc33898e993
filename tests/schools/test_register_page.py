import csv
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.categories import Category, Status
from tests import factories

pytestmark = pytest.mark.django_db

REGISTER = "/schools/"
EXPORT = "/schools/export.csv"

EXPORT_HEADER = [
    "URN", "LA code", "Local authority", "Establishment number", "Name", "Category",
    "Type of establishment", "Phase", "Status", "Postcode", "Pupils", "Capacity",
    "Ofsted rating",
]  # fmt: skip


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def names_listed(response) -> list[str]:
    """School names in the results table, in the order the page shows them."""
    links = re.findall(r'<a class="govuk-link" href="/schools/\d+/">([^<]*)</a>', response.text)
    return [html.unescape(name) for name in links]


def category_table(response) -> dict[str, str]:
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>',
        response.text,
    )
    return {html.unescape(label): count for label, count in rows}


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/schools/"


def test_anonymous_visitor_is_sent_to_sign_in_for_the_export(client):
    response = client.get(EXPORT)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/schools/export.csv"


@pytest.mark.parametrize("url", [REGISTER, EXPORT])
def test_signed_in_person_who_is_not_an_officer_is_refused(client, url):
    client.force_login(factories.person())

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [REGISTER, EXPORT])
def test_headteacher_is_refused_the_register_even_of_their_own_school(client, url):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


def test_officer_sees_the_schools(officer_client):
    factories.school(name="Alder Primary", urn=100001, postcode="SW18 2AB")
    factories.school(name="Birch Secondary", urn=100002)

    response = officer_client.get(REGISTER)

    assert response.status_code == 200
    assert names_listed(response) == ["Alder Primary", "Birch Secondary"]
    assert "URN 100001 · Wandsworth · SW18 2AB" in response.text
    assert "2 matches your filters." in response.text


def test_category_filter_takes_several_values(officer_client):
    factories.school(name="Maintained One", category=Category.MAINTAINED)
    factories.school(name="Academy One", category=Category.ACADEMY)
    factories.school(name="Free One", category=Category.FREE)
    factories.school(name="Independent One", category=Category.INDEPENDENT)

    response = officer_client.get(REGISTER, {"category": ["academy", "free"]})

    assert names_listed(response) == ["Academy One", "Free One"]


def test_status_filter(officer_client):
    factories.school(name="Open School", status=Status.OPEN)
    factories.school(name="Closed School", status=Status.CLOSED)

    response = officer_client.get(REGISTER, {"status": "closed"})

    assert names_listed(response) == ["Closed School"]


def test_phase_filter(officer_client):
    factories.school(name="Primary School", phase="Primary")
    factories.school(name="Secondary School", phase="Secondary")

    response = officer_client.get(REGISTER, {"phase": "Secondary"})

    assert names_listed(response) == ["Secondary School"]


def test_la_code_filter(officer_client):
    lambeth = factories.local_authority(code="208", name="Lambeth")
    factories.school(name="Wandsworth School")
    factories.school(name="Lambeth School", local_authority=lambeth)

    response = officer_client.get(REGISTER, {"la": "208"})

    assert names_listed(response) == ["Lambeth School"]


def test_q_finds_a_name_substring_whatever_the_case(officer_client):
    factories.school(name="Oakfield Primary")
    factories.school(name="Broadoak Academy")
    factories.school(name="Elm Primary")

    response = officer_client.get(REGISTER, {"q": "OAK"})

    assert names_listed(response) == ["Broadoak Academy", "Oakfield Primary"]


def test_q_finds_a_school_by_its_exact_urn(officer_client):
    factories.school(name="Wanted", urn=100123)
    factories.school(name="Longer URN", urn=1001234)
    factories.school(name="Other", urn=100124)

    response = officer_client.get(REGISTER, {"q": "100123"})

    assert names_listed(response) == ["Wanted"]


def test_q_with_a_number_too_large_for_a_urn_finds_nothing(officer_client):
    factories.school(name="Any School")

    response = officer_client.get(REGISTER, {"q": "123456789012345678901234"})

    assert response.status_code == 200
    assert names_listed(response) == []


@pytest.mark.parametrize("typed", ["SW18 2", "sw18 2ab"])
def test_q_finds_a_postcode_prefix_typed_with_its_space(officer_client, typed):
    factories.school(name="Near", postcode="SW18 2AB")
    factories.school(name="Same district", postcode="SW18 3CD")
    factories.school(name="Far", postcode="SW1A 1AA")

    response = officer_client.get(REGISTER, {"q": typed})

    assert names_listed(response) == ["Near"]


@pytest.mark.parametrize("typed", ["SW182", "sw182ab"])
def test_q_finds_a_postcode_prefix_typed_without_its_space(officer_client, typed):
    factories.school(name="Near", postcode="SW18 2AB")
    factories.school(name="Same district", postcode="SW18 3CD")
    factories.school(name="Far", postcode="SW1A 1AA")

    response = officer_client.get(REGISTER, {"q": typed})

    assert names_listed(response) == ["Near"]


def test_sort_by_name_a_to_z_is_the_default(officer_client):
    for name in ["Cedar", "Alder", "Birch"]:
        factories.school(name=name)

    assert names_listed(officer_client.get(REGISTER)) == ["Alder", "Birch", "Cedar"]
    assert names_listed(officer_client.get(REGISTER, {"sort": "name"})) == [
        "Alder",
        "Birch",
        "Cedar",
    ]


def test_sort_by_name_z_to_a(officer_client):
    for name in ["Cedar", "Alder", "Birch"]:
        factories.school(name=name)

    response = officer_client.get(REGISTER, {"sort": "-name"})

    assert names_listed(response) == ["Cedar", "Birch", "Alder"]


def test_sort_by_most_pupils(officer_client):
    factories.school(name="Small", number_of_pupils=90)
    factories.school(name="Large", number_of_pupils=1500)
    factories.school(name="Middle", number_of_pupils=420)

    response = officer_client.get(REGISTER, {"sort": "-pupils"})

    assert names_listed(response) == ["Large", "Middle", "Small"]


def test_sort_by_most_pupils_puts_schools_without_a_count_last(officer_client):
    factories.school(name="Unknown size", number_of_pupils=None)
    factories.school(name="Large", number_of_pupils=1500)
    factories.school(name="Small", number_of_pupils=90)

    response = officer_client.get(REGISTER, {"sort": "-pupils"})

    assert names_listed(response) == ["Large", "Small", "Unknown size"]


def test_unknown_sort_falls_back_to_name(officer_client):
    for name in ["Cedar", "Alder", "Birch"]:
        factories.school(name=name)

    response = officer_client.get(REGISTER, {"sort": "postcode; drop table"})

    assert names_listed(response) == ["Alder", "Birch", "Cedar"]


def test_page_two_shows_the_rest(officer_client):
    names = [f"School {n:02}" for n in range(1, 31)]
    for name in names:
        factories.school(name=name)

    first = officer_client.get(REGISTER, {"per_page": 25})
    second = officer_client.get(REGISTER, {"per_page": 25, "page": 2})

    assert names_listed(first) == names[:25]
    assert names_listed(second) == names[25:]
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize(
    ("asked", "used"),
    [("25", 25), ("50", 50), ("100", 100), ("200", 200), ("10", 50), ("1000", 50), ("all", 50)],
)
def test_per_page_is_accepted_only_from_the_offered_sizes(officer_client, asked, used):
    factories.school()

    response = officer_client.get(REGISTER, {"per_page": asked})

    assert response.context["page"].paginator.per_page == used


def test_per_page_outside_the_offered_sizes_shows_fifty(officer_client):
    for n in range(1, 56):
        factories.school(name=f"School {n:02}")

    response = officer_client.get(REGISTER, {"per_page": 10})

    assert len(names_listed(response)) == 50


def test_category_table_counts_the_filtered_schools_with_every_category(officer_client):
    factories.school(category=Category.MAINTAINED, status=Status.OPEN)
    factories.school(category=Category.MAINTAINED, status=Status.OPEN)
    factories.school(category=Category.ACADEMY, status=Status.OPEN)
    factories.school(category=Category.INDEPENDENT, status=Status.CLOSED)
    factories.school(category=Category.FE, status=Status.CLOSED)

    response = officer_client.get(REGISTER, {"status": "open"})

    assert category_table(response) == {
        "Maintained school": "2",
        "Academy": "1",
        "Free school": "0",
        "Independent school": "0",
        "Further education or sixth-form college": "0",
        "Other establishment": "0",
    }


def test_category_table_counts_every_matching_school_not_only_the_page(officer_client):
    for _ in range(30):
        factories.school(category=Category.ACADEMY)

    response = officer_client.get(REGISTER, {"per_page": 25})

    assert category_table(response)["Academy"] == "30"
    assert category_table(response)["Maintained school"] == "0"


def test_register_page_query_count_does_not_grow_with_schools(
    officer_client, django_assert_num_queries
):
    for _ in range(5):
        factories.school()
    officer_client.get(REGISTER)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        response = officer_client.get(REGISTER, {"per_page": 50})
    assert len(names_listed(response)) == 5

    for _ in range(55):
        factories.school(local_authority=factories.local_authority("208", "Lambeth"))
    with django_assert_num_queries(len(few)):
        response = officer_client.get(REGISTER, {"per_page": 50})
    assert len(names_listed(response)) == 50


def test_export_holds_exactly_the_filtered_schools_under_a_header(officer_client):
    factories.school(
        urn=100001, name="Academy One", category=Category.ACADEMY, postcode="SW18 2AB",
        number_of_pupils=420, gias_type="Academy converter",
    )  # fmt: skip
    factories.school(urn=100002, name="Free One", category=Category.FREE)
    factories.school(urn=100003, name="Maintained One", category=Category.MAINTAINED)

    response = officer_client.get(EXPORT, {"category": ["academy", "free"]})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="schools-')
    rows = csv_rows(response)
    assert rows[0] == EXPORT_HEADER
    assert [row[0] for row in rows[1:]] == ["100001", "100002"]
    assert rows[1] == [
        "100001", "212", "Wandsworth", "", "Academy One", "Academy", "Academy converter",
        "Primary", "Open", "SW18 2AB", "420", "", "",
    ]  # fmt: skip


def test_export_with_no_match_has_the_header_only(officer_client):
    factories.school(status=Status.OPEN)

    rows = csv_rows(officer_client.get(EXPORT, {"status": "closed"}))

    assert rows == [EXPORT_HEADER]


def test_export_neutralises_a_name_that_a_spreadsheet_would_run(officer_client):
    factories.school(name='=HYPERLINK("http://evil.example","Click")')

    rows = csv_rows(officer_client.get(EXPORT))

    assert rows[1][4] == '\'=HYPERLINK("http://evil.example","Click")'


def test_export_query_count_does_not_grow_with_schools(officer_client, django_assert_num_queries):
    for _ in range(5):
        factories.school()
    b"".join(officer_client.get(EXPORT).streaming_content)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        rows = csv_rows(officer_client.get(EXPORT))
    assert len(rows) == 1 + 5

    for _ in range(55):
        factories.school(local_authority=factories.local_authority("208", "Lambeth"))
    with django_assert_num_queries(len(few)):
        response = officer_client.get(EXPORT)
        body = b"".join(response.streaming_content)
    assert len(body.decode().splitlines()) == 1 + 60
