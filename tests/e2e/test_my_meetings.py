"""'Your meetings' in a real browser: WCAG 2.2 AA by axe-core, the month view, the feed.

The live server runs in another thread, so data is saved with transactional_db.
"""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries
from partnerships.models import Body
from tests.e2e.test_accessibility import sign_in

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def head(transactional_db, password):
    # A new address each run: allauth's sign-in rate limits outlive the test database.
    user = User.objects.create_user(f"head-{uuid.uuid4().hex[:12]}@demo.test", password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def meetings(head):
    """Two meetings this month (or early next, near its end) and one cancelled next month."""
    body = Body.objects.create(
        name="Primary headteachers' conference", kind=Body.Kind.PHASE_CONFERENCE
    )
    series = MeetingSeries.objects.create(body=body, title=body.name)
    today = timezone.localdate()
    made = []
    for n, (days, title, status) in enumerate(
        [
            (1, "Primary heads, spring", Meeting.Status.SCHEDULED),
            (2, "Governors' briefing", Meeting.Status.CONFIRMED),
            (35, "Executive", Meeting.Status.CANCELLED),
        ]
    ):
        day = today + timedelta(days=days)
        term = ensure_academic_year(academic_year_starting(day)).terms.first()
        meeting = Meeting.objects.create(
            series=series, body=body, term=term, occurrence=f"e2e {n}", title=title,
            starts_at=datetime.combine(day, time(16, 0), tzinfo=LONDON),
            ends_at=datetime.combine(day, time(17, 30), tzinfo=LONDON), status=status,
            venue="Professional Centre, Room 1",
        )  # fmt: skip
        Invitation.objects.create(meeting=meeting, person=head)
        made.append(meeting)
    return made


def test_your_meetings_has_no_axe_violations(
    live_server, page, head, password, meetings, assert_no_axe_violations
):
    sign_in(page, live_server.url, head.email, password)
    page.goto(live_server.url + "/calendar/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your meetings")
    assert_no_axe_violations(page)


def test_the_month_view_links_to_the_meeting_and_moves_between_months(
    live_server, page, head, password, meetings, assert_no_axe_violations
):
    first = meetings[0]
    month = first.starts_at.astimezone(LONDON)
    sign_in(page, live_server.url, head.email, password)
    page.goto(live_server.url + f"/calendar/?month={month:%Y-%m}")

    grid = page.get_by_role("table", name=f"{month:%B %Y}", exact=True)
    expect(grid.get_by_role("columnheader", name="Mon")).to_be_visible()
    grid.get_by_role("link", name="4pm Primary heads, spring").click()
    expect(page).to_have_url(f"{live_server.url}/calendar/?month={month:%Y-%m}#meeting-{first.uid}")

    page.get_by_role("link", name="Next month").click()
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    expect(page.get_by_role("table", name=f"{following:%B %Y}", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_the_feed_address_is_labelled_and_stopping_it_is_accessible(
    live_server, page, head, password, meetings, assert_no_axe_violations
):
    sign_in(page, live_server.url, head.email, password)
    page.goto(live_server.url + "/calendar/")

    address = page.get_by_label("Your calendar feed address")
    expect(address).to_have_attribute("readonly", "")
    assert address.input_value().startswith(settings.PORTAL_BASE_URL + "/calendar/feed/")

    page.get_by_role("button", name="Stop your calendar feed").click()

    expect(page.get_by_role("alert")).to_contain_text("Your calendar feed has stopped")
    expect(page.get_by_role("button", name="Start a new calendar feed")).to_be_visible()
    assert_no_axe_violations(page)
