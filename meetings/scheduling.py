"""Scheduling: series + term dates + bank holidays -> the meetings of a year, and
each series' audience -> invitations to its future meetings.

Idempotent by construction: a meeting is unique per (series, occurrence) and an
invitation per (meeting, person), and both are inserted with ON CONFLICT DO
NOTHING, so a second run, or two at once, create nothing new.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from webhooks.events import emit

from .audiences import AudienceCache
from .calendar import (
    academic_year_starting,
    ensure_academic_year,
    next_school_day,
    why_not_a_school_day,
)
from .models import Invitation, Meeting, MeetingSeries, OutboxEmail, Term
from .notifications import queue_due_invitations
from .outbox import queue_emails

LONDON = ZoneInfo("Europe/London")

# For "N times a year": the terms, and how many meetings in each.
TIMES_A_YEAR_TERMS = {
    1: {Term.Name.AUTUMN: 1},
    2: {Term.Name.AUTUMN: 1, Term.Name.SUMMER: 1},
    3: {Term.Name.AUTUMN: 1, Term.Name.SPRING: 1, Term.Name.SUMMER: 1},
    6: {Term.Name.AUTUMN: 2, Term.Name.SPRING: 2, Term.Name.SUMMER: 2},
}


@dataclass
class PlannedMeeting:
    occurrence: str
    term: Term
    day: date
    moved_from: date | None = None
    moved_reason: str = ""


@dataclass
class ScheduleSummary:
    meetings_created: int = 0
    invitations_added: int = 0
    invitations_withdrawn: int = 0
    unplaceable: list[str] = field(default_factory=list)


def _meetings_per_term(series: MeetingSeries) -> dict[str, int]:
    if series.cadence == MeetingSeries.Cadence.TERMLY:
        return {name: 1 for name in Term.Name.values}
    if series.cadence == MeetingSeries.Cadence.ANNUAL:
        return {series.annual_term: 1}
    return TIMES_A_YEAR_TERMS.get(series.times_a_year, TIMES_A_YEAR_TERMS[3])


def _rule_day(series: MeetingSeries, term: Term, after_half_term: bool) -> date:
    """The day the placement rule names, before any move off a non-school day."""
    if after_half_term or series.placement == MeetingSeries.Placement.AFTER_HALF_TERM:
        first = term.half_term_ends_on + timedelta(days=1)
    else:
        first = term.starts_on
    week_one = first - timedelta(days=first.weekday())
    day = week_one + timedelta(weeks=series.week - 1, days=series.weekday)
    return day if day >= first else day + timedelta(weeks=1)


def plan(series: MeetingSeries, terms: list[Term]) -> tuple[list[PlannedMeeting], list[str]]:
    """The meetings a series should have in these terms, each on a school day."""
    planned, unplaceable = [], []
    per_term = _meetings_per_term(series)
    for term in terms:
        for n in range(per_term.get(term.name, 0)):
            wanted = _rule_day(series, term, after_half_term=n == 1)
            day = next_school_day(wanted, term)
            occurrence = f"{term.year.name} {term.name} {n + 1}"
            if day is None:
                unplaceable.append(f"{series}: {occurrence} has no school day after {wanted}")
                continue
            moved = day != wanted
            planned.append(
                PlannedMeeting(
                    occurrence,
                    term,
                    day,
                    moved_from=wanted if moved else None,
                    moved_reason=f"{wanted:%-d %B %Y} is {why_not_a_school_day(wanted, term)}"
                    if moved
                    else "",
                )  # fmt: skip
            )
    return planned, unplaceable


def _at(day: date, clock) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def schedule_meetings(*, today: date | None = None) -> ScheduleSummary:
    """Create the missing meetings of the current and next academic year for every
    active series, then bring the invitations of future meetings in line with
    each series' audience.

    Reads are made once for all series (existing occurrences, future meetings,
    their invitations, each audience rule), so a nightly re-run with nothing to do
    costs a handful of queries."""
    today = today or timezone.localdate()
    summary = ScheduleSummary()
    first_year = academic_year_starting(today)
    years = [ensure_academic_year(first_year), ensure_academic_year(first_year + 1)]
    terms = list(Term.objects.filter(year__in=years).select_related("year"))
    series_list = list(
        MeetingSeries.objects.filter(paused=False)
        .select_related("body")
        .prefetch_related("body__run_by")
    )
    with transaction.atomic():
        summary.meetings_created = _create_meetings(series_list, terms, summary, today=today)
        since = _at(today, datetime.min.time())
        future: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in Meeting.objects.filter(series__in=series_list, starts_at__gte=since).exclude(
            status=Meeting.Status.CANCELLED
        ):
            future[meeting.series_id].append(meeting)
        invitations: dict[int, dict] = defaultdict(dict)
        for pk, meeting_id, person_id, withdrawn_at in Invitation.objects.filter(
            meeting__series__in=series_list, meeting__starts_at__gte=since
        ).values_list("pk", "meeting_id", "person_id", "withdrawn_at"):
            invitations[meeting_id][person_id] = (pk, withdrawn_at)
        audiences = AudienceCache()
        for series in series_list:
            added, withdrawn = _sync_invitations(
                series, today, future=future[series.pk], invitations=invitations,
                audience=audiences.ids(series),
            )  # fmt: skip
            summary.invitations_added += added
            summary.invitations_withdrawn += withdrawn
    return summary


def _create_meetings(
    series_list: list[MeetingSeries], terms: list[Term], summary: ScheduleSummary, *,
    today: date,
) -> int:  # fmt: skip
    """The series' missing meetings from `today` on: a series set up or resumed
    mid-year does not fill the diary with meetings that can no longer be held."""
    existing: dict[int, set[str]] = defaultdict(set)
    for series_id, occurrence in Meeting.objects.filter(series__in=series_list).values_list(
        "series_id", "occurrence"
    ):
        existing[series_id].add(occurrence)
    new = []
    for series in series_list:
        planned, unplaceable = plan(series, terms)
        summary.unplaceable += unplaceable
        new += [
            Meeting(
                series=series,
                body=series.body,
                term=p.term,
                occurrence=p.occurrence,
                title=series.title,
                starts_at=_at(p.day, series.starts_at),
                ends_at=_at(p.day, series.ends_at),
                venue=series.venue,
                online_link=series.online_link,
                moved_from=p.moved_from,
                moved_reason=p.moved_reason,
            )  # fmt: skip
            for p in planned
            if p.occurrence not in existing[series.pk] and p.day >= today
        ]
    if not new:
        return 0
    # A concurrent run may insert the same occurrence first: the constraint decides.
    Meeting.objects.bulk_create(new, ignore_conflicts=True)
    # Those this run inserted: a conflicting row keeps its own uid.
    emit("meeting.created", Meeting.objects.filter(uid__in=[m.uid for m in new]))
    had = sum(len(occurrences) for occurrences in existing.values())
    return Meeting.objects.filter(series__in=series_list).count() - had


def _sync_invitations(
    series: MeetingSeries, today: date, *, future: list[Meeting], invitations: dict,
    audience: set[int],
) -> tuple[int, int]:  # fmt: skip
    """Invite the audience to future meetings; withdraw those who left it.
    Past meetings keep their invitations as history.

    E-mails follow in the same transaction: invitations for the meetings already in
    the notice window (MEETING_INVITATION_DAYS), and a cancellation to anyone withdrawn
    whose invitation e-mail had been queued, so the meeting leaves their calendar."""
    if not future:
        return 0, 0
    existing = {
        (meeting.pk, person_id): state
        for meeting in future
        for person_id, state in invitations[meeting.pk].items()
    }
    wanted = {(meeting.pk, person) for meeting in future for person in audience}
    new = wanted - existing.keys()
    # Someone who left and came back (a returning head) is invited again.
    returning = [pk for key, (pk, gone) in existing.items() if gone and key in wanted]
    leaving = [pk for key, (pk, gone) in existing.items() if not gone and key not in wanted]
    if new:
        Invitation.objects.bulk_create(
            [Invitation(meeting_id=m, person_id=p) for m, p in new], ignore_conflicts=True
        )
    if returning:
        Invitation.objects.filter(pk__in=returning).update(
            withdrawn_at=None, updated_at=timezone.now()
        )
    if leaving:
        leaving_invitations = Invitation.objects.filter(pk__in=leaving)
        _queue_withdrawal_cancellations(leaving_invitations, future)
        now = timezone.now()
        leaving_invitations.update(withdrawn_at=now, updated_at=now)
    if new or returning or _in_notice_window(future, today):
        queue_due_invitations(now=_at(today, datetime.min.time()), meetings=future)
    return len(new) + len(returning), len(leaving)


def _in_notice_window(meetings: list[Meeting], today: date) -> bool:
    horizon = _at(today, datetime.min.time()) + timedelta(days=settings.MEETING_INVITATION_DAYS)
    return any(meeting.starts_at <= horizon for meeting in meetings)


def _queue_withdrawal_cancellations(leaving: QuerySet[Invitation], meetings: list[Meeting]) -> int:
    """Queue a cancellation for each leaving invitee whose invitation e-mail was queued
    (sent or not: one still waiting is not sent to a withdrawn person, and the
    cancellation is harmless if the meeting never reached their calendar)."""
    invited_by_email = OutboxEmail.objects.filter(
        meeting=OuterRef("meeting"), person=OuterRef("person"), kind=OutboxEmail.Kind.INVITATION
    )
    people: dict[int, list[int]] = defaultdict(list)
    for meeting_id, person_id in leaving.filter(Exists(invited_by_email)).values_list(
        "meeting_id", "person_id"
    ):
        people[meeting_id].append(person_id)
    return sum(
        queue_emails(meeting=m, kind=OutboxEmail.Kind.CANCELLATION, person_ids=people[m.pk])
        for m in meetings
        if m.pk in people
    )
