"""Officers' meeting pages: the diary, a meeting, reschedule, cancel and series."""

import html
import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.calendar import academic_year_starting
from meetings.models import AcademicYear, Invitation, Meeting, MeetingSeries, OutboxEmail, Term
from meetings.scheduling import plan, schedule_meetings
from tests import factories
from tests.partnerships import LONDON, at, body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db

DIARY = "/meetings/"


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


@pytest.fixture
def conference():
    return series(body=body(name="Primary headteachers' conference"))


def notices():
    """Outbox rows other than the invitations the test meetings were already sent."""
    return OutboxEmail.objects.exclude(kind=OutboxEmail.Kind.INVITATION)


def titles_listed(response) -> list[str]:
    """Meeting titles in the diary's table, in the order shown."""
    links = re.findall(r'<a class="govuk-link" href="/meetings/\d+/">([^<]*)</a>', response.text)
    return [html.unescape(title) for title in links]


def error_summary(response) -> list[str]:
    block = re.search(
        r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', response.text, re.S
    )
    assert block, "no error summary on the page"
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    ]


def officer_pages(meeting_pk: int, series_pk: int, body_pk: int) -> list[str]:
    return [
        DIARY,
        f"/meetings/{meeting_pk}/",
        f"/meetings/{meeting_pk}/reschedule/",
        f"/meetings/{meeting_pk}/cancel/",
        f"/meetings/bodies/{body_pk}/series/add/",
        f"/meetings/series/{series_pk}/edit/",
        f"/meetings/series/{series_pk}/pause/",
        f"/meetings/series/{series_pk}/resume/",
    ]


# --- Access -------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(DIARY)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/meetings/"


def test_headteacher_is_refused_every_officer_page_even_of_a_meeting_they_are_invited_to(
    client, conference
):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    invited = meeting(series=conference, invite=[head])
    client.force_login(head)

    for url in officer_pages(invited.pk, conference.pk, conference.body.pk):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert Meeting.objects.get(pk=invited.pk).status == Meeting.Status.SCHEDULED


# --- The diary ----------------------------------------------------------------------


def test_officer_sees_this_years_meetings_in_date_order(officer_client, conference):
    spring = term(Term.Name.SPRING)
    meeting(series=conference, title="Later", day=school_day(spring, week=5))
    meeting(series=conference, title="Sooner", day=school_day(spring, week=2))
    meeting(series=conference, title="Next year", in_term=term(years_ahead=1))

    response = officer_client.get(DIARY)

    assert response.status_code == 200
    assert titles_listed(response) == ["Sooner", "Later"]
    assert "2 meetings match your filters." in response.text


def test_any_year_shows_every_years_meetings(officer_client, conference):
    meeting(series=conference, title="This year")
    meeting(series=conference, title="Next year", in_term=term(years_ahead=1))

    response = officer_client.get(DIARY, {"year": ""})

    assert titles_listed(response) == ["This year", "Next year"]


def test_diary_filters_by_body(officer_client, conference):
    partnership = series(body=body(name="Behaviour and Attendance Partnership"))
    meeting(series=conference, title="Conference")
    meeting(series=partnership, title="Partnership")

    response = officer_client.get(DIARY, {"body": partnership.body.pk})

    assert titles_listed(response) == ["Partnership"]


def test_diary_filters_by_academic_year_and_term(officer_client, conference):
    meeting(series=conference, title="This spring", in_term=term(Term.Name.SPRING))
    meeting(series=conference, title="This summer", in_term=term(Term.Name.SUMMER))
    next_spring = term(Term.Name.SPRING, years_ahead=1)
    meeting(series=conference, title="Next spring", in_term=next_spring)

    response = officer_client.get(DIARY, {"year": next_spring.year.name, "term": "spring"})

    assert titles_listed(response) == ["Next spring"]


def test_diary_filters_by_status(officer_client, conference):
    spring = term()
    meeting(series=conference, title="Going ahead", day=school_day(spring, week=2))
    meeting(series=conference, title="Called off", status=Meeting.Status.CANCELLED)

    response = officer_client.get(DIARY, {"status": "cancelled"})

    assert titles_listed(response) == ["Called off"]
    assert '<strong class="govuk-tag govuk-tag--red">Cancelled</strong>' in response.text


def test_diary_counts_replies_of_current_invitees(officer_client, conference):
    people = [factories.person() for _ in range(4)]
    shown = meeting(series=conference, invite=people)
    Invitation.objects.filter(meeting=shown, person=people[0]).update(rsvp="accepted")
    Invitation.objects.filter(meeting=shown, person=people[1]).update(rsvp="declined")
    Invitation.objects.filter(meeting=shown, person=people[2]).update(
        rsvp="accepted", withdrawn_at=at(school_day(term()), time(9))
    )

    row = officer_client.get(DIARY).context["page"].object_list[0]

    assert (row.invited, row.attending, row.not_attending) == (3, 1, 1)


