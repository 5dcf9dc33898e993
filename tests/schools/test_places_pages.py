"""The officers' school places page, its CSV download and GET /api/v1/places/."""

import codecs
import csv
import io
import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools import places
from schools.gias import import_gias_file
from schools.models import School
from tests import factories
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "gias"
SURREY = DATA / "surrey_936_open_establishments_2021-04.csv"
PAGE = "/schools/places/"
CSV = "/schools/places/export.csv"
API = "/api/v1/places/"


@pytest.fixture
def surrey(tmp_path):
    path = tmp_path / "edubasealldata20210422.csv"
    shutil.copy(SURREY, path)
    import_gias_file(path)
    return path


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


@pytest.fixture
def key():
    return bearer(api_key("read"))


def field_errors(body: dict) -> dict[str, str]:
    """Field -> first message, from DRF's plain error body or the standardised one."""
    if "errors" in body and "type" in body:
        return {error["attr"]: error["detail"] for error in body["errors"]}
    return {name: messages[0] for name, messages in body.items()}


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# --- The page ---------------------------------------------------------------------------


def test_officer_sees_surrey_places_with_the_rule_chart_and_tables(officer_client, surrey):
    response = officer_client.get(PAGE, {"la": "936"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Places as of 22 April 2021" in page
    assert "Surplus % = surplus ÷ capacity × 100, to one decimal place" in page
    assert '<svg class="app-places-chart" role="img"' in page
    assert '<title id="places-chart-title">Capacity and pupils on roll by phase' in page
    assert "Primary: capacity 95,366, pupils 91,274." in page
    mainstream = page[page.index('id="mainstream"') : page.index('id="specialist"')]
    assert "95,366" in mainstream and "Not applicable" not in mainstream
    specialist = page[page.index('id="specialist"') : page.index('id="trend"')]
    assert "1,842" in specialist and "1,582" in specialist and "14.1%" in specialist
    assert "22 Apr 2021" in page[page.index('id="trend"') :]


def test_first_visit_shows_the_councils_own_authority(officer_client, surrey, settings):
    settings.HOME_LA_CODE = "936"

    page = officer_client.get(PAGE).content.decode()

    assert '<option value="936" selected>' in page
    assert '<option value="2021-04-22" selected>22 April 2021 (latest)</option>' in page
    assert "95,366" in page


def test_a_snapshot_date_that_was_never_recorded_is_explained(officer_client, surrey):
    response = officer_client.get(PAGE, {"la": "936", "date": "2020-01-01"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "No school places were recorded on 1 January 2020" in page
    assert "the latest snapshot is of 22 April 2021" in page
    assert "Places as of" not in page


def test_headteacher_is_refused_the_page_and_the_download(client, surrey):
    head = factories.person()
    factories.headship(school=School.objects.get(urn=125101), person=head)
    client.force_login(head)

    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403
    assert client.get(API).status_code == 403


def test_page_takes_the_same_queries_for_one_authority_as_for_two(officer_client, surrey):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(PAGE, {"la": ""}).status_code == 200
        return len(queries)

    count()  # the first request of a session records the session
    few = count()
    other = factories.local_authority("212", "Wandsworth")
    more = [factories.school(local_authority=other, capacity=100, number_of_pupils=90)
            for _ in range(30)]  # fmt: skip
    factories.planning_area(name="Battersea", schools=more[:10])
    places.record_snapshot(
        file_name="edubasealldata20210422.csv", urns=[s.urn for s in more], la_ids=[other.id],
        columns=["capacity", "number_of_pupils"],
    )  # fmt: skip

    assert count() == few
    assert "Battersea" in officer_client.get(PAGE, {"la": ""}).content.decode()


# --- The download -----------------------------------------------------------------------


def test_download_opens_in_a_spreadsheet_with_the_pages_figures(officer_client, surrey):
    response = officer_client.get(CSV, {"la": "936", "phase": "Primary"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="school-places-2021-04-22.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:6] == ["Snapshot date", "LA code", "Local authority", "Planning area",
                          "Phase", "Provision"]  # fmt: skip
    assert rows == [
        ["2021-04-22", "936", "Surrey", "Surrey", "Primary", "Mainstream",
         "292", "8", "95366", "91274", "4092", "4.3"],
    ]  # fmt: skip


def test_download_neutralises_formulas_but_keeps_negative_numbers(officer_client, surrey):
    factories.planning_area(
        name='=HYPERLINK("http://evil.example")', schools=School.objects.filter(urn=141533)
    )

    rows = csv_rows(officer_client.get(CSV, {"la": "936"}))

    [pond] = [row for row in rows if row[3].startswith("'=")]
    assert pond[3] == '\'=HYPERLINK("http://evil.example")'
    assert pond[10:] == ["-29", "-27.6"]


# --- The API ----------------------------------------------------------------------------


def test_api_gives_each_group_with_its_figures(client, surrey, key):
    body = client.get(API, {"la": "936"}, **key).json()

    assert body["as_of"] == "2021-04-22"
    rows = {(r["phase"], r["provision"]): r for r in body["results"]}
    assert body["count"] == len(rows) == 6
    assert rows[("Primary", "mainstream")] == {
        "as_of": "2021-04-22", "la_code": "936", "la_name": "Surrey", "area": "Surrey",
        "phase": "Primary", "provision": "mainstream", "is_specialist": False, "schools": 292,
        "excluded": 8, "capacity": 95366, "pupils": 91274, "surplus": 4092, "surplus_pct": 4.3,
    }  # fmt: skip
    apart = rows[("Not applicable", "specialist")]
    assert (apart["is_specialist"], apart["schools"], apart["excluded"]) == (True, 20, 12)


def test_api_filters_by_phase_area_and_date(client, surrey, key):
    factories.planning_area(name="Pond Meadow", schools=School.objects.filter(urn=141533))

    primary = client.get(API, {"phase": "Primary", "date": "2021-04-22"}, **key).json()
    area = client.get(API, {"la": "936", "area": "Pond Meadow"}, **key).json()

    assert [(r["phase"], r["schools"]) for r in primary["results"]] == [("Primary", 292)]
    assert [(r["area"], r["surplus"], r["surplus_pct"]) for r in area["results"]] == [
        ("Pond Meadow", -29, -27.6)
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"la": "999"}, "la", "There is no local authority with the code 999."),
        ({"date": "22-04-2021"}, "date", "Date has wrong format"),
        ({"date": "2020-01-01"}, "date", "No school places were recorded on 1 January 2020"),
        ({"phase": "Infant"}, "phase", "Choose a phase of education as GIAS names it"),
        ({"la": "936", "area": "Atlantis"}, "area", "There is no planning area called Atlantis"),
    ],
)
def test_api_refuses_unknown_filters_with_a_message_on_the_field(
    client, surrey, key, query, field, message
):
    response = client.get(API, query, **key)

    assert response.status_code == 400
    errors = field_errors(response.json())
    assert list(errors) == [field]
    assert message in errors[field]


def test_api_before_any_snapshot_is_empty(client, key):
    assert client.get(API, **key).json() == {"as_of": None, "count": 0, "results": []}


def test_api_takes_the_same_queries_whatever_the_number_of_schools(client, surrey, key):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(API, **key).status_code == 200
        return len(queries)

    count()  # the first use of a key records it
    few = count()
    other = factories.local_authority("212", "Wandsworth")
    more = [factories.school(local_authority=other, capacity=100, number_of_pupils=90)
            for _ in range(30)]  # fmt: skip
    places.record_snapshot(
        file_name="edubasealldata20210422.csv", urns=[s.urn for s in more], la_ids=[other.id],
        columns=["capacity", "number_of_pupils"],
    )  # fmt: skip

    assert count() == few
    assert client.get(API, {"la": "212"}, **key).json()["results"][0]["schools"] == 30


def test_api_is_described_in_the_schema(officer_client):
    schema = officer_client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/places/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"la", "area", "phase", "date"}
    assert "PlacesRow" in schema["components"]["schemas"]
