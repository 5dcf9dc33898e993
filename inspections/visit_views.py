"""Link visits under /inspections/visits/: recording and changing them (officers),
reading them (as accounts.policy.visits_visible_to allows: a visit someone may not
see is a 404, as if it did not exist), sharing with the school, completing actions,
and downloading the report.

Follow-up actions are a formset with blank rows; "Add another action" posts the
form back with one more row, so the page works without JavaScript.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from council_portal.forms import show_on_form
from meetings.paper_views import attachment_disposition
from schools.models import School

from . import link, visits
from .forms import ActionFormSet, CompleteActionForm, VisitForm
from .models import LinkVisit, VisitAction

logger = logging.getLogger(__name__)

ACTIONS_PREFIX = "actions"


def _visible_visit(request, pk: int) -> LinkVisit:
    listed = policy.visits_visible_to(request.user, LinkVisit.objects.all())
    visit = (
        listed.select_related("school__local_authority", "inspector", "created_by")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404("No such visit, or not yours to see.")
    return visit


def _quiet(form) -> None:
    """Show a bound form's values without its errors (when a row is being added)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}


def _action_formset(request, school: School, *, extra_row: bool):
    owners = list(visits.action_owners(school))
    if request.method != "POST":
        return ActionFormSet(prefix=ACTIONS_PREFIX, form_kwargs={"owners": owners})
    data = request.POST.copy()
    if extra_row:
        key = f"{ACTIONS_PREFIX}-TOTAL_FORMS"
        total = data.get(key, "0")
        data[key] = str(int(total) + 1 if total.isascii() and total.isdigit() else 1)
    return ActionFormSet(data, prefix=ACTIONS_PREFIX, form_kwargs={"owners": owners})


def _action_specs(formset) -> list[visits.ActionSpec]:
    specs = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or not data.get("description"):
            continue
        specs.append(
            visits.ActionSpec(
                description=data["description"],
                owner=form.owners.get(data.get("owner")),
                owner_name=data.get("owner_name") or "",
                due_on=data.get("due_on"),
            )  # fmt: skip
        )
    return specs


def _visit_page(request, *, school: School, visit: LinkVisit | None):
    """The form to record (visit None) or change a visit, shared by both pages."""
    editing = visit is not None
    posted = request.method == "POST"
    adding_row = posted and "add_action" in request.POST
    initial = {}
    if editing:
        initial = {
            "inspector": visit.inspector_id, "visited_on": visit.visited_on,
            "purpose": visit.purpose, "focus_areas": visit.focus_areas, "notes": visit.notes,
        }  # fmt: skip
    elif link.is_link_inspector(request.user):
        initial = {"inspector": request.user.pk}
    form = VisitForm(
        request.POST if posted else None, request.FILES if posted else None,
        inspectors=link.link_inspectors(), editing=editing, initial=initial,
    )  # fmt: skip
    formset = _action_formset(request, school, extra_row=adding_row)
    if adding_row:
        _quiet(form)
        formset._errors = [ErrorDict() for _ in formset.forms]
        formset._non_form_errors = ErrorList()
        for row in formset.forms:
            _quiet(row)
    elif posted and form.is_valid() & formset.is_valid():
        data = form.cleaned_data
        fields = {
            "inspector": data["inspector"], "visited_on": data["visited_on"],
            "purpose": data["purpose"], "focus_areas": data["focus_areas"],
            "notes": data["notes"], "report": data.get("report"), "by": request.user,
        }  # fmt: skip
        try:
            if editing:
                saved = visits.visit_update(
                    visit=visit, new_actions=_action_specs(formset),
                    remove_report=data.get("remove_report", False), **fields,
                )  # fmt: skip
            else:
                saved = visits.visit_record(school=school, actions=_action_specs(formset), **fields)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request, f"Visit to {school.name} on {saved.visited_on:%-d %B %Y} "
                f"{'updated' if editing else 'recorded'}."
            )  # fmt: skip
            return redirect(saved)
    return render(
        request,
        "inspections/visit_form.html",
        {"school": school, "visit": visit, "form": form, "formset": formset},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request):
    _require_recorder(request)
    urn = request.GET.get("school", "")
    school = None
    if urn.isascii() and urn.isdigit():
        school = School.objects.select_related("local_authority").filter(urn=int(urn)).first()
    if school is None:
        status = 404 if urn else 200
        return render(request, "inspections/visit_choose_school.html", {"urn": urn}, status=status)
    return _visit_page(request, school=school, visit=None)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, pk: int):
    _require_recorder(request)
    visit = _visible_visit(request, pk)
    return _visit_page(request, school=visit.school, visit=visit)


def _require_recorder(request) -> None:
    if not policy.can_record_visit(request.user):
        raise PermissionDenied


@login_required
@require_GET
def visit_detail(request, pk: int):
    visit = _visible_visit(request, pk)
    actions = visit.actions.select_related("owner").order_by("due_on", "id")
    return render(
        request,
        "inspections/visit.html",
        {
            "visit": visit,
            "actions": actions,
            "can_read_notes": policy.can_read_visit_notes(request.user, visit),
            "can_record": policy.can_record_visit(request.user, visit.school),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def visit_share(request, pk: int):
    _require_recorder(request)
    visit = _visible_visit(request, pk)
    already = visit.is_shared
    visits.visit_share(visit=visit, by=request.user)
    if already:
        messages.info(request, f"This visit was shared on {visit.shared_at:%-d %B %Y}.")
    else:
        messages.success(
            request, f"The visit is shared with {visit.school.name}: its headteacher can read it."
        )
    return redirect(visit)


@login_required
@require_http_methods(["GET", "POST"])
def action_done(request, pk: int):
    _require_recorder(request)
    action = get_object_or_404(
        VisitAction.objects.select_related("visit__school"),
        pk=pk,
        visit__in=policy.visits_visible_to(request.user, LinkVisit.objects.all()),
    )
    form = CompleteActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visits.action_complete(action=action, on=form.cleaned_data["completed_on"])
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"Marked as done: {action.description[:80]}")
            return redirect(action.visit)
    return render(request, "inspections/action_done.html", {"action": action, "form": form})


@login_required
@require_GET
def report_download(request, pk: int):
    """The visit's report, for whoever may see the visit: an attachment no browser
    renders in the portal's origin or keeps in a shared cache."""
    visit = _visible_visit(request, pk)
    if not visit.report:
        raise Http404("This visit has no report.")
    try:
        handle = visit.report.open("rb")
    except FileNotFoundError:
        logger.error("Link visit %s: report %s is missing from storage", visit.pk, visit.report)
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, content_type=visit.report_content_type)
    response["Content-Disposition"] = attachment_disposition(visit.report_name or "report")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
