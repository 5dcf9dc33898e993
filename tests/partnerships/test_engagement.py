"""Engagement figures, worked out by hand on small built fixtures, and the pages and
API that show them."""

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.models import VisitAction
from meetings.models import Action, Invitation, Meeting
from partnerships.engagement import (
    attendance_fell,
    engagement_for_school,
    engagement_for_schools,
)
from partnerships.models import Membership
from schools.models import GovernorAppointment, School
from tests import factories
from tests.partnerships import api_key, bearer, body, meeting, series

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
NOW_DAY = NOW.date()
# The last 12 months start at midnight on 1 December 2025; the 12 before on 1 December 2024.
LAST = date(2026, 3, 10)
PREVIOUS = date(2025, 3, 11)
A = Invitation.Attendance


@pytest.fixture
def conference():
    return series(body=body(name="Primary headteachers' conference"))


def held(conference, day: date, *, at: time = time(16, 0), **fields) -> Meeting:
    return meeting(series=conference, day=day, start=at, end=time(23, 59), emailed=False, **fields)


def invite(m: Meeting, person, attendance: str = "", **fields) -> Invitation:
    return Invitation.objects.create(meeting=m, person=person, attendance=attendance, **fields)


def school_with_head(**fields):
    school = factories.school(**fields)
    head = factories.person()
    factories.headship(school=school, person=head)
    return school, head


def test_head_invited_to_four_meetings_two_present_one_apologies_one_absent(conference):
    school, head = school_with_head()
    for n, attendance in enumerate([A.PRESENT, A.PRESENT, A.APOLOGIES, A.ABSENT]):
        invite(held(conference, date(2026, 1, 12 + n)), head, attendance)

    figures = engagement_for_school(school, now=NOW)

    assert (figures.last.invited, figures.last.attended) == (4, 2)
    assert (figures.last.apologies, figures.last.absent) == (1, 1)
    assert figures.last.rate == 0.5
    assert figures.previous.invited == 0 and figures.previous.rate is None
    assert figures.change_in_points is None


def test_a_substitute_counts_as_attended_and_unrecorded_as_not(conference):
    school, head = school_with_head()
    invite(held(conference, LAST), head, A.SUBSTITUTE)
    invite(held(conference, date(2026, 3, 11)), head, "")

    figures = engagement_for_school(school, now=NOW).last

    assert (figures.invited, figures.attended, figures.not_recorded) == (2, 1, 1)


def test_withdrawn_invitation_and_cancelled_meeting_are_ignored(conference):
    school, head = school_with_head()
    invite(held(conference, LAST), head, A.PRESENT)
    invite(held(conference, date(2026, 3, 11)), head, A.ABSENT, withdrawn_at=NOW)
    cancelled = held(conference, date(2026, 3, 12), status=Meeting.Status.CANCELLED)
    invite(cancelled, head, A.ABSENT)

    figures = engagement_for_school(school, now=NOW).last

    assert (figures.invited, figures.attended, figures.absent) == (1, 1, 0)


def test_meetings_not_yet_held_do_not_count(conference):
    school, head = school_with_head()
    invite(held(conference, date(2026, 12, 1), at=time(12, 30)), head)  # half an hour away
    invite(held(conference, date(2027, 1, 20)), head)

    assert engagement_for_school(school, now=NOW).last.invited == 0


def test_window_edges_fall_on_london_midnight_a_year_and_two_years_back(conference):
    school, head = school_with_head()
    invite(held(conference, date(2025, 12, 1), at=time(0, 0)), head, A.PRESENT)  # last
    invite(held(conference, date(2025, 11, 30), at=time(23, 0)), head, A.ABSENT)  # previous
    invite(held(conference, date(2024, 12, 1), at=time(0, 0)), head, A.APOLOGIES)  # previous
    invite(held(conference, date(2024, 11, 30), at=time(23, 0)), head, A.PRESENT)  # neither

    figures = engagement_for_school(school, now=NOW)

    assert (figures.last.invited, figures.last.attended) == (1, 1)
    assert (figures.previous.invited, figures.previous.absent, figures.previous.apologies) == (
        2, 1, 1,
    )  # fmt: skip
    assert figures.change_in_points == 100.0


def test_head_and_chair_both_count_and_someone_holding_both_counts_once(conference):
    school, head = school_with_head()
    chair = factories.person()
    factories.governor(school=school, person=chair, role=GovernorAppointment.Role.CHAIR)
    other_governor = factories.person()
    factories.governor(school=school, person=other_governor)
    m = held(conference, LAST)
    invite(m, head, A.PRESENT)
    invite(m, chair, A.APOLOGIES)
    invite(m, other_governor, A.ABSENT)  # not the school's representative

    figures = engagement_for_school(school, now=NOW)
    assert (figures.last.invited, figures.last.attended, figures.last.apologies) == (2, 1, 1)
    assert {tuple(r.roles) for r in figures.people} == {("Headteacher",), ("Chair of governors",)}

    factories.governor(school=school, person=head, role=GovernorAppointment.Role.CHAIR)
    assert engagement_for_school(school, now=NOW).last.invited == 2