def test_diary_shows_fifty_a_page(officer_client, conference):
    spring = term()
    for n in range(55):
        meeting(series=conference, title=f"Meeting {n:02}", day=school_day(spring, week=2))

    second = officer_client.get(DIARY, {"page": 2})

    assert len(titles_listed(officer_client.get(DIARY))) == 50
    assert len(titles_listed(second)) == 5
    assert "Page 2 of 2" in second.text


def test_diary_query_count_does_not_grow_with_meetings(
    officer_client, conference, django_assert_num_queries
):
    for _ in range(3):
        meeting(series=conference, invite=[factories.person()])
    officer_client.get(DIARY)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        response = officer_client.get(DIARY, {"status": "scheduled", "term": "spring"})
    assert len(titles_listed(response)) == 3

    other = series(body=body())
    for _ in range(30):
        meeting(series=other, invite=[factories.person(), factories.person()])
    with django_assert_num_queries(len(few)):
        response = officer_client.get(DIARY, {"status": "scheduled", "term": "spring"})
    assert len(titles_listed(response)) == 33


# --- A meeting ----------------------------------------------------------------------


def test_meeting_page_shows_details_move_record_and_reply_counts(officer_client, conference):
    spring = term()
    day = school_day(spring, week=3)
    people = [
        factories.person(first_name=first, last_name="Tester") for first in ["Ann", "Ben", "Cy"]
    ]
    shown = meeting(
        series=conference, day=day, invite=people, venue="Professional Centre, Room 1",
        moved_from=day - timedelta(days=1), moved_reason="the day before is a bank holiday",
    )  # fmt: skip
    Invitation.objects.filter(person=people[0]).update(rsvp="accepted", attendance="present")
    Invitation.objects.filter(person=people[1]).update(rsvp="declined")

    response = officer_client.get(f"/meetings/{shown.pk}/")

    assert response.status_code == 200
    text = response.text
    assert "16:00 to 17:30 (London time)" in text
    assert "Professional Centre, Room 1" in text
    assert f"From {day - timedelta(days=1):%A %-d %B %Y}: the day before is a bank holiday" in text
    assert [(t.label, t.count) for t in response.context["replies"]] == [
        ("Not replied", 1), ("Attending", 1), ("Maybe", 0), ("Not attending", 1),
    ]  # fmt: skip
    assert [(t.label, t.count) for t in response.context["attendance"]] == [
        ("Present", 1), ("Apologies", 0), ("Absent", 0), ("Sent a substitute", 0),
        ("Not recorded", 2),
    ]  # fmt: skip
    assert "Ann Tester" in text and "Cy Tester" in text


def test_meeting_page_lists_withdrawn_invitees_apart_and_leaves_them_out_of_the_counts(
    officer_client, conference
):
    stays, leaves = factories.person(first_name="Stays"), factories.person(first_name="Leaves")
    shown = meeting(series=conference, invite=[stays, leaves])
    Invitation.objects.filter(person=leaves).update(withdrawn_at=at(school_day(term()), time(9)))

    response = officer_client.get(f"/meetings/{shown.pk}/")

    assert [i.person for i in response.context["invitations"]] == [stays]
    assert [i.person for i in response.context["withdrawn"]] == [leaves]
    assert response.context["replies"][0].count == 1
    assert "No longer invited" in response.text


def test_meeting_page_query_count_does_not_grow_with_invitations(
    officer_client, conference, django_assert_num_queries
):
    shown = meeting(series=conference, invite=[factories.person()])
    officer_client.get(f"/meetings/{shown.pk}/")  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        officer_client.get(f"/meetings/{shown.pk}/")

    Invitation.objects.bulk_create(
        [Invitation(meeting=shown, person=factories.person()) for _ in range(20)]
    )
    with django_assert_num_queries(len(few)):
        response = officer_client.get(f"/meetings/{shown.pk}/")
    assert len(response.context["invitations"]) == 21


def test_unknown_meeting_is_404(officer_client):
    assert officer_client.get("/meetings/999999/").status_code == 404


# --- Reschedule ---------------------------------------------------------------------


def test_reschedule_form_starts_with_the_meetings_london_time_and_place(officer_client, conference):
    summer = term(Term.Name.SUMMER)  # British Summer Time
    shown = meeting(series=conference, in_term=summer, start=time(9, 30), end=time(12, 0))

    form = officer_client.get(f"/meetings/{shown.pk}/reschedule/").context["form"]

    assert form["date"].value() == school_day(summer)
    assert (form["starts_at"].value(), form["ends_at"].value()) == ("09:30", "12:00")
    assert form["venue"].value() == "Town Hall, Committee Room 3"


