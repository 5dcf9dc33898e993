"""A person's subscription feed: what it holds, who it answers, and how it stops."""

import itertools
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.people import person_deactivate
from meetings import feeds
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import CalendarFeed, Invitation, Meeting, MeetingSeries
from partnerships.models import Body
from tests import factories

LONDON = ZoneInfo("Europe/London")
_serial = itertools.count(1)


def body(name: str = "Primary headteachers' conference") -> Body:
    return Body.objects.get_or_create(name=name, defaults={"kind": Body.Kind.PHASE_CONFERENCE})[0]


def meeting(*, days_ahead: int = 30, of: Body | None = None, invite=(), **fields) -> Meeting:
    """A 16:00–17:30 meeting `days_ahead` days from today (negative for the past)."""
    of = of or body()
    series, _ = MeetingSeries.objects.get_or_create(body=of, title=of.name)
    day = timezone.localdate() + timedelta(days=days_ahead)
    term = ensure_academic_year(academic_year_starting(day)).terms.first()
    created = Meeting.objects.create(
        series=series, body=of, term=term, occurrence=f"test {next(_serial)}",
        title=fields.pop("title", of.name),
        starts_at=datetime.combine(day, time(16, 0), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(17, 30), tzinfo=LONDON), **fields,
    )  # fmt: skip
    Invitation.objects.bulk_create([Invitation(meeting=created, person=p) for p in invite])
    return created


def head_of_a_school():
    person = factories.person()
    factories.headship(school=factories.school(), person=person)
    return person


def fetch(client, feed: CalendarFeed):
    return client.get(feeds.feed_path(feed=feed))


def titles_in(response) -> list[str]:
    assert response.status_code == 200
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.fixture
def head(db):
    return head_of_a_school()


@pytest.fixture
def feed(head):
    return feeds.feed_for(person=head)


def test_the_feed_url_serves_the_persons_calendar_without_signing_in(client, head, feed):
    meeting(title="Primary heads, autumn", invite=[head])

    response = fetch(client, feed)

    assert titles_in(response) == ["Primary heads, autumn"]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_the_feed_url_is_absolute_at_the_portal_address_and_stable(feed, settings):
    settings.PORTAL_BASE_URL = "https://schools.council.example"

    url = feeds.feed_url(feed=feed)

    assert url == feeds.feed_url(feed=feeds.feed_for(person=feed.person))
    assert url.startswith(f"https://schools.council.example/calendar/feed/{feed.pk}/")
    assert url.endswith(".ics")
    assert feeds.webcal_url(url).startswith("webcal://schools.council.example/calendar/feed/")


def test_the_token_is_not_stored_in_the_database(feed):
    token = feeds.feed_token(feed=feed)

    assert token not in {feed.salt, str(feed.pk)}
    assert len(token) == 43  # 256 bits, URL-safe base64 without padding


def test_the_feed_holds_only_the_persons_meetings(client, head, feed):
    other_head = head_of_a_school()
    meeting(title="Ours", invite=[head, other_head])
    meeting(title="Another school's", invite=[other_head])
    meeting(title="Nobody's")

    assert titles_in(fetch(client, feed)) == ["Ours"]


def test_a_withdrawn_invitation_takes_the_meeting_out_of_the_feed(client, head, feed):
    kept = meeting(title="Still invited", invite=[head])
    left = meeting(title="Left the audience", invite=[head], days_ahead=40)
    assert titles_in(fetch(client, feed)) == ["Still invited", "Left the audience"]

    Invitation.objects.filter(meeting=left, person=head).update(withdrawn_at=timezone.now())

    assert titles_in(fetch(client, feed)) == [kept.title]


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, head, feed):
    meeting(title="Called off", invite=[head], status=Meeting.Status.CANCELLED)

    (event,) = Calendar.from_ical(fetch(client, feed).content).walk("VEVENT")

    assert str(event["STATUS"]) == "CANCELLED"


def test_the_feed_reaches_back_twelve_months_and_no_further(client, head, feed):
    meeting(title="Last spring", invite=[head], days_ahead=-300)
    meeting(title="Two years ago", invite=[head], days_ahead=-700)
    meeting(title="Next year", invite=[head], days_ahead=500)

    assert titles_in(fetch(client, feed)) == ["Last spring", "Next year"]


def test_an_officer_has_every_meeting_of_the_bodies_they_run(client, head):
    officer = factories.officer()
    executive = body("Headteacher Standing Conference Executive")
    executive.run_by.add(officer)
    meeting(of=executive, title="Executive, not invited")
    meeting(of=body("Partnership"), title="Invited elsewhere", invite=[officer])
    meeting(of=body("Someone else's body"), title="Neither")

    titles = titles_in(fetch(client, feeds.feed_for(person=officer)))

    assert titles == ["Executive, not invited", "Invited elsewhere"]


def test_running_a_body_without_being_an_officer_adds_nothing(client, head, feed):
    former = body("Body the head once helped run")
    former.run_by.add(head)
    meeting(of=former, title="Not theirs")

    assert titles_in(fetch(client, feed)) == []


def test_a_stopped_feed_answers_404(client, feed):
    feeds.feed_revoke(feed=feed)

    assert fetch(client, feed).status_code == 404


def test_a_new_address_stops_the_old_one(client, feed):
    old_path = feeds.feed_path(feed=feed)

    feeds.feed_regenerate(feed=feed)

    assert client.get(old_path).status_code == 404
    assert fetch(client, feed).status_code == 200


