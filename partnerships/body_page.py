"""The reads behind a body's own page (/partnerships/<id>/): terms of reference,
members with their contacts, meetings, decisions and open actions, in a fixed
number of queries however many members and meetings the body has."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from meetings import selectors
from meetings.models import Action, Decision, Meeting

from .models import Body

RECENT = 10


@dataclass
class BodyPage:
    body: Body
    members: selectors.Members
    upcoming: list[Meeting]
    past: list[Meeting]
    decisions: list[Decision]
    open_actions: list[Action]


def body_page(bodies: QuerySet[Body], pk: int) -> BodyPage:
    """The page of body `pk`, among `bodies` (those the reader may see): raises
    Body.DoesNotExist otherwise."""
    body = selectors.body_with_members(bodies).get(pk=pk)
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body).select_related("series", "term__year")
    return BodyPage(
        body=body,
        members=selectors.members_of(body),
        upcoming=list(meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")[:RECENT]),
        past=list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:RECENT]),
        decisions=list(
            Decision.objects.filter(agenda_item__meeting__body=body)
            .select_related("agenda_item__meeting")
            .order_by("-decided_on", "-pk")[: 2 * RECENT]
        ),
        open_actions=list(
            Action.objects.filter(meeting__body=body, status=Action.Status.OPEN)
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        ),
    )
