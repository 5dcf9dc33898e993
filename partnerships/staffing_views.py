"""Officers' staffing pages: service areas, their teams and posts, and a CSV download.
Guarded by accounts.policy.can_view_staffing; figures from partnerships.staffing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts import policy
from council_portal.spreadsheet import csv_download

from .staffing import staffing_breakdown


def _breakdown(request):
    if not policy.can_view_staffing(request.user):
        raise PermissionDenied
    return staffing_breakdown()


@login_required
def service_areas(request):
    return render(request, "partnerships/service_areas.html", {"staffing": _breakdown(request)})


CSV_HEADER = [
    "Service area", "Team", "Post", "Grade", "FTE", "Holder", "Holder's email", "Vacant",
    "Starts on", "Ends on", "Responsibilities",
]  # fmt: skip


@login_required
def service_areas_csv(request):
    staffing = _breakdown(request)
    return csv_download(
        f"service-areas-staffing-{staffing.on.isoformat()}.csv",
        CSV_HEADER,
        (
            [
                area.name,
                team.name,
                post.title,
                post.grade,
                post.fte,
                post.holder.get_full_name() if post.holder else "",
                post.holder.email if post.holder else "",
                post.is_vacant,
                post.starts_on.isoformat(),
                post.ends_on.isoformat() if post.ends_on else "",
                post.responsibilities,
            ]  # fmt: skip
            for area, team, post in staffing.posts()
        ),
    )
