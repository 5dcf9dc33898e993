"""Officers' pages for the council's own inspections, under /inspections/la/: the
timeline, each inspection with its recommendations, improvement notices and the
actions that follow them.

Reading asks accounts.policy.can_view_borough_picture, changing
can_record_la_inspections (403 otherwise). Changes go through inspections.la, whose
ValidationErrors come back to the form; bad input changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts import policy
from council_portal.forms import show_on_form

from . import la
from .la_forms import ActionForm, ActionUpdateForm, LAInspectionForm, LiftForm, NoticeForm
from .models import ImprovementAction, ImprovementNotice, LAInspection


def _may_view(request) -> None:
    if not policy.can_view_borough_picture(request.user):
        raise PermissionDenied


def _may_record(request) -> None:
    if not policy.can_record_la_inspections(request.user):
        raise PermissionDenied


def _apply(form, action) -> bool:
    """Run a service in a transaction; put its ValidationError on the form."""
    try:
        with transaction.atomic():
            action()
    except ValidationError as exc:
        show_on_form(form, exc)
        return False
    return True


def _form_page(request, form, *, title: str, back: str, submit: str, caption: str = "",
               lead: str = "", template: str = "inspections/la_form.html"):  # fmt: skip
    return render(
        request, template,
        {"form": form, "title": title, "back": back, "submit": submit, "caption": caption,
         "lead": lead},
    )  # fmt: skip


@login_required
def timeline(request):
    _may_view(request)
    inspections = list(la.la_inspections())
    notices = list(la.improvement_notices())
    return render(
        request,
        "inspections/la_timeline.html",
        {
            "timeline": la.timeline(inspections, notices),
            "notices": notices,
            "notice_in_force": next((n for n in notices if not n.lifted_on), None),
            "open_actions": list(la.open_actions()),
            "can_record": policy.can_record_la_inspections(request.user),
        },
    )


@login_required
def detail(request, pk: int):
    _may_view(request)
    inspection = get_object_or_404(la.la_inspections(), pk=pk)
    return render(
        request,
        "inspections/la_detail.html",
        {
            "inspection": inspection,
            "can_record": policy.can_record_la_inspections(request.user),
        },
    )


def _record(request, inspection: LAInspection | None):
    _may_record(request)
    initial = LAInspectionForm.initial_for(inspection) if inspection is not None else {}
    form = LAInspectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = {}

        def record():
            saved["inspection"] = la.la_inspection_record(
                inspection=inspection, kind=data["kind"], started_on=data["started_on"],
                ended_on=data["ended_on"], published_on=data["published_on"],
                overall_effectiveness=data["overall_effectiveness"],
                judgements=form.judgements(), send_outcome=data["send_outcome"],
                summary=data["summary"], report_url=data["report_url"],
            )  # fmt: skip

        if _apply(form, record):
            messages.success(request, f"{saved['inspection']} saved.")
            return redirect("inspections:la_detail", saved["inspection"].pk)
    back = (
        reverse("inspections:la_detail", args=[inspection.pk])
        if inspection
        else reverse("inspections:la_timeline")
    )
    return render(
        request,
        "inspections/la_inspection_form.html",
        {
            "form": form,
            "inspection": inspection,
            "title": "Change the inspection" if inspection else "Record an inspection",
            "back": back,
        },
    )


@login_required
def add(request):
    return _record(request, None)


@login_required
def edit(request, pk: int):
    inspections = LAInspection.objects.prefetch_related("judgements")
    return _record(request, get_object_or_404(inspections, pk=pk))


def _add_action(request, *, inspection=None, notice=None, back: str, caption: str):
    _may_record(request)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: la.action_add(
            inspection=inspection, notice=notice, recommendation=data["recommendation"],
            owner=data["owner"], due_on=data["due_on"],
        )):  # fmt: skip
            messages.success(request, "Recommendation added as an action.")
            return redirect(back)
    return _form_page(
        request, form, title="Add a recommendation", caption=caption, back=back,
        submit="Add the recommendation",
        lead="Each recommendation becomes an action, tracked until it is done.",
    )  # fmt: skip


@login_required
def action_add(request, pk: int):
    inspection = get_object_or_404(LAInspection, pk=pk)
    return _add_action(
        request, inspection=inspection, caption=str(inspection),
        back=reverse("inspections:la_detail", args=[inspection.pk]),
    )  # fmt: skip


@login_required
def notice_action_add(request, pk: int):
    notice = get_object_or_404(ImprovementNotice, pk=pk)
    return _add_action(
        request, notice=notice, caption=f"Improvement notice of {notice.issued_on:%-d %B %Y}",
        back=reverse("inspections:la_timeline"),
    )  # fmt: skip


@login_required
def action_update(request, pk: int):
    _may_record(request)
    action = get_object_or_404(
        ImprovementAction.objects.select_related("inspection", "notice", "owner"), pk=pk
    )
    back = (
        reverse("inspections:la_detail", args=[action.inspection_id])
        if action.inspection_id
        else reverse("inspections:la_timeline")
    )
    form = ActionUpdateForm(
        request.POST or None,
        initial={"status": action.status, "completed_on": action.completed_on,
                 "owner": action.owner, "due_on": action.due_on},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: la.action_update(
            action=action, status=data["status"], completed_on=data["completed_on"],
            owner=data["owner"], due_on=data["due_on"],
        )):  # fmt: skip
            messages.success(request, "Action updated.")
            return redirect(back)
    return _form_page(
        request, form, title="Update the action", caption=action.recommendation[:120],
        back=back, submit="Save",
    )  # fmt: skip


@login_required
def notice_add(request):
    _may_record(request)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: la.notice_issue(
            issued_on=data["issued_on"], summary=data["summary"], url=data["url"]
        )):  # fmt: skip
            messages.success(request, "Improvement notice recorded.")
            return redirect("inspections:la_timeline")
    return _form_page(
        request, form, title="Record an improvement notice",
        back=reverse("inspections:la_timeline"), submit="Record the notice",
        lead="A notice the Department for Education issued on the council's children's services.",
    )  # fmt: skip


@login_required
def notice_lift(request, pk: int):
    _may_record(request)
    notice = get_object_or_404(ImprovementNotice, pk=pk)
    form = LiftForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: la.notice_lift(notice=notice, **form.cleaned_data))
    ):
        messages.success(request, "The improvement notice is recorded as lifted.")
        return redirect("inspections:la_timeline")
    return _form_page(
        request, form, title="Record that the notice was lifted",
        caption=f"Improvement notice issued {notice.issued_on:%-d %B %Y}",
        back=reverse("inspections:la_timeline"), submit="Record the lifting",
    )  # fmt: skip
