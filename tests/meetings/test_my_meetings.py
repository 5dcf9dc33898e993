"""The "Your meetings" page: the list, the month view, downloads and the subscription."""

import itertools
import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import feeds
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries
from partnerships.models import Body
from tests import factories

LONDON = ZoneInfo("Europe/London")
PAGE = "/calendar/"
_serial = itertools.count(1)


def meeting(*, on: date, at: time = time(16, 0), title: str = "Primary heads", invite=(), **fields):
    of, _ = Body.objects.get_or_create(
        name=fields.pop("body_name", "Primary headteachers' conference"),
        defaults={"kind": Body.Kind.PHASE_CONFERENCE},
    )
    series, _ = MeetingSeries.objects.get_or_create(body=of, title=of.name)
    term = ensure_academic_year(academic_year_starting(on)).terms.first()
    starts_at = datetime.combine(on, at, tzinfo=LONDON)
    created = Meeting.objects.create(
        series=series, body=of, term=term, occurrence=f"test {next(_serial)}", title=title,
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=90), **fields,
    )  # fmt: skip
    Invitation.objects.bulk_create([Invitation(meeting=created, person=p) for p in invite])
    return created


class MonthGrid(HTMLParser):
    """The month table as {day of month: [meeting link texts]}, read as a browser would."""

    def __init__(self, caption: str):
        super().__init__()
        self.caption, self.days = caption, {}
        self._in_table = self._in_caption = self._in_cell = self._in_link = False
        self._text, self._links, self._captions = "", [], []

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in_caption, self._text = True, ""
        elif tag == "td" and self._in_table:
            self._in_cell, self._text, self._links = True, "", []
        elif tag == "a" and self._in_cell:
            self._in_link = True
            self._links.append("")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
            self._in_table = self._text.strip() == self.caption
        elif tag == "table":
            self._in_table = False
        elif tag == "td" and self._in_cell:
            self._in_cell = False
            day = re.match(r"\s*(\d+)", self._text)
            if day:
                self.days[int(day[1])] = [" ".join(link.split()) for link in self._links]
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_caption or self._in_cell:
            self._text += data
        if self._in_link:
            self._links[-1] += data


def month_grid(response, caption: str) -> dict[int, list[str]]:
    grid = MonthGrid(caption)
    grid.feed(response.content.decode())
    assert grid.days, f"no month table captioned {caption!r}"
    return grid.days


@pytest.fixture
def head(db):
    person = factories.person()
    factories.headship(school=factories.school(), person=person)
    return person


@pytest.fixture
def today():
    return timezone.localdate()


