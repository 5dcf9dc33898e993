"""A person's own calendar: the meetings in it, and its subscription feed at a secret URL.

Calendar clients (Outlook, Google Calendar, Apple Calendar) cannot sign in, so the
feed's URL is its only key. The token in it is an HMAC of the feed's random salt
under the SECRET_KEY: the page can show the same URL on every visit, the database
alone holds nothing that opens a feed, and a new salt (regenerating) or a revoked
feed stops every old URL at once. A deactivated person's feed stops too, because
every lookup asks for an active person.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDuration

from accounts import policy, roles
from accounts.models import User

from .ical import calendar_for
from .models import CalendarFeed, Invitation, Meeting

# How far back a feed reaches: enough for "when did we last meet?", while the
# feed stays small for clients that fetch it every hour.
FEED_HISTORY = relativedelta(months=12)
# Calendar clients poll feeds often; remembering each fetch would write on every one.
FETCH_RECORD_INTERVAL = timedelta(minutes=1)
# What the feed asks clients to wait between fetches: REFRESH-INTERVAL (RFC 7986)
# and X-PUBLISHED-TTL, which Outlook reads.
FEED_REFRESH = timedelta(hours=1)


def calendar_meetings(
    *, person: User, starts_from: datetime | None = None, starts_before: datetime | None = None
) -> QuerySet[Meeting]:
    """The meetings in a person's own calendar, oldest first, with `body` loaded.

    Everyone has the meetings they are invited to (not withdrawn); an officer also
    has every meeting of the bodies they run, invited or not. That is narrower than
    what an officer may *see* (every meeting), so the result is also passed through
    `policy.meetings_visible_to`: nothing reaches a calendar the policy would refuse.
    Cancelled meetings stay, so clients show them as cancelled rather than lose them.
    """
    meetings = Meeting.objects.all()
    if starts_from is not None:
        meetings = meetings.filter(starts_at__gte=starts_from)
    if starts_before is not None:
        meetings = meetings.filter(starts_at__lt=starts_before)
    if roles.is_officer(person):
        invited = Exists(
            Invitation.objects.filter(meeting=OuterRef("pk"), person=person, withdrawn_at=None)
        )
        meetings = meetings.filter(invited | Q(body__in=person.bodies_run.values("pk")))
    return (
        policy.meetings_visible_to(person, meetings)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def with_own_invitation(meetings: QuerySet[Meeting], *, person: User) -> QuerySet[Meeting]:
    """Load the person's own (current) invitation of each meeting as `my_invitations`,
    in one more query, so a page can show their reply without a query per meeting."""
    own = Invitation.objects.filter(person=person, withdrawn_at=None)
    return meetings.prefetch_related(
        Prefetch("invitations", queryset=own, to_attr="my_invitations")
    )


def feed_for(*, person: User) -> CalendarFeed:
    """The person's feed, created on first use (one per person, so a race finds the same row)."""
    feed, _ = CalendarFeed.objects.get_or_create(
        person=person, defaults={"salt": secrets.token_urlsafe(32)}
    )
    return feed


def _token(feed: CalendarFeed, key: str) -> str:
    digest = hmac.new(
        key.encode(), f"{feed.pk}:{feed.salt}".encode(), hashlib.sha256
    ).digest()  # fmt: skip
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def feed_token(*, feed: CalendarFeed) -> str:
    """The secret part of the feed's URL: HMAC-SHA256 of "<id>:<salt>" under the SECRET_KEY."""
    return _token(feed, settings.SECRET_KEY)


def feed_path(*, feed: CalendarFeed) -> str:
    return reverse("calendar:feed", kwargs={"feed_id": feed.pk, "token": feed_token(feed=feed)})


def feed_url(*, feed: CalendarFeed) -> str:
    """The feed's absolute URL at PORTAL_BASE_URL, on the page and from the command alike.

    Not the host of the request that shows it: Google and Microsoft fetch feeds from
    their own servers, which reach only the portal's public address, and a secret
    URL's host should never come from a request's Host header.
    """
    return settings.PORTAL_BASE_URL + feed_path(feed=feed)


def webcal_url(url: str) -> str:
    """The same URL as webcal://, which opens the subscribe dialogue of a calendar app."""
    return "webcal://" + url.split("://", 1)[1]


def feed_regenerate(*, feed: CalendarFeed) -> CalendarFeed:
    """Give the feed a new salt, so every copy of the old URL stops; also restarts a
    stopped feed."""
    feed.salt = secrets.token_urlsafe(32)
    feed.revoked_at = None
    feed.save(update_fields=["salt", "revoked_at"])
    return feed


def feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """Stop the feed: its URL answers 404 until the person starts a new one."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_lookup(*, feed_id: int, token: str) -> CalendarFeed | None:
    """The live feed this URL opens, with its person loaded; None when the feed is
    unknown or stopped, the token is wrong or old, or the person is deactivated.

    Tokens made under a retired key (SECRET_KEY_FALLBACKS) still open the feed, so
    rotating the key does not break everyone's subscriptions at once.
    """
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(pk=feed_id, revoked_at=None, person__is_active=True)
        .first()
    )
    if feed is None:
        return None
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    # Compare against every key, without stopping early, in constant time.
    matches = [hmac.compare_digest(_token(feed, key), token) for key in keys]
    return feed if any(matches) else None


def feed_calendar(*, feed: CalendarFeed, now: datetime | None = None) -> Calendar:
    """The VCALENDAR the feed serves: the person's meetings from 12 months back on,
    cancelled ones marked STATUS:CANCELLED, read in one query."""
    now = now or timezone.now()
    meetings = calendar_meetings(person=feed.person, starts_from=now - FEED_HISTORY)
    cal = calendar_for(meetings, name=f"Meetings – {settings.SERVICE_NAME}")
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(FEED_REFRESH).to_ical().decode())
    return cal


def feed_fetched(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    """Note that a client fetched the feed, at most once a minute, so polling clients
    do not write to the database on every fetch."""
    now = now or timezone.now()
    if feed.last_fetched_at is not None and now - feed.last_fetched_at < FETCH_RECORD_INTERVAL:
        return
    stale = Q(last_fetched_at=None) | Q(last_fetched_at__lt=now - FETCH_RECORD_INTERVAL)
    CalendarFeed.objects.filter(stale, pk=feed.pk).update(last_fetched_at=now)
    feed.last_fetched_at = now
