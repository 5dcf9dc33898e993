"""The borough's inspection picture for officers: /inspections/.

Thin: access through accounts.policy, figures from inspections.outcomes, the
children's services' own journey from inspections.la, charts from inspections.charts.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from accounts import policy

from . import charts, la, outcomes

YEARS_BACK = 4


def _coverage_url() -> str:
    try:
        return reverse("inspections:link_coverage")
    except NoReverseMatch:
        return "/inspections/link/"


@login_required
def dashboard(request):
    if not policy.can_view_borough_picture(request.user):
        raise PermissionDenied
    now, years = outcomes.picture_and_years(YEARS_BACK)
    refreshed_at, refreshed_from = outcomes.data_date()
    inspections = list(la.la_inspections())
    notices = list(la.improvement_notices())
    borough = now.borough
    over_time = [outcomes.Row(label="Now", counts=borough.counts), *years]
    return render(
        request,
        "inspections/dashboard.html",
        {
            "picture": now,
            "borough": borough,
            "buckets": outcomes.SHORT_LABELS.items(),
            "headline": {
                "outstanding": borough.percent(outcomes.OUTSTANDING),
                "good": borough.percent(outcomes.GOOD),
                "outstanding_of_graded": borough.percent_of_graded(outcomes.OUTSTANDING),
                "good_of_graded": borough.percent_of_graded(outcomes.GOOD),
            },
            "report_card_areas": outcomes.report_card_areas(),
            "report_card_grades": outcomes.ReportCardGrade.choices,
            "years_chart_rows": over_time,
            "home_la_code": settings.HOME_LA_CODE,
            "refreshed_at": refreshed_at,
            "refreshed_from": refreshed_from,
            "coverage": outcomes.link_inspector_coverage(),
            "coverage_url": _coverage_url(),
            "borough_chart": charts.bucket_bars(
                borough, prefix="chart-borough", title="Latest inspection outcome of all schools"
            ),
            "category_chart": charts.stacked_bars(
                now.by_category, prefix="chart-category", title="Latest outcome by category"
            ),
            "phase_chart": charts.stacked_bars(
                now.by_phase, prefix="chart-phase", title="Latest outcome by phase"
            ),
            "years_chart": charts.stacked_bars(
                over_time,
                prefix="chart-years",
                title="Latest outcome now and at the end of each previous academic year",
            ),  # fmt: skip
            "timeline": la.timeline(inspections, notices),
            "notice_in_force": next((n for n in notices if not n.lifted_on), None),
            "open_actions": list(la.open_actions()),
        },
    )
