"""Scheduling the standing bodies' meetings on the school calendar."""

import csv
import threading
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from meetings.calendar import bank_holidays, england_pattern, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries, Term
from meetings.scheduling import schedule_meetings
from partnerships.demo import seed_demo_partnerships
from partnerships.models import Body
from schools.demo.seed import seed_demo_borough
from schools.models import GovernorAppointment
from tests import factories

CALENDAR = Path(__file__).resolve().parents[1] / "data" / "calendar"
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 9, 1)  # the first day of 2026/27


def real_bank_holidays() -> dict[date, str]:
    with (CALENDAR / "england_bank_holidays_2025_2028.csv").open(newline="") as f:
        return {date.fromisoformat(row["date"]): row["name"] for row in csv.DictReader(f)}


@pytest.fixture
def demo_borough(db):
    officer = factories.officer(email="officer@demo.test")
    seed_demo_borough(
        head=factories.person(email="head@demo.test"),
        governor=factories.person(email="governor@demo.test"),
    )
    seed_demo_partnerships(officer=officer, agency_contact=factories.person())
    return officer


def meetings_of_2026_27():
    return Meeting.objects.filter(term__year__name="2026/27").select_related("body", "term")


def test_2026_27_has_the_meetings_the_council_papers_describe(demo_borough):
    schedule_meetings(today=TODAY)

    by_kind = Counter(m.body.kind for m in meetings_of_2026_27())
    assert by_kind[Body.Kind.STANDING_CONFERENCE] == 3
    assert by_kind[Body.Kind.GOVERNORS_BRIEFING] == 3
    assert by_kind[Body.Kind.CABINET_MEMBER_MEETING] == 1
    per_conference_and_term = Counter(
        (m.body.phase, m.term.name)
        for m in meetings_of_2026_27().filter(body__kind=Body.Kind.PHASE_CONFERENCE)
    )
    assert len(per_conference_and_term) == 6 * 3
    assert set(per_conference_and_term.values()) == {1}
    cabinet = meetings_of_2026_27().get(body__kind=Body.Kind.CABINET_MEMBER_MEETING)
    assert cabinet.term.name == Term.Name.SUMMER


def test_no_meeting_lands_on_a_non_school_day(demo_borough):
    schedule_meetings(today=TODAY)
    holidays_ = real_bank_holidays()

    for meeting in Meeting.objects.select_related("term"):
        day = meeting.starts_at.astimezone(LONDON).date()
        term = meeting.term
        assert day.weekday() < 5, meeting
        assert day not in holidays_, meeting
        assert term.starts_on <= day <= term.ends_on, meeting
        assert not term.half_term_starts_on <= day <= term.half_term_ends_on, meeting


def test_second_run_creates_nothing(demo_borough):
    first = schedule_meetings(today=TODAY)
    meetings = Meeting.objects.count()
    invitations = Invitation.objects.count()

    second = schedule_meetings(today=TODAY)

    assert first.meetings_created == meetings > 0
    assert (second.meetings_created, second.invitations_added) == (0, 0)
    assert (Meeting.objects.count(), Invitation.objects.count()) == (meetings, invitations)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_create_each_meeting_once():
    officer = factories.officer()
    seed_demo_borough(head=factories.person(), governor=factories.person())
    seed_demo_partnerships(officer=officer, agency_contact=factories.person())
    errors = []

    def run():
        try:
            schedule_meetings(today=TODAY)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    occurrences = Counter(Meeting.objects.values_list("series_id", "occurrence"))
    assert occurrences and set(occurrences.values()) == {1}
    annual = MeetingSeries.objects.filter(cadence=MeetingSeries.Cadence.ANNUAL).count()
    three_a_year = MeetingSeries.objects.count() - annual
    assert len(occurrences) == 2 * (3 * three_a_year + annual)  # this year and next


def test_a_meeting_on_a_bank_holiday_moves_to_the_next_school_day(db):
    series = _series(week=4, weekday=MeetingSeries.Weekday.MONDAY)  # summer 2027: 3 May

    schedule_meetings(today=TODAY)

    summer = series.meetings.get(occurrence="2026/27 summer 1")
    assert summer.starts_at.astimezone(LONDON).date() == date(2027, 5, 4)
    assert summer.moved_from == date(2027, 5, 3)
    name = real_bank_holidays()[date(2027, 5, 3)]
    assert summer.moved_reason == f"3 May 2027 is a bank holiday ({name})"