def test_reschedule_moves_the_meeting_raises_its_sequence_and_queues_updates(
    officer_client, conference
):
    invitees = [factories.person(), factories.person()]
    moved = meeting(series=conference, in_term=term(Term.Name.SPRING), invite=invitees)
    new_day = school_day(term(Term.Name.SUMMER), week=2)  # from GMT into BST

    response = officer_client.post(
        f"/meetings/{moved.pk}/reschedule/",
        {
            "date": new_day.isoformat(), "starts_at": "15:00", "ends_at": "16:30",
            "venue": "Town Hall, Council Chamber", "online_link": "",
        },
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{moved.pk}/"
    moved.refresh_from_db()
    assert moved.starts_at == at(new_day, time(15, 0))
    assert moved.starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)
    assert moved.ends_at == at(new_day, time(16, 30))
    assert moved.venue == "Town Hall, Council Chamber"
    assert moved.sequence == 1
    queued = OutboxEmail.objects.filter(meeting=moved, kind=OutboxEmail.Kind.UPDATE)
    assert sorted(queued.values_list("person_id", "kind", "version")) == sorted(
        (p.pk, OutboxEmail.Kind.UPDATE, 1) for p in invitees
    )


def test_reschedule_to_the_same_time_and_place_sends_nothing(officer_client, conference):
    same = meeting(series=conference, invite=[factories.person()])
    day = same.starts_at.astimezone(LONDON).date()

    response = officer_client.post(
        f"/meetings/{same.pk}/reschedule/",
        {"date": day.isoformat(), "starts_at": "16:00", "ends_at": "17:30", "venue": same.venue},
        follow=True,
    )

    assert "Nothing changed" in response.text
    assert Meeting.objects.get(pk=same.pk).sequence == 0
    assert not notices().exists()


def test_reschedule_ending_before_it_starts_shows_the_error_and_changes_nothing(
    officer_client, conference
):
    kept = meeting(series=conference, invite=[factories.person()])
    before = Meeting.objects.values().get(pk=kept.pk)

    response = officer_client.post(
        f"/meetings/{kept.pk}/reschedule/",
        {"date": school_day(term(), week=6).isoformat(), "starts_at": "17:00", "ends_at": "16:00"},
    )

    assert response.status_code == 200
    assert error_summary(response) == ["The meeting must end after it starts."]
    assert '<a href="#id_ends_at">' in response.text
    assert 'class="govuk-form-group govuk-form-group--error"' in response.text
    assert response.text.count('<p id="id_ends_at-error" class="govuk-error-message">') == 1
    assert Meeting.objects.values().get(pk=kept.pk) == before
    assert not notices().exists()


def test_reschedule_with_missing_and_malformed_fields_names_each(officer_client, conference):
    kept = meeting(series=conference)

    response = officer_client.post(
        f"/meetings/{kept.pk}/reschedule/",
        {"date": "", "starts_at": "teatime", "ends_at": "17:00", "online_link": "not a link"},
    )

    assert error_summary(response) == [
        "Enter the date of the meeting.",
        "Enter the start time as hours and minutes, for example 16:00.",
        "Enter the link as a web address, like https://meet.example.org/abc.",
    ]  # fmt: skip
    assert Meeting.objects.get(pk=kept.pk).sequence == 0


def test_rescheduling_a_cancelled_meeting_shows_the_services_refusal(officer_client, conference):
    cancelled = meeting(series=conference, status=Meeting.Status.CANCELLED)

    response = officer_client.post(
        f"/meetings/{cancelled.pk}/reschedule/",
        {"date": school_day(term(), week=6).isoformat(), "starts_at": "10:00", "ends_at": "11:00"},
    )

    assert response.status_code == 200
    assert error_summary(response) == ["A cancelled meeting cannot be rescheduled."]


# --- Cancel -------------------------------------------------------------------------


def test_cancel_asks_first_and_changes_nothing_until_confirmed(officer_client, conference):
    kept = meeting(series=conference, invite=[factories.person()])

    response = officer_client.get(f"/meetings/{kept.pk}/cancel/")

    assert response.status_code == 200
    assert "Are you sure you want to cancel" in response.text
    assert Meeting.objects.get(pk=kept.pk).status == Meeting.Status.SCHEDULED
    assert not notices().exists()


def test_cancel_sets_the_status_and_queues_cancellations(officer_client, conference):
    invitees = [factories.person(), factories.person()]
    called_off = meeting(series=conference, invite=invitees)

    response = officer_client.post(f"/meetings/{called_off.pk}/cancel/", follow=True)

    assert response.redirect_chain == [(f"/meetings/{called_off.pk}/", 302)]
    assert "Invitees will be sent the cancellation" in response.text
    called_off.refresh_from_db()
    assert (called_off.status, called_off.sequence) == (Meeting.Status.CANCELLED, 1)
    assert sorted(notices().values_list("person_id", "kind", "version")) == sorted(
        (p.pk, OutboxEmail.Kind.CANCELLATION, 1) for p in invitees
    )