def test_a_new_address_restarts_a_stopped_feed(client, feed):
    feeds.feed_revoke(feed=feed)

    feeds.feed_regenerate(feed=feed)

    assert fetch(client, feed).status_code == 200


def test_wrong_tokens_and_unknown_feeds_answer_404(client, feed):
    other = feeds.feed_for(person=head_of_a_school())
    token = feeds.feed_token(feed=feed)
    url = "calendar:feed"
    tampered = ("B" if token[0] == "A" else "A") + token[1:]

    assert client.get(reverse(url, args=[feed.pk, tampered])).status_code == 404
    assert client.get(reverse(url, args=[feed.pk, feeds.feed_token(feed=other)])).status_code == 404
    assert client.get(reverse(url, args=[feed.pk + other.pk + 1, token])).status_code == 404


def test_a_deactivated_persons_feed_stops_at_once(client, head, feed):
    meeting(invite=[head])
    assert fetch(client, feed).status_code == 200

    person_deactivate(person=head, by=None)

    assert fetch(client, feed).status_code == 404


def test_a_token_made_under_a_retired_secret_key_still_opens_the_feed(client, feed, settings):
    old_path = feeds.feed_path(feed=feed)

    new_key = "a-new-secret-key-" + "x" * 50
    with override_settings(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert client.get(old_path).status_code == 200
    with override_settings(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=[]):
        assert client.get(old_path).status_code == 404


@pytest.mark.parametrize("person", ["head", "officer"])
def test_the_feed_costs_the_same_queries_for_5_and_50_meetings(client, head, person):
    person = head if person == "head" else factories.officer()
    run = body("Body run by the officer")
    run.run_by.add(person)
    feed = feeds.feed_for(person=person)

    def queries_for(n: int) -> int:
        Meeting.objects.all().delete()
        for i in range(n):
            meeting(days_ahead=i + 1, invite=[person], of=run if i % 2 else None)
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=None)
        with CaptureQueriesContext(connection) as captured:
            assert len(titles_in(fetch(client, feed))) == n
        return len(captured)

    five, fifty = queries_for(5), queries_for(50)

    # The feed and its person, their groups, the meetings, the fetch time.
    assert five == fifty == 4


def test_a_fetch_is_recorded_at_most_once_a_minute(client, feed, django_assert_num_queries):
    fetch(client, feed)
    first = CalendarFeed.objects.get(pk=feed.pk).last_fetched_at
    assert first is not None

    with django_assert_num_queries(3):  # no write this time
        fetch(client, feed)
    assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at == first

    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=first - timedelta(minutes=2))
    fetch(client, feed)
    assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at > first


def test_signed_in_person_gets_a_new_address_from_the_page(client, head, feed):
    old_path = feeds.feed_path(feed=feed)
    client.force_login(head)

    response = client.post(reverse("calendar:feed_regenerate"), follow=True)

    assert response.redirect_chain[-1][0].endswith("/calendar/#subscribe")
    assert "Your calendar feed has a new address" in response.content.decode()
    assert client.get(old_path).status_code == 404
    assert fetch(client, CalendarFeed.objects.get(pk=feed.pk)).status_code == 200


def test_signed_in_person_stops_their_feed_from_the_page(client, head, feed):
    client.force_login(head)

    response = client.post(reverse("calendar:feed_revoke"), follow=True)

    page = response.content.decode()
    assert "Your calendar feed has stopped" in page
    assert "Start a new calendar feed" in page
    assert fetch(client, feed).status_code == 404


def test_changing_the_feed_needs_a_post_from_a_signed_in_person(client, head, feed):
    assert client.post(reverse("calendar:feed_revoke")).status_code == 302  # to sign in
    client.force_login(head)
    assert client.get(reverse("calendar:feed_revoke")).status_code == 405
    assert fetch(client, feed).status_code == 200


def test_calendar_feed_url_prints_a_working_url(client, head, capsys, settings):
    settings.PORTAL_BASE_URL = "https://schools.council.example"
    meeting(title="Printed", invite=[head])

    call_command("calendar_feed_url", head.email.upper())

    url = capsys.readouterr().out.strip()
    assert url.startswith("https://schools.council.example/calendar/feed/")
    assert titles_in(client.get(urlsplit(url).path)) == ["Printed"]


def test_calendar_feed_url_creates_the_feed_once(head, capsys):
    call_command("calendar_feed_url", head.email)
    call_command("calendar_feed_url", head.email)

    first, second = capsys.readouterr().out.split()
    assert first == second
    assert CalendarFeed.objects.filter(person=head).count() == 1


def test_calendar_feed_url_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match="nobody has the email"):
        call_command("calendar_feed_url", "nobody@example.test")


def test_calendar_feed_url_leaves_a_stopped_feed_stopped_unless_told(client, head, feed, capsys):
    feeds.feed_revoke(feed=feed)

    with pytest.raises(CommandError, match="stopped their feed"):
        call_command("calendar_feed_url", head.email)
    call_command("calendar_feed_url", head.email, "--new")

    url = capsys.readouterr().out.strip()
    assert client.get(urlsplit(url).path).status_code == 200


def test_calendar_feed_url_refuses_a_deactivated_person(head):
    person_deactivate(person=head, by=None)

    with pytest.raises(CommandError, match="deactivated"):
        call_command("calendar_feed_url", head.email)


def test_feeds_of_two_people_never_share_a_token(db):
    a, b = (feeds.feed_for(person=factories.person()) for _ in range(2))

    assert feeds.feed_token(feed=a) != feeds.feed_token(feed=b)