def test_signing_in_is_needed(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_lists_the_persons_upcoming_meetings_only(client, head, today):
    other = factories.person()
    meeting(on=today + timedelta(days=10), title="Ours, soon", invite=[head, other])
    meeting(on=today + timedelta(days=40), title="Ours, later", invite=[head])
    meeting(on=today + timedelta(days=20), title="Someone else's", invite=[other])
    meeting(on=today - timedelta(days=20), title="Ours, past", invite=[head])
    withdrawn = meeting(on=today + timedelta(days=30), title="Withdrawn", invite=[head])
    Invitation.objects.filter(meeting=withdrawn).update(withdrawn_at=timezone.now())
    client.force_login(head)

    response = client.get(PAGE)

    upcoming = [m.title for m in response.context["upcoming"]]
    assert upcoming == ["Ours, soon", "Ours, later"]
    page = response.content.decode()
    assert "Someone else&#x27;s" not in page and "Withdrawn" not in page


def test_each_meeting_shows_date_uk_time_place_and_the_persons_reply(client, head, today):
    day = today + timedelta(days=7)
    invited = meeting(
        on=day, title="Secondary heads", venue="Town Hall, Committee Room 3",
        online_link="https://meet.council.example/secondary", invite=[head],
    )  # fmt: skip
    Invitation.objects.filter(meeting=invited).update(rsvp=Invitation.Rsvp.ACCEPTED)
    client.force_login(head)

    page = client.get(PAGE).content.decode()

    assert f"{day:%A} {day.day} {day:%B %Y}" in page
    assert "4pm to 5:30pm" in page
    assert "Town Hall, Committee Room 3" in page
    assert 'href="https://meet.council.example/secondary"' in page
    assert "Attending" in page
    assert reverse("calendar:meeting_ics", kwargs={"uid": invited.uid}) in page


def test_times_are_shown_in_uk_time_either_side_of_the_clock_change(client, head):
    # 16:00 on 22 October (BST) and 5 November (GMT): both 4pm on the page.
    meeting(on=date(2026, 10, 22), title="Before", invite=[head])
    meeting(on=date(2026, 11, 5), title="After", invite=[head])
    client.force_login(head)

    october = client.get(PAGE, {"month": "2026-10"})
    november = client.get(PAGE, {"month": "2026-11"})

    assert month_grid(october, "October 2026")[22] == ["4pm Before"]
    assert month_grid(november, "November 2026")[5] == ["4pm After"]


def test_the_month_view_shows_meetings_on_their_days(client, head):
    meeting(on=date(2027, 3, 4), at=time(9, 30), title="Primary heads", invite=[head])
    meeting(on=date(2027, 3, 4), at=time(18, 30), title="Governors' briefing", invite=[head])
    meeting(on=date(2027, 3, 25), title="Executive", invite=[head], status="cancelled")
    meeting(on=date(2027, 4, 1), title="Next month", invite=[head])
    client.force_login(head)

    response = client.get(PAGE, {"month": "2027-03"})

    grid = month_grid(response, "March 2027")
    assert sorted(grid) == list(range(1, 32))
    assert grid[4] == ["9:30am Primary heads", "6:30pm Governors' briefing"]
    assert grid[25] == ["4pm Executive (cancelled)"]
    assert [day for day, links in grid.items() if links] == [4, 25]


def test_month_view_links_go_to_the_meeting_below(client, head):
    march = meeting(on=date(2027, 3, 4), title="Primary heads", invite=[head])
    client.force_login(head)

    page = client.get(PAGE, {"month": "2027-03"}).content.decode()

    assert f'href="#meeting-{march.uid}"' in page
    assert f'id="meeting-{march.uid}"' in page


def test_the_month_view_is_an_accessible_table(client, head):
    client.force_login(head)

    page = client.get(PAGE, {"month": "2027-03"}).content.decode()

    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">March 2027</caption>' in page
    )
    assert (
        '<th scope="col" class="govuk-table__header"><abbr title="Monday">Mon</abbr></th>' in page
    )
    assert page.index('title="Monday"') < page.index('title="Sunday"')


def test_month_navigation_moves_a_month_either_way(client, head):
    client.force_login(head)

    page = client.get(PAGE, {"month": "2027-01"}).content.decode()

    assert 'href="?month=2026-12#month-view" rel="prev"' in page
    assert 'href="?month=2027-02#month-view" rel="next"' in page


@pytest.mark.parametrize("asked", ["2027-13", "27-01", "junk", "1066-10", ""])
def test_a_month_that_makes_no_sense_shows_this_month(client, head, today, asked):
    client.force_login(head)

    response = client.get(PAGE, {"month": asked})

    assert response.status_code == 200
    assert response.context["month"] == today.replace(day=1)


def test_an_officer_sees_the_meetings_of_the_bodies_they_run(client, db):
    officer = factories.officer()
    meeting(on=date(2027, 3, 4), title="Run by them", body_name="Executive")
    Body.objects.get(name="Executive").run_by.add(officer)
    meeting(on=date(2027, 3, 5), title="Not theirs", body_name="Another body")
    client.force_login(officer)

    response = client.get(PAGE, {"month": "2027-03"})

    assert month_grid(response, "March 2027")[4] == ["4pm Run by them"]
    assert month_grid(response, "March 2027")[5] == []
    assert "every meeting of the bodies you run" in response.content.decode()


