"""The report to scrutiny for officers: /reports/scrutiny/?year=2025/26 and its PDF.

Thin: access through accounts.policy, the year and the figures from
partnerships.scrutiny; the PDF is the same template and context through WeasyPrint.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import policy

from . import scrutiny

PAGE = "partnerships/scrutiny/report.html"


def _context(request) -> tuple[dict, str]:
    """The page's context, and the message to show when the year asked for is wrong."""
    if not policy.can_view_scrutiny_report(request.user):
        raise PermissionDenied
    years = scrutiny.available_years()
    asked = request.GET.get("year", "")
    error = ""
    try:
        year = scrutiny.choose_year(asked, years)
    except scrutiny.YearError as problem:
        year, error = None, str(problem)
    return {
        "years": years,
        "asked": asked,
        "year": year,
        "error": error,
        "report": scrutiny.scrutiny_report(year=year) if year else None,
        "today": timezone.localdate(),
    }, error


@login_required
def report(request):
    context, error = _context(request)
    return render(request, PAGE, context, status=400 if error else 200)


@login_required
def report_pdf(request):
    context, error = _context(request)
    if error or context["report"] is None:
        return render(request, PAGE, context, status=400 if error else 404)
    pdf = scrutiny.report_pdf(context["report"])
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = context["year"].name.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="report-to-scrutiny-{slug}.pdf"'
    return response