def test_a_meeting_in_half_term_moves_after_it(db):
    series = _series(week=9, weekday=MeetingSeries.Weekday.TUESDAY)  # autumn 2026: 27 Oct

    schedule_meetings(today=TODAY)

    autumn = series.meetings.get(occurrence="2026/27 autumn 1")
    assert autumn.starts_at.astimezone(LONDON).date() == date(2026, 11, 2)
    assert autumn.moved_reason == "27 October 2026 is half-term"


def test_local_times_hold_across_the_clock_change(db):
    series = _series(week=7, weekday=MeetingSeries.Weekday.THURSDAY, start=time(16, 0))
    schedule_meetings(today=TODAY)
    before = series.meetings.get(occurrence="2026/27 autumn 1")  # 15 Oct 2026, BST
    series.week = 10
    series.save()
    series.meetings.all().delete()
    schedule_meetings(today=TODAY)
    after = series.meetings.get(occurrence="2026/27 autumn 1")  # 5 Nov 2026, GMT

    assert before.starts_at.astimezone(LONDON).time() == time(16, 0)
    assert before.starts_at.utcoffset() is not None
    assert before.starts_at.astimezone(ZoneInfo("UTC")).hour == 15
    assert after.starts_at.astimezone(LONDON).time() == time(16, 0)
    assert after.starts_at.astimezone(ZoneInfo("UTC")).hour == 16


def test_2026_27_terms_match_the_published_provisional_dates():
    terms = {t.name: t for t in england_pattern(2026)}

    # Oxfordshire County Council's provisional 2026/27 dates (tests/data/calendar).
    assert (terms["autumn"].starts_on, terms["autumn"].ends_on) == (
        date(2026, 9, 2), date(2026, 12, 18),
    )  # fmt: skip
    assert terms["autumn"].half_term_starts_on == date(2026, 10, 26)
    assert (terms["spring"].starts_on, terms["spring"].ends_on) == (
        date(2027, 1, 4), date(2027, 3, 25),
    )  # fmt: skip
    assert terms["spring"].half_term_starts_on == date(2027, 2, 15)
    assert (terms["summer"].starts_on, terms["summer"].ends_on) == (
        date(2027, 4, 12), date(2027, 7, 21),
    )  # fmt: skip
    assert terms["summer"].half_term_starts_on == date(2027, 5, 31)


def test_bank_holidays_come_from_the_holidays_package_as_published():
    ours = {}
    for year in range(2025, 2029):
        ours.update(bank_holidays(year))

    assert set(ours) == set(real_bank_holidays())


def test_officers_edits_to_terms_are_kept(db):
    year = ensure_academic_year(2026)
    autumn = year.terms.get(name="autumn")
    autumn.half_term_starts_on = date(2026, 10, 19)
    autumn.half_term_ends_on = date(2026, 10, 23)
    autumn.save()

    ensure_academic_year(2026)

    assert Term.objects.get(pk=autumn.pk).half_term_starts_on == date(2026, 10, 19)


def test_invitations_follow_people_into_future_meetings_and_past_ones_keep_history(demo_borough):
    briefing = MeetingSeries.objects.get(audience=MeetingSeries.Audience.CHAIRS_AND_VICE_CHAIRS)
    schedule_meetings(today=TODAY)
    chair = GovernorAppointment.objects.filter(role="chair").select_related("person").first()
    assert Invitation.objects.filter(meeting__series=briefing, person=chair.person).count() == 6

    # The chair's term ends after the first briefing; the nightly run follows.
    first, *later = briefing.meetings.order_by("starts_at")
    chair.ends_on = first.starts_at.date() + timedelta(days=1)
    chair.save()
    schedule_meetings(today=chair.ends_on + timedelta(days=1))

    invitations = Invitation.objects.filter(meeting__series=briefing, person=chair.person)
    assert invitations.get(meeting=first).withdrawn_at is None
    assert all(i.withdrawn_at is not None for i in invitations.exclude(meeting=first))


def _series(*, week, weekday, start=time(16, 0)) -> MeetingSeries:
    body = Body.objects.create(name="Test conference", kind=Body.Kind.WORKING_GROUP)
    return MeetingSeries.objects.create(
        body=body, title="Test conference", cadence=MeetingSeries.Cadence.TERMLY,
        week=week, weekday=weekday, starts_at=start, ends_at=time(17, 30),
    )  # fmt: skip
