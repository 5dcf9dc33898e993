"""Builders for bodies, meeting series, meetings and API keys, shared by the
partnerships and meetings tests (candidates for tests/factories.py)."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.api_keys import api_key_create
from accounts.models import User
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import Invitation, Meeting, MeetingSeries, OutboxEmail, Term
from partnerships.models import Body

LONDON = ZoneInfo("Europe/London")
_serial = itertools.count(1)


def body(**fields) -> Body:
    n = next(_serial)
    defaults = {"name": f"Body {n}", "kind": Body.Kind.PARTNERSHIP}
    return Body.objects.create(**{**defaults, **fields})


def series(*, body: Body, **fields) -> MeetingSeries:
    defaults = {"title": f"{body.name} meeting", "venue": "Town Hall, Committee Room 3"}
    return MeetingSeries.objects.create(body=body, **{**defaults, **fields})


def term(name: str = Term.Name.SPRING, *, years_ahead: int = 0) -> Term:
    """A term of the current academic year (or one `years_ahead`), seeded if missing."""
    year = ensure_academic_year(academic_year_starting(timezone.localdate()) + years_ahead)
    return year.terms.get(name=name)


def school_day(term: Term, week: int = 3, weekday: int = 1) -> date:
    """A weekday of the given week of term (week 1 holds the first day)."""
    first = term.starts_on - timedelta(days=term.starts_on.weekday())
    return first + timedelta(weeks=week - 1, days=weekday)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def meeting(
    *, series: MeetingSeries, day: date | None = None, in_term: Term | None = None,
    start: time = time(16, 0), end: time = time(17, 30), invite: list[User] = (),
    emailed: bool = True, **fields,
) -> Meeting:  # fmt: skip
    """A meeting of `series` on `day` (default: week 3 of this year's spring term), in
    the term holding that day; `invite` these people, who were `emailed` the invitation
    (as they are once the meeting is within the notice window; changes go only to them)."""
    if in_term is None and day is not None:
        in_term = Term.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    held_in = in_term or term()
    day = day or school_day(held_in)
    created = Meeting.objects.create(
        series=series, body=series.body, term=held_in,
        occurrence=fields.pop("occurrence", f"test {next(_serial)}"),
        title=fields.pop("title", series.title), starts_at=at(day, start), ends_at=at(day, end),
        venue=fields.pop("venue", series.venue), **fields,
    )  # fmt: skip
    Invitation.objects.bulk_create([Invitation(meeting=created, person=p) for p in invite])
    if emailed and invite:
        OutboxEmail.objects.bulk_create(
            [
                OutboxEmail(meeting=created, person=p, kind=OutboxEmail.Kind.INVITATION,
                            status=OutboxEmail.Status.SENT)
                for p in invite
            ]
        )  # fmt: skip
    return created


def api_key(scope: str = "read") -> str:
    """A usable key; keys whose secret holds "_" are refused today (see
    tests/accounts/test_api_keys.py), so take one without."""
    while True:
        row, key = api_key_create(name=f"{scope} key", scope=scope)
        if "_" not in key.split("_", 2)[2]:
            return key
        row.delete()


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
