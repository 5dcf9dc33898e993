"""Everyone's calendar: "Your meetings" (list and month view), .ics downloads and the
subscription feed that calendar apps fetch without signing in."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from accounts import policy, roles

from . import feeds
from .ical import calendar_for
from .models import Invitation, Meeting
from .services import invitation_reply

LONDON = ZoneInfo("Europe/London")
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
UPCOMING = relativedelta(months=12)
MONTH_PARAM = re.compile(r"^(\d{4})-(\d{2})$")
# Months the month view will show: beyond these a ?month= is a typo, not a plan.
YEARS = range(2000, 2100)


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


def _month_asked(value: str | None, *, today: date) -> date:
    """The first day of the month in ?month=YYYY-MM, or this month when it is absent or wrong."""
    match = MONTH_PARAM.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if year in YEARS and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def _month_weeks(first: date, meetings: list[Meeting], *, today: date) -> list[list[Day]]:
    """The month as weeks of days, Monday first, each day with its meetings (local dates)."""
    days = {}
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    ):
        row = [Day(day, day.month == first.month, day == today) for day in week]
        days.update({cell.day: cell for cell in row if cell.in_month})
        weeks.append(row)
    for meeting in meetings:
        days[meeting.starts_at.astimezone(LONDON).date()].meetings.append(meeting)
    return weeks


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _ics_response(body: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    # A person's meetings: never kept by a shared cache, never in a search index.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def my_meetings(request):
    person = request.user
    today = timezone.localdate(timezone=LONDON)
    first = _month_asked(request.GET.get("month"), today=today)
    next_first = first + relativedelta(months=1)

    upcoming = feeds.calendar_meetings(
        person=person, starts_from=_midnight(today), starts_before=_midnight(today + UPCOMING)
    )
    in_month = list(
        feeds.with_own_invitation(
            feeds.calendar_meetings(
                person=person, starts_from=_midnight(first), starts_before=_midnight(next_first)
            ),
            person=person,
        )
    )
    feed = feeds.feed_for(person=person)
    feed_url = None if feed.revoked_at else feeds.feed_url(feed=feed)
    return render(
        request,
        "meetings/calendar/my_meetings.html",
        {
            "upcoming": feeds.with_own_invitation(upcoming, person=person),
            "runs_bodies": roles.is_officer(person),
            "month": first,
            "previous_month": first - relativedelta(months=1),
            "next_month": next_first,
            "weekdays": list(calendar.day_name),
            "weeks": _month_weeks(first, in_month, today=today),
            "month_meetings": in_month,
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feeds.webcal_url(feed_url) if feed_url else None,
            "rsvp_choices": Invitation.Rsvp.choices,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def reply(request, uid):
    """An invitee answers: attending, maybe or not attending."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting"),
        meeting__uid=uid, person=request.user, withdrawn_at=None,
    )  # fmt: skip
    try:
        invitation_reply(invitation=invitation, rsvp=request.POST.get("rsvp", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, f"Your reply to {invitation.meeting.title} is saved: "
            f"{invitation.get_rsvp_display().lower()}.",
        )  # fmt: skip
    return redirect(f"{reverse('calendar:my_meetings')}#meeting-{uid}")


@login_required
@require_safe
def meeting_ics(request, uid):
    """One meeting as a calendar file, for anyone the policy lets see the meeting."""
    visible = policy.meetings_visible_to(request.user, Meeting.objects.select_related("body"))
    meeting = get_object_or_404(visible, uid=uid)
    day = meeting.starts_at.astimezone(LONDON).date()
    return _ics_response(
        calendar_for([meeting]).to_ical(),
        filename=f"{slugify(meeting.title) or 'meeting'}-{day:%Y-%m-%d}.ics",
    )


@require_safe
def feed(request, feed_id: int, token: str):
    """The subscription feed: no sign-in (calendar apps cannot), the URL is the key."""
    calendar_feed = feeds.feed_lookup(feed_id=feed_id, token=token)
    if calendar_feed is None:
        raise Http404("No such calendar feed.")
    body = feeds.feed_calendar(feed=calendar_feed).to_ical()
    feeds.feed_fetched(feed=calendar_feed)
    return _ics_response(body)


def _back_to_subscription():
    return redirect(reverse("calendar:my_meetings") + "#subscribe")


@login_required
@require_POST
def feed_regenerate(request):
    feeds.feed_regenerate(feed=feeds.feed_for(person=request.user))
    messages.success(
        request,
        "Your calendar feed has a new address. Calendars subscribed to the old address "
        "will stop updating: subscribe again with the new one.",
    )
    return _back_to_subscription()


@login_required
@require_POST
def feed_revoke(request):
    feeds.feed_revoke(feed=feeds.feed_for(person=request.user))
    messages.success(
        request,
        "Your calendar feed has stopped. Calendars subscribed to it will no longer update.",
    )
    return _back_to_subscription()
