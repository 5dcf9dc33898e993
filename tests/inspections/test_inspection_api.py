"""/api/v1/inspections/, /api/v1/la-inspections/ and /api/v1/improvement-notices/."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.grades import Framework
from inspections.models import ImprovementAction, ImprovementNotice, SchoolInspection
from tests import factories
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db

INSPECTIONS = "/api/v1/inspections/"
LA_INSPECTIONS = "/api/v1/la-inspections/"
NOTICES = "/api/v1/improvement-notices/"
ALL = [INSPECTIONS, LA_INSPECTIONS, NOTICES]


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("url", ALL)
def test_anonymous_caller_is_refused(client, url):
    assert client.get(url).status_code in (401, 403)


@pytest.mark.parametrize("url", ALL)
def test_head_is_refused(client, url):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ALL)
def test_read_key_may_read(client, url):
    assert client.get(url, **bearer(api_key("read"))).status_code == 200


@pytest.mark.parametrize("url", ALL)
def test_endpoints_are_read_only(client, url):
    response = client.post(url, {}, content_type="application/json", **bearer(api_key("write")))

    assert response.status_code == 405


def test_school_inspection_shape_with_nested_graded_areas(officer_client):
    school = factories.school(urn=100123, name="Alder Primary")
    factories.school_inspection(
        school=school, framework=Framework.REPORT_CARD, inspection_number="10300001",
        started_on=date(2026, 1, 13), ended_on=date(2026, 1, 14), published_on=date(2026, 2, 20),
        safeguarding="met", report_url="https://reports.ofsted.gov.uk/provider/21/100123",
        judgements={"inclusion": "strong_standard", "achievement": "expected_standard"},
    )  # fmt: skip

    [row] = results(officer_client.get(INSPECTIONS))

    assert row["urn"] == 100123
    assert row["school_name"] == "Alder Primary"
    assert row["la_code"] == "212"
    assert row["framework"] == "report_card"
    assert (row["started_on"], row["ended_on"], row["published_on"]) == (
        "2026-01-13", "2026-01-14", "2026-02-20",
    )  # fmt: skip
    assert row["overall_effectiveness"] is None
    assert row["safeguarding"] == "met"
    assert row["counts_as_outcome"] is True
    assert row["judgements"] == [
        {"area": "inclusion", "grade": "strong_standard"},
        {"area": "achievement", "grade": "expected_standard"},
    ]
    assert row["report_url"].endswith("/100123")


def test_ungraded_inspection_does_not_count_as_an_outcome(officer_client):
    factories.school_inspection(
        school=factories.school(), framework=Framework.UNGRADED,
        outcome="The school continues to be good",
    )  # fmt: skip

    [row] = results(officer_client.get(INSPECTIONS))

    assert row["counts_as_outcome"] is False
    assert row["outcome"] == "The school continues to be good"


def test_filters(officer_client):
    home = factories.school(urn=100001)
    away = factories.school(urn=100002, local_authority=factories.local_authority("213", "W"))
    old = factories.school_inspection(school=home, started_on=date(2018, 5, 1),
                                      overall_effectiveness="good")  # fmt: skip
    new = factories.school_inspection(
        school=home, framework=Framework.UNGRADED, started_on=date(2024, 5, 1)
    )
    other = factories.school_inspection(school=away, started_on=date(2023, 5, 1))
    SchoolInspection.objects.filter(pk=old.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))

    def ids(**params):
        return {row["id"] for row in results(officer_client.get(INSPECTIONS, params))}

    assert ids(urn=100001) == {old.pk, new.pk}
    assert ids(framework="ungraded") == {new.pk}
    assert ids(la="213") == {other.pk}
    assert ids(started_after="2023-01-01") == {new.pk, other.pk}
    assert ids(started_before="2023-05-01") == {old.pk, other.pk}
    assert ids(updated_since=(datetime.now(UTC) - timedelta(days=1)).isoformat()) == {
        new.pk, other.pk,
    }  # fmt: skip


def test_bad_filter_value_is_a_400_not_a_500(officer_client):
    assert officer_client.get(INSPECTIONS, {"started_after": "yesterday"}).status_code == 400
    assert officer_client.get(INSPECTIONS, {"framework": "excellent"}).status_code == 400


def test_la_inspection_with_judgements_and_actions(officer_client):
    owner = factories.officer(first_name="Ada", last_name="Lovelace")
    inspection = factories.la_inspection(
        kind="ilacs_standard", started_on=date(2023, 2, 6), overall_effectiveness="good",
        judgements={"leaders": "good", "care_leavers": "requires_improvement"},
    )  # fmt: skip
    ImprovementAction.objects.create(
        inspection=inspection, recommendation="Improve pathway plans", owner=owner,
        due_on=date(2023, 12, 1),
    )  # fmt: skip

    [row] = results(officer_client.get(LA_INSPECTIONS))

    assert row["kind"] == "ilacs_standard"
    assert row["overall_effectiveness"] == "good"
    assert row["send_outcome"] is None
    assert {"area": "care_leavers", "grade": "requires_improvement"} in row["judgements"]
    [action] = row["actions"]
    assert action["recommendation"] == "Improve pathway plans"
    assert action["owner_name"] == "Ada Lovelace"
    assert action["status"] == "open"
    assert "email" not in str(action)


def test_improvement_notice_says_whether_it_is_in_force(officer_client):
    ImprovementNotice.objects.create(issued_on=date(2019, 6, 1), lifted_on=date(2022, 5, 1))
    ImprovementNotice.objects.create(issued_on=date(2024, 6, 1))

    rows = results(officer_client.get(NOTICES))

    assert [(r["issued_on"], r["in_force"]) for r in rows] == [
        ("2024-06-01", True), ("2019-06-01", False),
    ]  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(n: int):
    owner = factories.officer()
    for i in range(n):
        school = factories.school()
        factories.school_inspection(
            school=school, judgements={"quality_of_education": "good", "sixth_form": "good"},
            started_on=date(2020, 1, 1) + timedelta(days=i),
        )  # fmt: skip
        inspection = factories.la_inspection(
            started_on=date(2020, 1, 1) + timedelta(days=i), judgements={"leaders": "good"}
        )
        notice = ImprovementNotice.objects.create(issued_on=date(2020, 1, 1))
        for source in ({"inspection": inspection}, {"notice": notice}):
            ImprovementAction.objects.create(recommendation="R", owner=owner, **source)


@pytest.mark.parametrize("url", ALL)
def test_query_count_does_not_grow_with_rows(officer_client, url):
    officer_client.get(url)
    _add(2)
    few = _queries(officer_client, url)
    _add(20)

    assert _queries(officer_client, url) == few


def _follow(client, url, **params) -> list[dict]:
    """Every row of a cursor-paged list, page by page from `next`."""
    rows, page = [], client.get(url, params)
    while True:
        body = page.json()
        assert set(body) == {"next", "previous", "results"}
        rows += body["results"]
        if body["next"] is None:
            return rows
        page = client.get(body["next"])


def test_inspections_page_by_cursor_without_repeating_or_skipping(officer_client):
    schools = [factories.school() for _ in range(3)]
    made = [
        factories.school_inspection(school=schools[i % 3], started_on=date(2024, 1, 1 + i // 2))
        for i in range(7)
    ]  # started_on repeats: the sort ends on the id

    rows = _follow(officer_client, INSPECTIONS, page_size=3)

    assert [r["id"] for r in rows] == [
        i.pk for i in sorted(made, key=lambda i: (i.started_on, i.pk), reverse=True)
    ]


def test_an_unknown_cursor_is_a_404_in_the_error_shape(officer_client):
    response = officer_client.get(INSPECTIONS, {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_la_inspections_and_notices_page_by_number_and_take_updated_since(officer_client):
    old = factories.la_inspection(started_on=date(2018, 1, 1))
    new = factories.la_inspection(started_on=date(2024, 1, 1))
    lifted = ImprovementNotice.objects.create(
        issued_on=date(2015, 1, 1), lifted_on=date(2017, 1, 1)
    )
    current = ImprovementNotice.objects.create(issued_on=date(2024, 6, 1))
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    type(old).objects.filter(pk=old.pk).update(updated_at=long_ago)
    ImprovementNotice.objects.filter(pk=lifted.pk).update(updated_at=long_ago)
    since = {"updated_since": "2021-01-01T00:00:00Z"}

    for url, made, changed in (
        (LA_INSPECTIONS, [new, old], new),
        (NOTICES, [current, lifted], current),
    ):
        body = officer_client.get(url, {"page_size": 1}).json()
        assert body["count"] == 2
        assert [r["id"] for r in body["results"]] == [made[0].pk]
        assert officer_client.get(body["next"]).json()["results"][0]["id"] == made[1].pk
        assert [r["id"] for r in results(officer_client.get(url, since))] == [changed.pk]


@pytest.mark.parametrize("url", ALL)
def test_a_detail_read_answers_304_to_its_etag_and_dates_its_last_change(officer_client, url):
    notice = ImprovementNotice.objects.create(issued_on=date(2024, 6, 1))
    row = {
        INSPECTIONS: lambda: factories.school_inspection(school=factories.school()),
        LA_INSPECTIONS: lambda: factories.la_inspection(),
        NOTICES: lambda: notice,
    }[url]()
    detail = f"{url}{row.pk}/"

    first = officer_client.get(detail)
    again = officer_client.get(detail, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Last-Modified"].endswith("GMT")
    assert again.status_code == 304
