"""Officers' changes to meeting series, and meetings added outside a series' rhythm.

The rules of a series' rhythm live here, in the council's words, so the officers'
form and any other caller give the same messages; the model's check constraints
stay as the last guard in the database.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from webhooks.events import emit

from .audiences import audience_ids
from .models import Invitation, Meeting, MeetingSeries, Term
from .notifications import queue_due_invitations
from .scheduling import TIMES_A_YEAR_TERMS, schedule_meetings

LONDON = ZoneInfo("Europe/London")

# The longest term (autumn) has about fifteen teaching weeks: a later week never
# lands in the term, so scheduling could never place the meeting.
LAST_WEEK_OF_TERM = 15


def series_problems(
    *, cadence: str | None, times_a_year: int | None, annual_term: str | None,
    week: int | None, starts_at: time | None, ends_at: time | None,
    venue: str | None, online_link: str | None,
) -> dict[str, str]:  # fmt: skip
    """What is wrong with a series' rhythm, by field. Values that are missing (because
    they already failed their own checks) are skipped, so each field gets one message."""
    problems = {}
    if isinstance(starts_at, time) and isinstance(ends_at, time) and ends_at <= starts_at:
        problems["ends_at"] = "The end time must be after the start time."
    if cadence == MeetingSeries.Cadence.ANNUAL and not annual_term:
        problems["annual_term"] = "Choose the term of the annual meeting."
    if cadence == MeetingSeries.Cadence.TIMES_A_YEAR and times_a_year not in TIMES_A_YEAR_TERMS:
        choices = ", ".join(str(n) for n in sorted(TIMES_A_YEAR_TERMS))
        problems["times_a_year"] = f"Choose how many times a year: {choices}."
    if week is not None and not 1 <= week <= LAST_WEEK_OF_TERM:
        problems["week"] = f"Choose a week from 1 to {LAST_WEEK_OF_TERM}."
    if venue is not None and online_link is not None and not (venue or online_link):
        problems["venue"] = "Give a venue, an online meeting link, or both."
    return problems


def check_series(series: MeetingSeries) -> None:
    """Raise a ValidationError naming each field of `series` that breaks the rules."""
    problems = series_problems(
        cadence=series.cadence, times_a_year=series.times_a_year,
        annual_term=series.annual_term, week=series.week, starts_at=series.starts_at,
        ends_at=series.ends_at, venue=series.venue, online_link=series.online_link,
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)


def series_save(*, series: MeetingSeries, by: User | None = None) -> int:
    """Save a new or changed series, then schedule at once, so the officer sees its
    meetings in the diary without waiting for the nightly run. Returns how many
    meetings of this series were added.

    Meetings already in the diary keep their date, time and place: they may have
    been moved one by one and invitees hold them in their calendars.
    """
    check_series(series)
    series.full_clean()
    with transaction.atomic():
        series.save()
    before = series.meetings.count()
    schedule_meetings()
    return series.meetings.count() - before


def series_pause(*, series: MeetingSeries, paused: bool, by: User | None = None) -> int:
    """Pause a series (no new meetings, invitations no longer follow its audience) or
    resume it. Resuming schedules at once, filling the diary where the pause left
    gaps; returns how many meetings that added. Meetings already in the diary stay:
    cancelling one is a decision about that meeting, which notifies its invitees."""
    if series.paused == paused:
        return 0
    series.paused = paused
    series.save(update_fields=["paused", "updated_at"])
    if paused:
        return 0
    before = series.meetings.count()
    schedule_meetings()
    return series.meetings.count() - before


def _term_holding(day) -> Term | None:
    return Term.objects.select_related("year").filter(starts_on__lte=day, ends_on__gte=day).first()


@transaction.atomic
def meeting_add(
    *, series: MeetingSeries, starts_at: datetime, ends_at: datetime, title: str = "",
    venue: str | None = None, online_link: str | None = None, by: User | None = None,
) -> Meeting:  # fmt: skip
    """Add a meeting outside the series' rhythm (an extra or special meeting).

    It joins the series, so its audience is invited now (the e-mail goes when the
    meeting comes within the notice window, as for scheduled ones), and later changes
    to the audience follow it as they follow scheduled meetings. Its occurrence is
    "<year> <term> extra <n>", which scheduling never plans, so the two never clash.
    Venue and online link default to the series'.
    """
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "A new meeting must start in the future."})
    day = starts_at.astimezone(LONDON).date()
    term = _term_holding(day)
    if term is None:
        raise ValidationError(
            {"starts_at": f"No school term holds {day:%-d %B %Y}: choose a day in term."}
        )
    # One extra meeting at a time per series, so two callers cannot take the same number.
    series = MeetingSeries.objects.select_for_update().select_related("body").get(pk=series.pk)
    prefix = f"{term.year.name} {term.name} extra "
    taken = series.meetings.filter(occurrence__startswith=prefix).values_list(
        "occurrence", flat=True
    )
    number = max((int(o.removeprefix(prefix)) for o in taken), default=0) + 1
    meeting = Meeting.objects.create(
        series=series, body=series.body, term=term, occurrence=f"{prefix}{number}",
        title=title or series.title, starts_at=starts_at, ends_at=ends_at,
        venue=series.venue if venue is None else venue,
        online_link=series.online_link if online_link is None else online_link,
    )  # fmt: skip
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, person_id=pid) for pid in audience_ids(series)],
        ignore_conflicts=True,
    )
    queue_due_invitations(meetings=[meeting])
    emit("meeting.created", [meeting])
    return meeting
