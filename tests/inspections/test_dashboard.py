"""The borough's inspection picture at /inspections/."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.grades import Framework
from inspections.models import ImprovementAction, ImprovementNotice, OfstedImport
from schools.categories import Category, Status
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/inspections/"


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def graded(school, grade, started_on=date(2023, 3, 1)):
    return factories.school_inspection(
        school=school, framework=Framework.GRADED, overall_effectiveness=grade,
        started_on=started_on,
    )  # fmt: skip


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["head", "governor", "link inspector without officer group"])
def test_people_who_are_not_officers_are_refused(client, role):
    school = factories.school()
    person = factories.person()
    if role == "head":
        factories.headship(school=school, person=person)
    elif role == "governor":
        factories.governor(school=school, person=person)
    else:
        person = factories.person(groups=("link inspector",))
    client.force_login(person)

    assert client.get(URL).status_code == 403


def test_headline_states_both_denominators_and_the_data_date(officer_client):
    for grade in ["outstanding", "good", "good", "requires_improvement"]:
        graded(factories.school(), grade)
    factories.school()  # not yet inspected
    factories.school(category=Category.INDEPENDENT)  # not counted
    OfstedImport.objects.create(
        file_name="ofsted.csv", sha256="x" * 64,
        finished_at=timezone.make_aware(timezone.datetime(2026, 11, 3, 9, 0)),
    )  # fmt: skip

    text = text_of(officer_client.get(URL))

    assert "Of all 5 open state-funded schools" in text
    assert "20.0% are outstanding and a further 40.0% good" in text
    assert "Of the 4 whose latest outcome has an overall grade, 25.0% are outstanding" in text
    assert "a further 50.0% good" in text
    assert "Data as at 3 November 2026 (the latest Ofsted import)" in text


def test_without_an_import_the_data_date_is_the_latest_publication(officer_client):
    inspection = graded(factories.school(), "good")
    inspection.published_on = date(2026, 4, 2)
    inspection.save()

    text = text_of(officer_client.get(URL))

    assert "Data as at 2 April 2026 (the latest inspection publication date)" in text


def test_charts_are_labelled_images_beside_tables_with_the_same_numbers(officer_client):
    graded(factories.school(category=Category.ACADEMY, phase="Secondary"), "good")
    factories.school(category=Category.FREE, phase="Primary")

    response = officer_client.get(URL)
    html = response.content.decode()

    svgs = re.findall(r"<svg class=\"app-outcome-chart\"[^>]*>", html)
    assert len(svgs) == 4
    assert all('role="img"' in svg and "aria-labelledby" in svg for svg in svgs)
    assert "style=" not in html
    assert '<title id="chart-borough-title">' in html
    # the borough chart's description gives every bucket's figures, as does the table
    assert "Good: 1 school, 50.0%" in html
    assert "Not yet inspected: 1 school, 50.0%" in html
    text = text_of(response)
    assert "Academy 1 0 0 1 50.0%" not in text  # sanity of the text helper
    assert "Academy 1 0 0.0% 1 100.0%" in text


def test_report_card_areas_and_safeguarding_are_tabulated(officer_client):
    factories.school_inspection(
        school=factories.school(), framework=Framework.REPORT_CARD, started_on=date(2026, 1, 5),
        safeguarding="not_met", judgements={"inclusion": "needs_attention"},
    )  # fmt: skip

    text = text_of(officer_client.get(URL))

    assert "1 school whose latest outcome is a report card" in text
    assert "Inclusion 0 0 0 1 0 1" in text
    assert "Not met 1" in text


def test_year_on_year_rows_are_as_at_31_august(officer_client):
    graded(factories.school(), "good", started_on=date(2024, 5, 1))

    text = text_of(officer_client.get(URL))

    year = (
        timezone.localdate().year
        if timezone.localdate().month >= 9
        else (timezone.localdate().year - 1)
    )
    assert f"31 August {year}" in text
    assert f"31 August {year - 3}" in text


def test_link_inspector_coverage_counts_current_assignments(officer_client):
    covered, _ = factories.school(), factories.school()
    ended = factories.school()
    inspector = factories.link_inspector()
    factories.link_assignment(school=covered, inspector=inspector)
    factories.link_assignment(
        school=ended, inspector=inspector, starts_on=date(2020, 9, 1), ends_on=date(2021, 8, 31)
    )

    text = text_of(officer_client.get(URL))

    assert "Schools entitled to a link inspector 3" in text
    assert "With a link inspector today 1" in text
    assert "Without one 2" in text


def test_childrens_services_timeline_and_open_actions(officer_client):
    ilacs = factories.la_inspection(
        kind="ilacs_standard", started_on=date(2019, 3, 4), overall_effectiveness="inadequate",
        report_url="https://reports.ofsted.gov.uk/example",
    )  # fmt: skip
    ImprovementNotice.objects.create(issued_on=date(2019, 6, 1), lifted_on=date(2022, 5, 1))
    ImprovementAction.objects.create(inspection=ilacs, recommendation="Improve supervision")
    ImprovementAction.objects.create(
        inspection=ilacs, recommendation="Audit case files", status="done",
        completed_on=date(2020, 1, 1),
    )  # fmt: skip

    text = text_of(officer_client.get(URL))

    assert "Overall effectiveness: Inadequate" in text
    assert text.index("Improvement notice lifted") < text.index("Improvement notice issued")
    assert "Improve supervision" in text
    assert "Audit case files" not in text


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def _borough(n: int):
    inspector = factories.link_inspector()
    for i in range(n):
        school = factories.school(
            category=[Category.MAINTAINED, Category.ACADEMY, Category.FREE][i % 3],
            phase=["Primary", "Secondary", "Nursery"][i % 3],
        )
        graded(school, ["outstanding", "good", "inadequate"][i % 3], date(2019, 1, 1))
        factories.school_inspection(
            school=school, framework=Framework.REPORT_CARD, started_on=date(2026, 1, 1),
            safeguarding="met", judgements={"inclusion": "expected_standard"},
        )  # fmt: skip
        factories.link_assignment(school=school, inspector=inspector)
        inspection = factories.la_inspection(
            started_on=date(2020, 1, 1 + i % 28), overall_effectiveness="good",
            judgements={"leaders": "good"},
        )  # fmt: skip
        ImprovementAction.objects.create(
            inspection=inspection, recommendation=f"R{i}", owner=inspector
        )
        factories.school(status=Status.CLOSED)


def test_query_count_does_not_grow_with_schools_or_inspections(officer_client):
    officer_client.get(URL)  # the first request of a session records the session
    _borough(5)
    with_5 = _queries(officer_client)
    _borough(45)
    with_50 = _queries(officer_client)

    assert with_5 == with_50
    assert with_50 <= 24
