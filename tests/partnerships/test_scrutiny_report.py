"""The report to scrutiny: /reports/scrutiny/?year=2025/26 and its PDF."""

import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import AgendaItem, Decision, Meeting, MeetingSeries
from partnerships import scrutiny
from partnerships.models import Body
from schools.categories import Category, Status
from schools.models import PlacesSnapshot, SchoolPlaces
from tests import factories
from tests.partnerships.test_picture import borough, graded

pytestmark = pytest.mark.django_db

URL = "/reports/scrutiny/"
PDF = "/reports/scrutiny/report.pdf"
LONDON = ZoneInfo("Europe/London")
TODAY = timezone.localdate()
CURRENT = academic_year_starting(TODAY)
# The latest completed year, which the report shows unless asked for another.
LAST = f"{CURRENT - 1}/{CURRENT % 100:02d}"
THIS = f"{CURRENT}/{(CURRENT + 1) % 100:02d}"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def years():
    return {y: ensure_academic_year(y) for y in (CURRENT - 2, CURRENT - 1, CURRENT)}


@pytest.fixture
def officer_client(client, years):
    client.force_login(factories.officer())
    return client


def meeting(body, day: date, status=Meeting.Status.HELD, n=[0]):  # noqa: B006 - a counter
    n[0] += 1
    series = body.series.first() or MeetingSeries.objects.create(
        body=body, title=body.name, venue="Town Hall"
    )
    term = ensure_academic_year(academic_year_starting(day)).terms.first()
    return Meeting.objects.create(
        series=series, body=body, term=term, occurrence=f"test {n[0]}", title=body.name,
        starts_at=datetime.combine(day, time(16), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(17), tzinfo=LONDON), status=status,
    )  # fmt: skip


def decision(meeting, resolution, decided_on=None, position=[0]):  # noqa: B006 - a counter
    position[0] += 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position[0], title=f"Item {position[0]}"
    )
    return Decision.objects.create(
        agenda_item=item, resolution=resolution,
        decided_on=decided_on or meeting.starts_at.date(),
    )  # fmt: skip


# --- Access and the year -----------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, years):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [URL, PDF])
def test_heads_and_governors_are_refused(client, years, url):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


def test_officers_see_reports_in_their_menu(officer_client):
    html = officer_client.get("/").content.decode()

    assert f'href="{URL}"' in html and ">Reports<" in html


def test_the_default_year_is_the_latest_completed(officer_client):
    response = officer_client.get(URL)

    assert response.status_code == 200
    assert response.context["year"].name == LAST
    assert f"Working with schools, {LAST}" in text_of(response)


def test_the_year_in_progress_can_be_chosen(officer_client):
    response = officer_client.get(URL, {"year": THIS})

    assert response.context["year"].name == THIS
    assert "the year is still in progress" in text_of(response)


@pytest.mark.parametrize(
    "value, message",
    [
        ("2025", "Enter an academic year in the form 2025/26"),
        ("2025/27", "Enter an academic year in the form 2025/26"),
        ("nonsense'><script>", "Enter an academic year in the form 2025/26"),
        ("２０２５/２６", "Enter an academic year in the form 2025/26"),
        ("1999/00", "There is no record of the 1999/00 academic year"),
        (f"{CURRENT + 3}/{(CURRENT + 4) % 100:02d}", "has not started yet"),
    ],
)
def test_a_bad_year_gets_a_clear_message_not_an_error(officer_client, value, message):
    for url in (URL, PDF):
        response = officer_client.get(url, {"year": value})

        assert response.status_code == 400
        text = text_of(response)
        assert message in text
        assert "There is a problem" in text
        assert "<script>" not in response.content.decode()


def test_choose_year_accepts_a_hyphen():
    years = [ensure_academic_year(2025)]

    assert scrutiny.choose_year("2025-26", years, today=date(2026, 12, 1)).name == "2025/26"


def test_default_year_while_the_first_year_runs_is_that_year():
    year = ensure_academic_year(2026)

    assert scrutiny.default_year([year], today=date(2026, 12, 1)) == year


# --- Figures ---------------------------------------------------------------------------------