def test_a_head_of_two_schools_counts_in_full_for_each(conference):
    first, head = school_with_head()
    second = factories.school()
    factories.headship(school=second, person=head, kind="executive")
    invite(held(conference, LAST), head, A.PRESENT)

    figures = engagement_for_schools([first, second], now=NOW)

    assert figures[first.pk].last.attended == figures[second.pk].last.attended == 1


def test_a_former_head_does_not_count_for_the_school(conference):
    school = factories.school()
    former = factories.person()
    factories.headship(
        school=school, person=former, starts_on=date(2015, 9, 1), ends_on=date(2025, 8, 31)
    )
    invite(held(conference, PREVIOUS), former, A.PRESENT)

    assert engagement_for_school(school, now=NOW).previous.invited == 0


def test_memberships_visits_and_open_actions(conference):
    school, head = school_with_head()
    partnership = body(name="Secondary Improving Behaviour and Attendance Partnership")
    Membership.objects.create(body=partnership, school=school, starts_on=date(2024, 9, 1))
    ended = body(name="Old working group")
    Membership.objects.create(
        body=ended, school=school, starts_on=date(2020, 9, 1), ends_on=date(2023, 7, 31)
    )
    inspector = factories.link_inspector()
    factories.link_visit(school=school, inspector=inspector, visited_on=date(2026, 10, 6))
    factories.link_visit(school=school, inspector=inspector, visited_on=date(2026, 2, 3))
    earlier = factories.link_visit(school=school, inspector=inspector, visited_on=PREVIOUS)
    VisitAction.objects.create(visit=earlier, description="Review the SEND register")
    VisitAction.objects.create(
        visit=earlier, description="Done already", completed_on=date(2025, 6, 1)
    )
    m = held(conference, LAST)
    Action.objects.create(meeting=m, owner=head, description="Reply", due_on=date(2026, 4, 1))
    Action.objects.create(
        meeting=m, owner=head, description="Done", due_on=date(2026, 4, 1),
        status=Action.Status.DONE,
    )  # fmt: skip

    figures = engagement_for_school(school, now=NOW)

    assert [m.body.name for m in figures.memberships] == [partnership.name]
    assert (figures.visits_last, figures.visits_previous) == (2, 1)
    assert figures.last_visit_on == date(2026, 10, 6)
    assert (figures.open_meeting_actions, figures.open_visit_actions) == (1, 1)
    assert figures.open_actions == 2


def _busy_schools(conference, n: int) -> list[School]:
    schools = []
    m = held(conference, LAST)
    p = held(conference, PREVIOUS)
    inspector = factories.link_inspector()
    for _ in range(n):
        school, head = school_with_head()
        chair = factories.person()
        factories.governor(school=school, person=chair, role=GovernorAppointment.Role.CHAIR)
        invite(m, head, A.PRESENT)
        invite(p, chair, A.ABSENT)
        visit = factories.link_visit(school=school, inspector=inspector, visited_on=LAST)
        VisitAction.objects.create(visit=visit, description="Follow up")
        Action.objects.create(meeting=m, owner=head, description="Reply", due_on=LAST)
        Membership.objects.create(body=conference.body, school=school, starts_on=LAST)
        schools.append(school)
    return schools


def test_engagement_costs_the_same_queries_for_5_and_50_schools(conference):
    few, many = _busy_schools(conference, 5), _busy_schools(conference, 50)

    with CaptureQueriesContext(connection) as small:
        engagement_for_schools(few, now=NOW)
    with CaptureQueriesContext(connection) as large:
        figures = engagement_for_schools(many, now=NOW)

    assert len(small) == len(large) == 7
    assert all(f.last.attended == 1 and f.previous.absent == 1 for f in figures.values())


# --- The borough's "attendance fell" list ------------------------------------------


def _with_attendance(
    conference, name, previous: list[str], last: list[str], *, today: date = NOW_DAY
) -> School:
    """A school whose head was invited to meetings 18 months and 6 months before `today`."""
    school, head = school_with_head(name=name)
    for n, value in enumerate(previous):
        day = today - relativedelta(months=18) + timedelta(days=n)
        invite(held(conference, day), head, value)
    for n, value in enumerate(last):
        invite(held(conference, today - relativedelta(months=6) + timedelta(days=n)), head, value)
    return school


@pytest.fixture
def borough(conference):
    return {
        "fell_a_lot": _with_attendance(
            conference, "Ash Primary", [A.PRESENT] * 4, [A.PRESENT, A.ABSENT, A.ABSENT, A.APOLOGIES]
        ),
        "fell_a_little": _with_attendance(
            conference, "Birch Primary", [A.PRESENT] * 4, [A.PRESENT] * 3 + [A.SUBSTITUTE, A.ABSENT]
        ),
        "rose": _with_attendance(conference, "Cedar Primary", [A.ABSENT] * 2, [A.PRESENT] * 2),
        "only_last": _with_attendance(conference, "Damson Primary", [], [A.ABSENT] * 3),
        "nothing": factories.school(name="Elder Primary"),
    }


