"""The public record, under /public/: for bodies that publish, each meeting's agenda,
public papers, approved minutes and decisions, as council committee sites show them.

No sign-in. Only series with `publishes` set appear (any other meeting is a 404, as
if it did not exist), and only their public parts: papers whose access is public,
minutes once approved. Invitee and confidential papers, draft minutes, attendance
and actions never appear here.
"""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render

from .models import AgendaItem, Decision, Meeting, Paper, PaperVersion
from .search import paper_url

PAGE_SIZE = 50


def _published_meetings():
    return Meeting.objects.filter(series__publishes=True).select_related("body", "series")


def meetings(request):
    """Every published meeting, newest first."""
    page = Paginator(_published_meetings().order_by("-starts_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "meetings/public/meetings.html", {"page": page})


def _public_papers():
    has_file = Exists(PaperVersion.objects.filter(paper=OuterRef("pk")))
    return Paper.objects.filter(has_file, access=Paper.Access.PUBLIC).order_by("title", "pk")


def meeting(request, pk: int):
    """One meeting's public record; the same number of queries whatever its size."""
    meeting = get_object_or_404(_published_meetings(), pk=pk)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related(
            Prefetch("papers", queryset=_public_papers(), to_attr="public_papers"),
            Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "pk")),
        )
    )
    for item in items:
        item.published_minute = (
            item.minute if item.minute_status == AgendaItem.MinuteStatus.APPROVED else ""
        )
        for paper in item.public_papers:
            paper.url = paper_url(paper.pk)
    other_papers = list(_public_papers().filter(meeting=meeting, agenda_item__isnull=True))
    for paper in other_papers:
        paper.url = paper_url(paper.pk)
    return render(
        request,
        "meetings/public/meeting.html",
        {"meeting": meeting, "items": items, "other_papers": other_papers},
    )