def test_schools_by_category_and_phase_with_openings_and_closings(years):
    start = years[CURRENT - 1].starts_on
    factories.school(phase="Primary", opened_on=date(2010, 9, 1))
    factories.school(phase="Primary", opened_on=start + timedelta(days=30))  # opened
    factories.school(
        phase="Secondary", status=Status.CLOSED, closed_on=start + timedelta(days=60)
    )  # closed
    factories.school(category=Category.INDEPENDENT, phase="Not applicable")
    factories.school(phase="Primary", opened_on=TODAY + timedelta(days=400))  # not yet

    changes = scrutiny.scrutiny_report(year=years[CURRENT - 1]).schools

    assert (changes.total.at_start, changes.total.opened, changes.total.closed,
            changes.total.at_end) == (3, 1, 1, 3)  # fmt: skip
    maintained = changes.by_category[0]
    assert (maintained.label, maintained.at_start, maintained.at_end) == ("Maintained school", 2, 2)
    phases = {row.label: row for row in changes.by_phase}
    assert (phases["Primary"].at_start, phases["Primary"].at_end) == (1, 2)
    assert (phases["Secondary"].at_start, phases["Secondary"].at_end) == (1, 0)


def test_outcomes_equal_the_dashboards_at_the_years_end_and_a_year_earlier(officer_client, years):
    schools = borough(6)
    # The fifth school had no inspection until this year.
    graded(schools[4], "outstanding", started_on=years[CURRENT - 1].starts_on + timedelta(days=10))
    dashboard = officer_client.get("/inspections/").context
    rows = {row.on: row for row in dashboard["years_chart_rows"] if row.on}

    report = officer_client.get(URL).context["report"]

    for shown, on in [
        (report.outcomes_end, years[CURRENT - 1].ends_on),
        (report.outcomes_before, years[CURRENT - 2].ends_on),
    ]:
        assert [s.count for s in shown.shares] == [c["count"] for c in rows[on].cells()]
        assert [s.percent for s in shown.shares] == [c["percent"] for c in rows[on].cells()]
    assert report.outcomes_end.outstanding.count == report.outcomes_before.outstanding.count + 1


def test_the_year_in_progress_equals_the_officer_pages_today(officer_client, years):
    inspector = factories.link_inspector()
    borough(8, inspector=inspector)
    area = factories.service_area("School Improvement")
    team = factories.team(service_area=area)
    factories.post(team=team, fte=Decimal("1.00"), holder=inspector)
    factories.post(team=team, fte=Decimal("0.50"))
    dashboard = officer_client.get("/inspections/").context
    counts = officer_client.get("/inspections/link/").context["counts"]
    staffing = officer_client.get("/service-areas/").context["staffing"]

    report = officer_client.get(URL, {"year": THIS}).context["report"]

    assert [s.count for s in report.outcomes_end.shares] == [
        c["count"] for c in dashboard["borough"].cells()
    ]
    assert (report.link_coverage.entitled, report.link_coverage.covered) == (
        counts["entitled"], counts["covered"]
    )  # fmt: skip
    assert [(a.area.name, a.totals) for a in report.staffing.areas] == [
        (a.area.name, a.totals) for a in staffing.areas
    ]
    assert report.staffing.totals == staffing.totals
    assert report.staffing.totals.vacancy_rate == Decimal("33.3")


def test_places_are_the_places_pages_for_the_latest_snapshot_in_the_year(officer_client, years):
    schools = borough(4)
    year = years[CURRENT - 1]
    for as_of, pupils in [(year.starts_on + timedelta(days=40), 100),
                          (year.ends_on - timedelta(days=40), 150),
                          (year.ends_on + timedelta(days=20), 999)]:  # fmt: skip
        snapshot = PlacesSnapshot.objects.create(
            as_of=as_of, date_source="file_name", file_name="x.csv"
        )
        for school in schools:
            SchoolPlaces.objects.create(
                snapshot=snapshot, school=school, local_authority=school.local_authority,
                phase=school.phase, provision="mainstream", capacity=200, pupils=pupils,
            )  # fmt: skip
    as_of = year.ends_on - timedelta(days=40)
    page = officer_client.get("/schools/places/", {"date": as_of.isoformat()}).context

    report = officer_client.get(URL).context["report"]

    assert report.places.as_of == as_of
    assert report.places.total.pupils == 600 and report.places.total.capacity == 800
    assert report.places.total.surplus_pct == Decimal("25.0")
    assert page["as_of"] == as_of
    assert page["mainstream_total"].pupils == report.places.mainstream.pupils
    assert page["mainstream_total"].capacity == report.places.mainstream.capacity
    assert page["mainstream_total"].surplus_pct == report.places.mainstream.surplus_pct
    assert [(r.phase, r.pupils) for r in page["chart_rows"]] == [
        (r.phase, r.pupils) for r in report.places.by_phase
    ]


