"""The borough's engagement list: schools whose head and chair came to fewer of the
meetings they were invited to in the last 12 months than in the 12 before."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import policy
from schools.models import School

from . import engagement

SORT_OPTIONS = [
    ("change", "Biggest fall first"),
    ("-change", "Smallest fall first"),
    ("last", "Lowest rate in the last 12 months"),
    ("previous", "Highest rate in the 12 months before"),
    ("invited", "Most invitations in the last 12 months"),
    ("name", "School name (A to Z)"),
]


def _rows(request):
    if not policy.can_view_engagement(request.user):
        raise PermissionDenied
    sort = request.GET.get("sort", "change")
    sort = sort if sort in engagement.FALL_ORDERINGS else "change"
    schools = School.objects.in_home_la().open().order_by("name", "urn")
    return engagement.attendance_fell(schools, sort=sort), sort


@login_required
def borough(request):
    rows, sort = _rows(request)
    return render(
        request,
        "partnerships/engagement/borough.html",
        {
            "rows": rows,
            "sort": sort,
            "sort_options": SORT_OPTIONS,
            "windows": engagement.Windows.as_of(),
        },
    )


def _safe(value) -> str:
    value = "" if value is None else str(value)
    # Keep spreadsheet programs from running a cell as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_HEADER = [
    "URN", "School", "Category", "Phase", "Head and chair",
    "Invited (previous 12 months)", "Attended (previous)", "Apologies (previous)",
    "Absent (previous)", "Rate % (previous)",
    "Invited (last 12 months)", "Attended (last)", "Apologies (last)", "Absent (last)",
    "Rate % (last)", "Change (points)",
]  # fmt: skip


@login_required
def borough_csv(request):
    rows, _ = _rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="attendance-fell-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        people = "; ".join(
            f"{rep.person.get_full_name()} ({', '.join(rep.roles)})" for rep in row.people
        )
        writer.writerow(
            [
                row.school.urn, _safe(row.school.name), row.school.get_category_display(),
                row.school.phase, _safe(people),
                row.previous.invited, row.previous.attended, row.previous.apologies,
                row.previous.absent, row.previous.percent,
                row.last.invited, row.last.attended, row.last.apologies, row.last.absent,
                row.last.percent, row.change_in_points,
            ]
        )  # fmt: skip
    return response