def test_cancelling_twice_sends_one_cancellation(officer_client, conference):
    called_off = meeting(series=conference, invite=[factories.person()])

    officer_client.post(f"/meetings/{called_off.pk}/cancel/")
    officer_client.post(f"/meetings/{called_off.pk}/cancel/")

    assert OutboxEmail.objects.filter(kind=OutboxEmail.Kind.CANCELLATION).count() == 1
    assert Meeting.objects.get(pk=called_off.pk).sequence == 1


# --- Series -------------------------------------------------------------------------

SERIES_FORM = {
    "title": "Nursery headteachers' conference",
    "cadence": "termly",
    "times_a_year": "3",
    "annual_term": "",
    "placement": "week_of_term",
    "week": "4",
    "weekday": "1",
    "starts_at": "09:30",
    "ends_at": "12:00",
    "venue": "Professional Centre, Room 1",
    "online_link": "",
    "audience": "members",
}


def still_to_come(series: MeetingSeries) -> int:
    """How many of the series' termly meetings of this year and next are not yet past."""
    today = timezone.localdate()
    first = academic_year_starting(today)
    terms = list(
        Term.objects.filter(
            year__name__in=[AcademicYear.name_for(first), AcademicYear.name_for(first + 1)]
        ).select_related("year")
    )
    return sum(1 for p in plan(series, terms)[0] if p.day >= today)


def test_creating_a_series_schedules_its_meetings_at_once(officer_client):
    nursery = body(name="Nursery headteachers' conference")

    response = officer_client.post(
        f"/meetings/bodies/{nursery.pk}/series/add/", SERIES_FORM, follow=True
    )

    assert response.redirect_chain == [(f"/meetings/bodies/{nursery.pk}/", 302)]
    created = MeetingSeries.objects.get(body=nursery)
    assert (created.starts_at, created.ends_at) == (time(9, 30), time(12, 0))
    # Termly, this academic year and the next, from today on.
    expected = still_to_come(created)
    assert 4 <= expected <= 6
    assert created.meetings.count() == expected
    assert f"{expected} meetings added to the diary" in response.text
    for scheduled in created.meetings.all():
        local = scheduled.starts_at.astimezone(LONDON)
        assert local.time() == time(9, 30)
        assert local.weekday() < 5


def test_series_form_explains_each_problem_and_saves_nothing(officer_client):
    nursery = body()

    response = officer_client.post(
        f"/meetings/bodies/{nursery.pk}/series/add/",
        {
            **SERIES_FORM, "title": "", "cadence": "annual", "annual_term": "",
            "starts_at": "12:00", "ends_at": "09:30", "venue": "", "week": "40",
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter the title of the meetings.",
        "Choose the term of the annual meeting.",
        "Choose a week from 1 to 15.",
        "The end time must be after the start time.",
        "Give a venue, an online meeting link, or both.",
    ]
    assert "Constraint" not in response.text
    assert not MeetingSeries.objects.exists()


def test_series_form_shows_times_as_hours_and_minutes(officer_client, conference):
    response = officer_client.get(f"/meetings/series/{conference.pk}/edit/")

    assert 'type="time" value="16:00"' in response.text
    assert 'type="time" value="17:30"' in response.text


def test_changing_a_series_keeps_the_meetings_already_in_the_diary(officer_client, conference):
    kept = meeting(series=conference)

    response = officer_client.post(
        f"/meetings/series/{conference.pk}/edit/",
        {**SERIES_FORM, "title": "Renamed conference", "starts_at": "14:00", "ends_at": "15:00"},
    )

    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.title, conference.starts_at) == ("Renamed conference", time(14, 0))
    assert Meeting.objects.get(pk=kept.pk).starts_at == kept.starts_at


def test_pausing_asks_first_then_stops_scheduling(officer_client, conference):
    assert officer_client.get(f"/meetings/series/{conference.pk}/pause/").status_code == 200
    assert not MeetingSeries.objects.get(pk=conference.pk).paused

    response = officer_client.post(f"/meetings/series/{conference.pk}/pause/")

    assert response["Location"] == f"/meetings/bodies/{conference.body.pk}/"
    assert MeetingSeries.objects.get(pk=conference.pk).paused
    schedule_meetings()
    assert not conference.meetings.exists()


def test_resuming_a_paused_series_fills_the_diary(officer_client, conference):
    MeetingSeries.objects.filter(pk=conference.pk).update(paused=True)

    response = officer_client.post(f"/meetings/series/{conference.pk}/resume/", follow=True)

    assert not MeetingSeries.objects.get(pk=conference.pk).paused
    expected = still_to_come(conference)
    assert conference.meetings.count() == expected
    assert f"{expected} meetings added to the diary" in response.text
