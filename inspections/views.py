"""Link inspection pages for officers: coverage and caseloads, an inspector's own
schools, assigning and ending link inspectors, and schools causing concern.

Access is asked of accounts.policy; the rules live in inspections.link and
inspections.support, whose ValidationErrors come back onto the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import policy
from council_portal.forms import show_on_form
from schools.categories import Status
from schools.models import School

from . import link, support
from .forms import AssignForm, CoverageFilter, EndAssignmentForm, SupportFilter, SupportForm
from .models import LinkInspectorAssignment, SupportCategorisation

Level = SupportCategorisation.Level

PAGE_SIZE = 100


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def coverage(request):
    """Which entitled schools have no link inspector, and each inspector's caseload."""
    _require(policy.can_view_link_inspection(request.user))
    filters = CoverageFilter(request.GET or None)
    uncovered = link.uncovered_schools()
    if filters.is_valid():
        if filters.cleaned_data["phase"]:
            uncovered = uncovered.filter(phase=filters.cleaned_data["phase"])
        if filters.cleaned_data["category"]:
            uncovered = uncovered.filter(category=filters.cleaned_data["category"])
    page = Paginator(uncovered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/coverage.html",
        {
            "counts": link.coverage_counts(),
            "filters": filters,
            "page": page,
            "query": _query_without_page(request),
            "caseloads": link.caseloads(),
            "can_assign": policy.can_assign_link_inspector(request.user),
            "is_link_inspector": link.is_link_inspector(request.user),
        },
    )


@login_required
def mine(request):
    """A link inspector's own schools: last visit, next support review, open actions."""
    _require(policy.can_view_link_inspection(request.user))
    return render(
        request,
        "inspections/mine.html",
        {
            "assignments": link.my_schools(inspector=request.user),
            "is_link_inspector": link.is_link_inspector(request.user),
            "can_record": policy.can_record_visit(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, urn: int):
    _require(policy.can_assign_link_inspector(request.user))
    school = get_object_or_404(School.objects.select_related("local_authority"), urn=urn)
    refusal = link.entitlement_refusal(school)
    if refusal is None and not school.is_open and school.status != Status.PROPOSED_TO_OPEN:
        refusal = f"{school.name} is closed"
    current = link.current_assignment(school)
    posted = request.method == "POST"
    form = AssignForm(request.POST if posted else None, inspectors=link.link_inspectors())
    if posted and refusal is None and form.is_valid():
        try:
            assignment = link.assign(
                school=school, inspector=form.cleaned_data["inspector"],
                starts_on=form.cleaned_data["starts_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                f"{assignment.inspector.get_full_name()} is link inspector of {school.name} "
                f"from {assignment.starts_on:%-d %B %Y}.",
            )
            return redirect(school)
    return render(
        request,
        "inspections/assign.html",
        {"school": school, "form": form, "refusal": refusal, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def end_assignment(request, pk: int):
    _require(policy.can_assign_link_inspector(request.user))
    assignment = get_object_or_404(
        LinkInspectorAssignment.objects.select_related("school", "inspector"), pk=pk
    )
    posted = request.method == "POST"
    form = EndAssignmentForm(
        request.POST if posted else None, initial={"ends_on": timezone.localdate()}
    )
    if posted and form.is_valid():
        try:
            link.end_assignment(
                assignment=assignment, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                f"{assignment.inspector.get_full_name()}'s assignment to "
                f"{assignment.school.name} ends on {assignment.ends_on:%-d %B %Y}.",
            )
            return redirect(assignment.school)
    return render(
        request, "inspections/end_assignment.html", {"assignment": assignment, "form": form}
    )


# --- Schools causing concern -----------------------------------------------------------------


@login_required
def support_list(request):
    """Schools by the level of support in force, overdue reviews first within a level."""
    _require(policy.can_view_link_inspection(request.user))
    filters = SupportFilter(request.GET or None)
    level = filters.cleaned_data["level"] if filters.is_valid() else ""
    rows = policy.support_visible_to(request.user, support.current_categorisations(level=level))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = support.level_counts()
    return render(
        request,
        "inspections/support_list.html",
        {
            "filters": filters,
            "page": page,
            "query": _query_without_page(request),
            "counts": [(label, counts[value]) for value, label in Level.choices],
            "is_link_inspector": link.is_link_inspector(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_add(request, urn: int):
    _require(policy.can_categorise_support(request.user))
    school = get_object_or_404(School, urn=urn)
    posted = request.method == "POST"
    form = SupportForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            decision = support.categorise(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request, f"{school.name}: {decision.get_level_display().lower()} support recorded."
            )
            return redirect(school)
    return render(
        request,
        "inspections/support_form.html",
        {"school": school, "form": form, "history": support.history(school)[:5]},
    )
