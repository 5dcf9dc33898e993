"""The link inspection pages: coverage, an inspector's own schools, assigning and
ending, and the school page's sections."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.grades import Framework
from inspections.models import LinkInspectorAssignment, SupportCategorisation
from schools.categories import Category
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    person = factories.officer(first_name="Olivia", last_name="Officer")
    client.force_login(person)
    return person


@pytest.fixture
def inspector(client):
    person = factories.link_inspector(first_name="Ivan", last_name="Inspector")
    client.force_login(person)
    return person


def test_coverage_lists_uncovered_entitled_schools_and_filters_them(client, officer):
    factories.school(name="Alder Primary School", phase="Primary")
    factories.school(name="Birch Secondary School", phase="Secondary")
    factories.school(name="Hill House", category=Category.INDEPENDENT)

    everything = client.get("/inspections/link/").text
    secondary = client.get("/inspections/link/?phase=Secondary").text

    assert "Alder Primary School" in everything and "Birch Secondary School" in everything
    assert "Hill House" not in everything
    assert "Birch Secondary School" in secondary and "Alder Primary School" not in secondary


def test_coverage_query_count_does_not_grow_with_schools_or_inspectors(
    client, officer, django_assert_num_queries
):
    def add():
        factories.school()
        factories.link_assignment(school=factories.school(), inspector=factories.link_inspector())

    add()
    client.get("/inspections/link/")
    with CaptureQueriesContext(connection) as few:
        client.get("/inspections/link/")
    for _ in range(6):
        add()
    with django_assert_num_queries(len(few)):
        response = client.get("/inspections/link/")
    assert response.text.count("Assign<span") == 7


def test_a_link_inspector_sees_their_schools_with_last_visit_and_open_actions(client, inspector):
    school = factories.school(name="Alder Primary School")
    other = factories.school(name="Birch Primary School")
    factories.link_assignment(school=school, inspector=inspector)
    factories.link_assignment(school=other, inspector=factories.link_inspector())
    visit = factories.link_visit(school=school, inspector=inspector, visited_on=date(2026, 10, 6))
    today = timezone.localdate()
    visit.actions.create(description="Attendance plan", due_on=today - timedelta(days=1))
    visit.actions.create(description="Review", due_on=today + timedelta(days=9))
    visit.actions.create(description="Done", completed_on=today)
    SupportCategorisation.objects.create(
        school=school, level="targeted", reasons="Falling attendance",
        decided_on=date(2026, 9, 1), review_on=date(2027, 1, 15),
    )  # fmt: skip

    html = client.get("/inspections/link/mine/").text

    assert "Alder Primary School" in html and "Birch Primary School" not in html
    assert "6 Oct 2026" in html
    assert "15 Jan 2027" in html
    assert "1 overdue" in html
    assert 'govuk-table__cell--numeric">2<br>' in html


def test_my_schools_query_count_does_not_grow(client, inspector, django_assert_num_queries):
    def add():
        school = factories.school()
        factories.link_assignment(school=school, inspector=inspector)
        factories.link_visit(school=school, inspector=inspector).actions.create(description="x")

    add()
    client.get("/inspections/link/mine/")
    with CaptureQueriesContext(connection) as few:
        client.get("/inspections/link/mine/")
    for _ in range(5):
        add()
    with django_assert_num_queries(len(few)):
        client.get("/inspections/link/mine/")


def test_a_link_inspectors_menu_leads_to_their_own_schools(client, inspector):
    html = client.get("/").text

    assert 'href="/inspections/link/mine/"' in html


def test_an_officers_inspections_pages_lead_to_coverage(client, officer):
    html = client.get("/inspections/").text

    assert 'href="/inspections/link/">Link inspector coverage</a>' in html


def test_assigning_from_the_form_hands_the_school_over(client, officer):
    school = factories.school(name="Alder Primary School")
    before = factories.link_inspector()
    factories.link_assignment(school=school, inspector=before, starts_on=date(2024, 9, 1))
    after = factories.link_inspector(first_name="Nia", last_name="New")

    response = client.post(
        f"/inspections/link/schools/{school.urn}/assign/",
        {"inspector": after.pk, "starts_on": "2026-11-02"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/schools/{school.urn}/"
    current = LinkInspectorAssignment.objects.current().get(school=school)
    assert current.inspector == after
    assert LinkInspectorAssignment.objects.get(inspector=before).ends_on == date(2026, 11, 1)


def test_the_assign_form_refuses_an_independent_school_and_changes_nothing(client, officer):
    school = factories.school(name="Hill House", category=Category.INDEPENDENT)

    response = client.post(
        f"/inspections/link/schools/{school.urn}/assign/",
        {"inspector": factories.link_inspector().pk, "starts_on": "2026-11-02"},
    )

    assert response.status_code == 200
    assert "Hill House is an independent school: not entitled to a link inspector" in response.text
    assert not LinkInspectorAssignment.objects.exists()


def test_the_assign_form_reports_a_bad_date_and_changes_nothing(client, officer):
    school = factories.school()

    response = client.post(
        f"/inspections/link/schools/{school.urn}/assign/",
        {"inspector": factories.link_inspector().pk, "starts_on": "2026-02-30"},
    )

    assert response.status_code == 200
    assert "Enter a real date." in response.text
    assert not LinkInspectorAssignment.objects.exists()


def test_ending_an_assignment_from_its_form(client, officer):
    school = factories.school()
    assignment = factories.link_assignment(school=school, inspector=factories.link_inspector())

    response = client.post(
        f"/inspections/link/assignments/{assignment.pk}/end/", {"ends_on": "2026-11-30"}
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == date(2026, 11, 30)


def test_a_headteacher_may_not_assign(client):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    assert client.get(f"/inspections/link/schools/{school.urn}/assign/").status_code == 403
    assert client.get("/inspections/link/").status_code == 403


# --- The school page -------------------------------------------------------------------


def test_the_school_page_shows_ofsted_inspections_on_their_own_scales(client, officer):
    school = factories.school()
    factories.school_inspection(
        school=school, framework=Framework.GRADED, started_on=date(2019, 3, 5),
        overall_effectiveness="good", judgements={"quality_of_education": "good"},
    )  # fmt: skip
    factories.school_inspection(
        school=school, framework=Framework.REPORT_CARD, started_on=date(2026, 1, 20),
        safeguarding="met",
        judgements={"inclusion": "strong_standard", "achievement": "expected_standard"},
    )  # fmt: skip

    html = client.get(f"/schools/{school.urn}/").text
    section = html.split("Ofsted inspections</h2>", 1)[1].split("Link inspector</h2>", 1)[0]

    assert section.index("20 January 2026") < section.index("5 March 2019")
    assert "Report card inspection" in section and "Strong standard" in section
    assert "Expected standard" in section and "Met" in section
    assert "Overall effectiveness" in section and "Good" in section


def test_the_school_page_names_the_link_inspector(client, officer):
    school = factories.school()
    inspector = factories.link_inspector(first_name="Ivan", last_name="Inspector")
    factories.link_assignment(school=school, inspector=inspector)

    html = client.get(f"/schools/{school.urn}/").text

    assert "Ivan Inspector" in html.split("Link inspector</h2>", 1)[1]


def test_the_school_page_says_an_independent_school_is_not_entitled(client, officer):
    school = factories.school(name="Hill House", category=Category.INDEPENDENT)

    html = client.get(f"/schools/{school.urn}/").text

    assert "Hill House is an independent school: not entitled to a link inspector" in html
    assert "Assign a link inspector" not in html


def test_the_school_page_shows_support_history_newest_first_to_officers(client, officer):
    school = factories.school()
    for level, on in (("targeted", date(2025, 9, 1)), ("intensive", date(2026, 9, 1))):
        SupportCategorisation.objects.create(
            school=school, level=level, reasons=f"Reason {level}", decided_on=on
        )

    html = client.get(f"/schools/{school.urn}/").text
    section = html.split("Support</h2>", 1)[1]

    assert section.index("Reason intensive") < section.index("Reason targeted")


def test_a_headteacher_sees_no_support_section(client):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head)
    SupportCategorisation.objects.create(
        school=school, level="intensive", reasons="Confidential", decided_on=date(2026, 9, 1)
    )
    client.force_login(head)

    html = client.get(f"/schools/{school.urn}/").text

    assert "Confidential" not in html and "Support</h2>" not in html


def test_the_school_page_query_count_does_not_grow_with_inspection_history(
    client, officer, django_assert_num_queries
):
    school = factories.school()
    inspector = factories.link_inspector()
    factories.link_assignment(school=school, inspector=inspector)

    def add():
        factories.school_inspection(school=school, judgements={"inclusion": "strong_standard"})
        factories.link_visit(school=school, inspector=inspector).actions.create(description="x")
        SupportCategorisation.objects.create(
            school=school, level="universal", reasons="r", decided_on=date(2026, 9, 1)
        )

    add()
    client.get(f"/schools/{school.urn}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/schools/{school.urn}/")
    for _ in range(5):
        add()
    with django_assert_num_queries(len(few)):
        client.get(f"/schools/{school.urn}/")


def test_the_assign_page_says_a_closed_school_takes_no_link_inspector(client, officer):
    from schools.categories import Status

    school = factories.school(name="Old Mill Primary", status=Status.CLOSED)

    page = client.get(f"/inspections/link/schools/{school.urn}/assign/")
    client.post(
        f"/inspections/link/schools/{school.urn}/assign/",
        {"inspector": factories.link_inspector().pk, "starts_on": "2026-11-02"},
    )

    assert "Old Mill Primary is closed" in page.text
    assert 'name="inspector"' not in page.text
    assert not LinkInspectorAssignment.objects.exists()