def test_meetings_held_and_cancelled_and_decisions_by_body(officer_client, years):
    year = years[CURRENT - 1]
    executive = Body.objects.create(name="Executive", kind=Body.Kind.STANDING_CONFERENCE)
    briefing = Body.objects.create(name="Governors' briefing", kind=Body.Kind.GOVERNORS_BRIEFING)
    held = meeting(executive, year.starts_on + timedelta(days=40))
    meeting(executive, year.starts_on + timedelta(days=120))
    meeting(executive, year.starts_on + timedelta(days=200), status=Meeting.Status.CANCELLED)
    meeting(briefing, year.starts_on + timedelta(days=60))
    earlier = meeting(executive, year.starts_on - timedelta(days=30))  # the year before
    decision(held, "That the admissions policy for 2027/28 be approved.")
    decision(held, "That the behaviour protocol be adopted.")
    decision(earlier, "That last year's matter be noted.")

    response = officer_client.get(URL)
    report = response.context["report"]

    assert [(m.body, m.held, m.cancelled) for m in report.meetings] == [
        ("Executive", 2, 1), ("Governors' briefing", 1, 0)
    ]  # fmt: skip
    assert report.decisions_count == 2
    text = text_of(response)
    assert "Executive: 2 decisions" in text
    assert "RESOLVED: That the admissions policy for 2027/28 be approved." in text
    assert "last year's matter" not in text


def test_the_page_query_count_does_not_grow_with_schools(officer_client, years):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(URL).status_code == 200
        return len(captured)

    inspector = factories.link_inspector()
    body = Body.objects.create(name="Executive", kind=Body.Kind.STANDING_CONFERENCE)
    held = meeting(body, years[CURRENT - 1].starts_on + timedelta(days=40))
    decision(held, "That it be noted.")
    borough(5, inspector=inspector)
    queries()  # the session's first request records it
    with_5 = queries()
    borough(45, inspector=inspector)
    decision(held, "That it be noted again.")

    assert queries() == with_5


# --- The PDF -----------------------------------------------------------------------------------


def test_the_pdf_has_a_title_bookmarks_and_selectable_text(officer_client, years):
    borough(10)
    body = Body.objects.create(name="Executive", kind=Body.Kind.STANDING_CONFERENCE)
    held = meeting(body, years[CURRENT - 1].starts_on + timedelta(days=40))
    decision(held, "That the attendance strategy be approved.")
    page = officer_client.get(URL).context["report"]

    response = officer_client.get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"report-to-scrutiny-{LAST.replace('/', '-')}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == f"Report to scrutiny: working with schools, {LAST}"

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    bookmarks = list(titles(reader.outline))
    assert f"Working with schools, {LAST}" in bookmarks
    for heading in ["Summary", "Schools by category and phase", "Ofsted inspection outcomes",
                    "School places", "Engagement of schools", "Schools whose attendance fell",
                    "Link inspectors", "Staffing by service area", "Meetings", "Decisions",
                    "Executive: 1 decision"]:  # fmt: skip
        assert heading in bookmarks
    # Tagged for assistive technology (PDF/UA).
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"{page.outcomes_end.outstanding.percent:.1f}% outstanding" in text
    assert f"of {page.outcomes_end.denominator} open state" in text
    assert f"0 of {page.link_coverage.entitled} entitled open schools" in text
    assert "That the attendance strategy be approved." in text