def test_the_page_costs_the_same_queries_for_5_and_50_meetings(client, head, today):
    client.force_login(head)
    first = today.replace(day=1)

    def queries_for(n: int) -> list[str]:
        Meeting.objects.all().delete()
        for i in range(n):
            meeting(on=first + timedelta(days=i % 28, weeks=i // 28 * 5), invite=[head])
        client.get(PAGE)  # the feed is created on the first visit
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PAGE)
        assert len(response.context["month_meetings"]) > 0
        return [q["sql"] for q in captured.captured_queries]

    five, fifty = queries_for(5), queries_for(50)

    assert len(five) == len(fifty)
    # Upcoming meetings and their invitations, the month's and theirs, the feed.
    assert len([sql for sql in fifty if '"meetings_' in sql.split(" WHERE ")[0]]) == 5


def test_the_subscription_section_shows_the_feed_address_and_webcal_link(client, head, settings):
    settings.PORTAL_BASE_URL = "https://schools.council.example"
    client.force_login(head)

    page = client.get(PAGE).content.decode()

    url = feeds.feed_url(feed=feeds.feed_for(person=head))
    assert '<label class="govuk-label govuk-label--s" for="feed-url">' in page
    assert url.startswith("https://schools.council.example/calendar/feed/")
    assert f'value="{url}" readonly' in page
    assert f'href="{feeds.webcal_url(url)}"' in page
    for app in ("Outlook", "Google Calendar", "Apple Calendar"):
        assert f'<span class="govuk-details__summary-text">{app}</span>' in page


def test_a_meeting_downloads_as_a_calendar_file(client, head, today):
    invited = meeting(on=today + timedelta(days=3), title="Special heads", invite=[head])
    client.force_login(head)

    response = client.get(reverse("calendar:meeting_ics", kwargs={"uid": invited.uid}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    day = invited.starts_at.astimezone(LONDON).date()
    assert response["Content-Disposition"] == f'attachment; filename="special-heads-{day}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Special heads"


def test_a_meeting_the_person_may_not_see_is_not_found(client, head, today):
    elsewhere = meeting(on=today + timedelta(days=3), invite=[factories.person()])
    withdrawn = meeting(on=today + timedelta(days=4), invite=[head])
    Invitation.objects.filter(meeting=withdrawn).update(withdrawn_at=timezone.now())
    client.force_login(head)

    for hidden in (elsewhere, withdrawn):
        url = reverse("calendar:meeting_ics", kwargs={"uid": hidden.uid})
        assert client.get(url).status_code == 404


def test_an_officer_may_download_any_meeting(client, db, today):
    officer = factories.officer()
    anyone = meeting(on=today + timedelta(days=3), invite=[factories.person()])
    client.force_login(officer)

    response = client.get(reverse("calendar:meeting_ics", kwargs={"uid": anyone.uid}))

    assert response.status_code == 200


def test_downloading_needs_signing_in(client, head, today):
    invited = meeting(on=today + timedelta(days=3), invite=[head])

    response = client.get(reverse("calendar:meeting_ics", kwargs={"uid": invited.uid}))

    assert response.status_code == 302


# --- Replying --------------------------------------------------------------------


def _reply_setup():
    person = factories.person()
    body = Body.objects.create(name="Reply conference", kind=Body.Kind.WORKING_GROUP)
    series = MeetingSeries.objects.create(body=body, title="Reply conference")
    term = ensure_academic_year(academic_year_starting(timezone.localdate())).terms.first()
    start = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    meeting = Meeting.objects.create(
        series=series, body=body, term=term, occurrence="reply 1", title="Reply conference",
        starts_at=start, ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    invitation = Invitation.objects.create(meeting=meeting, person=person)
    return person, meeting, invitation


def test_an_invitee_replies_from_their_meetings_page(client, db):
    person, meeting, invitation = _reply_setup()
    client.force_login(person)

    response = client.post(f"/calendar/meetings/{meeting.uid}/reply", {"rsvp": "declined"})

    assert response.status_code == 302
    assert response["Location"] == f"/calendar/#meeting-{meeting.uid}"
    invitation.refresh_from_db()
    assert invitation.rsvp == "declined"


def test_a_reply_that_is_not_a_choice_changes_nothing(client, db):
    person, meeting, invitation = _reply_setup()
    client.force_login(person)

    response = client.post(
        f"/calendar/meetings/{meeting.uid}/reply", {"rsvp": "maybe-later"}, follow=True
    )

    assert "Choose attending, maybe or not attending." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == "pending"


def test_nobody_replies_for_someone_else(client, db):
    _, meeting, invitation = _reply_setup()
    client.force_login(factories.person())

    response = client.post(f"/calendar/meetings/{meeting.uid}/reply", {"rsvp": "accepted"})

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.rsvp == "pending"
