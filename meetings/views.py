"""Officers' meeting pages under /meetings/: the diary, a meeting with its
invitations, rescheduling and cancelling, and a body's meeting series.

Every page asks accounts.policy.can_manage_meetings; changes go through
meetings.services and meetings.series, whose ValidationErrors come back to the
form the officer filled in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import policy
from council_portal.forms import show_on_form
from partnerships.models import Body

from . import selectors, services
from . import series as series_service
from .calendar import academic_year_starting
from .forms import RescheduleForm, SeriesForm, TermForm
from .models import AcademicYear, Meeting, MeetingSeries, Term
from .terms import term_update

DIARY_PAGE_SIZE = 50


def _require_manager(request, body: Body | None = None) -> None:
    if not policy.can_manage_meetings(request.user, body=body):
        raise PermissionDenied


@login_required
def diary(request):
    _require_manager(request)
    data = request.GET.copy()
    # The diary opens on the current academic year; "Any year" sends an empty value.
    if "year" not in data:
        data["year"] = AcademicYear.name_for(academic_year_starting(timezone.localdate()))
    meetings = selectors.with_reply_counts(
        policy.meetings_visible_to(request.user, selectors.meeting_list())
    )
    filterset = selectors.MeetingFilter(data, queryset=meetings)
    page = Paginator(filterset.qs, DIARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    form = filterset.form
    return render(
        request,
        "meetings/officer/diary.html",
        {
            "page": page,
            "query": query.urlencode(),
            "total": page.paginator.count,
            "bodies": form.fields["body"].queryset.order_by("name"),
            "years": form.fields["year"].queryset.order_by("-starts_on"),
            "terms": Term.Name.choices,
            "statuses": Meeting.Status.choices,
            "chosen": {
                "body": data.getlist("body"),
                "year": data.get("year", ""),
                "term": data.get("term", ""),
                "status": data.getlist("status"),
            },
        },
    )


def _managed_meeting(request, pk: int, meetings=None) -> Meeting:
    _require_manager(request)
    meetings = meetings if meetings is not None else selectors.meeting_list()
    meeting = get_object_or_404(policy.meetings_visible_to(request.user, meetings), pk=pk)
    _require_manager(request, body=meeting.body)
    return meeting


@login_required
def meeting_detail(request, pk: int):
    meeting = _managed_meeting(
        request, pk, selectors.meeting_with_invitations(Meeting.objects.all())
    )
    invitations = meeting.all_invitations
    return render(
        request,
        "meetings/officer/meeting.html",
        {
            "meeting": meeting,
            "invitations": [i for i in invitations if i.withdrawn_at is None],
            "withdrawn": [i for i in invitations if i.withdrawn_at is not None],
            "replies": selectors.reply_tallies(invitations),
            "attendance": selectors.attendance_tallies(invitations),
        },
    )


@login_required
def reschedule(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = RescheduleForm(request.POST or None, initial=RescheduleForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.meeting_reschedule(
                meeting=meeting, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            if moved.sequence == meeting.sequence:
                messages.info(request, "Nothing changed: the meeting keeps its time and place.")
            else:
                messages.success(
                    request, "The meeting has been changed. Invitees will be sent the update."
                )
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/officer/reschedule.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk: int):
    meeting = _managed_meeting(request, pk)
    if meeting.is_cancelled:
        messages.info(request, "This meeting is already cancelled.")
        return redirect("meetings:meeting", pk=meeting.pk)
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting, by=request.user)
        messages.success(
            request, "The meeting has been cancelled. Invitees will be sent the cancellation."
        )
        return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/officer/cancel.html", {"meeting": meeting})


# --- Meeting series -----------------------------------------------------------------


def _saved_message(request, series: MeetingSeries, added: int, done: str = "saved") -> None:
    message = f"{series.title} {done}."
    if added:
        message += f" {added} meeting{'s'[: added != 1]} added to the diary."
    messages.success(request, message)


def _series_form(request, *, body: Body, series: MeetingSeries, title: str):
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        try:
            added = series_service.series_save(series=changed, by=request.user)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            _saved_message(request, changed, added)
            return redirect("meetings:body", pk=body.pk)
    return render(
        request,
        "meetings/officer/series_form.html",
        {"body": body, "series": series, "form": form, "title": title},
    )


@login_required
def series_add(request, body_pk: int):
    _require_manager(request)
    body = get_object_or_404(Body, pk=body_pk)
    _require_manager(request, body=body)
    return _series_form(
        request, body=body, series=MeetingSeries(body=body), title="Add a meeting series"
    )


def _managed_series(request, pk: int) -> MeetingSeries:
    _require_manager(request)
    series = get_object_or_404(MeetingSeries.objects.select_related("body"), pk=pk)
    _require_manager(request, body=series.body)
    return series


@login_required
def series_edit(request, pk: int):
    series = _managed_series(request, pk)
    return _series_form(request, body=series.body, series=series, title=f"Change {series.title}")


@login_required
@require_http_methods(["GET", "POST"])
def series_pause(request, pk: int, paused: bool):
    series = _managed_series(request, pk)
    if request.method == "POST":
        added = series_service.series_pause(series=series, paused=paused, by=request.user)
        if paused:
            messages.success(request, f"{series.title} is paused: no new meetings are scheduled.")
        else:
            _saved_message(request, series, added, done="resumed")
        return redirect("meetings:body", pk=series.body.pk)
    return render(
        request,
        "meetings/officer/series_pause.html",
        {
            "series": series,
            "pausing": paused,
            "action": reverse(
                "meetings:series_pause" if paused else "meetings:series_resume", args=[series.pk]
            ),
        },
    )


@login_required
def terms(request):
    """The school calendar the diary is placed on: each year's terms and half-terms."""
    _require_manager(request)
    years = AcademicYear.objects.prefetch_related("terms").order_by("starts_on")
    return render(request, "meetings/officer/terms.html", {"years": years})


@login_required
def term_edit(request, pk: int):
    _require_manager(request)
    term = get_object_or_404(Term.objects.select_related("year"), pk=pk)
    form = TermForm(
        request.POST or None,
        initial={
            "starts_on": term.starts_on, "ends_on": term.ends_on,
            "half_term_starts_on": term.half_term_starts_on,
            "half_term_ends_on": term.half_term_ends_on,
        },
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            term_update(term=term, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"The dates of the {term} are saved.")
            return redirect("meetings:terms")
    return render(request, "meetings/officer/term_form.html", {"form": form, "term": term})