def test_fall_list_has_only_schools_invited_in_both_periods_whose_rate_fell(borough):
    rows = attendance_fell(School.objects.all(), now=NOW)

    assert [r.school.name for r in rows] == ["Ash Primary", "Birch Primary"]
    ash = rows[0]
    assert (ash.previous.invited, ash.previous.attended) == (4, 4)
    assert (ash.last.invited, ash.last.attended, ash.last.absent, ash.last.apologies) == (
        4, 1, 2, 1,
    )  # fmt: skip
    assert ash.change_in_points == -75.0
    assert rows[1].change_in_points == -20.0


def test_fall_list_sorts_by_name_or_smallest_fall(borough):
    by_name = attendance_fell(School.objects.all(), now=NOW, sort="name")
    smallest = attendance_fell(School.objects.all(), now=NOW, sort="-change")

    assert [r.school.name for r in by_name] == ["Ash Primary", "Birch Primary"]
    assert [r.school.name for r in smallest] == ["Birch Primary", "Ash Primary"]


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def test_borough_page_lists_the_schools_with_their_numbers(officer_client, conference):
    _with_attendance(
        conference, "Ash Primary", [A.PRESENT] * 2, [A.ABSENT] * 2, today=timezone.localdate()
    )

    response = officer_client.get("/schools/engagement/")

    assert response.status_code == 200
    assert "Ash Primary" in response.text
    assert "-100.0 points" in response.text


def test_borough_csv_carries_the_figures(officer_client, conference):
    _with_attendance(
        conference, "=Ash Primary", [A.PRESENT] * 2, [A.PRESENT, A.ABSENT],
        today=timezone.localdate(),
    )  # fmt: skip

    response = officer_client.get("/schools/engagement/attendance-fell.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "URN"
    assert rows[1][1] == "'=Ash Primary"
    assert rows[1][5:10] == ["2", "2", "0", "0", "100"]
    assert rows[1][10:] == ["2", "1", "0", "1", "50", "-50.0"]


def test_borough_page_is_for_officers(client):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    assert client.get("/schools/engagement/").status_code == 403
    assert client.get("/schools/engagement/attendance-fell.csv").status_code == 403


def test_borough_page_query_count_does_not_grow_with_schools(officer_client, conference):
    def falling(n):
        for i in range(n):
            _with_attendance(
                conference, f"School {i}", [A.PRESENT], [A.ABSENT], today=timezone.localdate()
            )

    falling(2)
    officer_client.get("/schools/engagement/")
    with CaptureQueriesContext(connection) as few:
        officer_client.get("/schools/engagement/")
    falling(20)
    with CaptureQueriesContext(connection) as many:
        response = officer_client.get("/schools/engagement/")

    assert response.text.count("points</td>") == 22
    assert len(many) == len(few)


def test_school_page_shows_engagement_to_officers_only(client, conference):
    school, head = school_with_head()
    invite(held(conference, timezone.localdate() - timedelta(days=30)), head, A.PRESENT)
    client.force_login(factories.officer())
    assert "Engagement" in client.get(school.get_absolute_url()).text

    client.force_login(head)
    response = client.get(school.get_absolute_url())
    assert response.status_code == 200
    assert 'id="engagement"' not in response.text


def test_school_page_query_count_does_not_grow_with_engagement(client, conference):
    client.force_login(factories.officer())
    [school] = _busy_schools(conference, 1)
    client.get(school.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(school.get_absolute_url())
    head = school.headships.get().person
    for n in range(10):
        invite(held(conference, date(2026, 2, 2 + n)), head, A.PRESENT)
        Membership.objects.create(body=body(), school=school, starts_on=LAST)
    with CaptureQueriesContext(connection) as many:
        client.get(school.get_absolute_url())
    assert len(many) == len(few)


# --- API -----------------------------------------------------------------------------


def test_api_engagement_of_a_school(client, conference):
    school, head = school_with_head()
    month_ago = timezone.localdate() - timedelta(days=30)
    invite(held(conference, month_ago), head, A.PRESENT)
    invite(held(conference, month_ago + timedelta(days=1)), head, A.APOLOGIES)

    response = client.get(f"/api/v1/schools/{school.urn}/engagement/", **bearer(api_key()))

    assert response.status_code == 200
    data = response.json()
    assert data["urn"] == school.urn
    assert data["last_12_months"]["invited"] == 2
    assert data["last_12_months"]["attended"] == 1
    assert data["last_12_months"]["rate"] == 0.5
    assert data["previous_12_months"]["rate"] is None


def test_api_engagement_is_not_for_a_head(client):
    school, head = school_with_head()
    client.force_login(head)

    assert client.get(f"/api/v1/schools/{school.urn}/engagement/").status_code == 403
