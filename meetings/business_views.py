"""Officers' pages for the business of a meeting, under /meetings/: the agenda,
attendance and quorum, minutes, decisions and actions; and the search page every
signed-in person may use.

Every officer page asks accounts.policy.can_manage_meeting_business (403 otherwise)
and changes go through meetings.business, whose ValidationErrors come back to the
form the officer filled in. The forms here only shape what was typed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import policy
from council_portal.forms import show_on_form

from . import business, search
from .models import Action, AgendaItem, Decision, Invitation, Meeting

# --- Forms ---------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


DATE_INVALID = "Enter a real date, for example 19/01/2027."
OWNER_HINT = "The e-mail address they sign in with. They are reminded before the deadline."


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=business.TITLE_MAX,
        error_messages={"required": "Enter the title of the item."},
    )  # fmt: skip
    purpose = forms.ChoiceField(
        label="What is the item for?", choices=AgendaItem.Purpose.choices,
        widget=forms.RadioSelect, initial=AgendaItem.Purpose.INFORMATION,
        error_messages={
            "required": "Choose whether the item is for decision, discussion or information."
        },
    )  # fmt: skip
    presenter = forms.CharField(
        label="Presenter (optional)", max_length=business.PRESENTER_MAX, required=False,
        help_text="Name and role, for example Jo Smith, Head of School Improvement.",
    )  # fmt: skip
    owner_email = forms.EmailField(
        label="Who prepares the item (optional)", required=False, help_text=OWNER_HINT,
        error_messages={"invalid": "Enter an e-mail address, like name@example.org."},
    )  # fmt: skip
    minutes_allotted = forms.IntegerField(
        label="Time allotted in minutes (optional)", required=False, min_value=1,
        max_value=business.MINUTES_ALLOTTED_MAX,
        error_messages={
            "invalid": "Enter the time allotted as a number of minutes, for example 15.",
            "min_value": f"Enter from 1 to {business.MINUTES_ALLOTTED_MAX} minutes.",
            "max_value": f"Enter from 1 to {business.MINUTES_ALLOTTED_MAX} minutes.",
        },
    )  # fmt: skip

    def clean_owner_email(self):
        email = self.cleaned_data["owner_email"]
        if not email:
            return None
        try:
            return business.person_by_email(email=email, field="owner_email")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["owner_email"]) from exc

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "purpose": data["purpose"], "presenter": data["presenter"],
            "owner": data["owner_email"], "minutes_allotted": data["minutes_allotted"],
        }  # fmt: skip

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        return {
            "title": item.title, "purpose": item.purpose, "presenter": item.presenter,
            "owner_email": item.owner.email if item.owner else "",
            "minutes_allotted": item.minutes_allotted,
        }  # fmt: skip


class MinuteForm(forms.Form):
    minute = forms.CharField(
        label="Minute", widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was discussed and agreed. It stays a draft until a later meeting "
        "approves it.",
        error_messages={"required": "Enter the minute of the item."},
    )  # fmt: skip


class DecisionForm(forms.Form):
    resolution = forms.CharField(
        label="RESOLVED", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was decided, for example: That the admissions policy for 2027/28 "
        "be approved.",
        error_messages={"required": "Enter what was resolved."},
    )  # fmt: skip
    other_options = forms.CharField(
        label="Other options considered (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    reasons = forms.CharField(
        label="Reasons for decision (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    decided_by = forms.CharField(
        label="Decided by (optional)", required=False, max_length=business.DECIDED_BY_MAX,
        help_text="The body, or the officer with delegated authority.",
    )  # fmt: skip
    decided_on = forms.DateField(
        label="Date of decision", widget=DateInput,
        error_messages={"required": "Enter the date of the decision.", "invalid": DATE_INVALID},
    )  # fmt: skip


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done."},
    )  # fmt: skip
    owner_email = forms.EmailField(
        label="Owner's e-mail address", help_text="They are reminded when it is overdue.",
        error_messages={
            "required": "Enter the e-mail address of the owner.",
            "invalid": "Enter an e-mail address, like name@example.org.",
        },
    )  # fmt: skip
    due_on = forms.DateField(
        label="Due date", widget=DateInput,
        error_messages={"required": "Enter the due date.", "invalid": DATE_INVALID},
    )  # fmt: skip
    agenda_item = forms.TypedChoiceField(
        label="Agenda item (optional)", required=False, coerce=int, empty_value=None,
    )  # fmt: skip

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["agenda_item"].choices = [
            ("", "Not about one item"),
            *((item.pk, f"{item.position}. {item.title}") for item in items),
        ]

    def clean_owner_email(self):
        try:
            return business.person_by_email(
                email=self.cleaned_data["owner_email"], field="owner_email"
            )
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["owner_email"]) from exc

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"], "owner": data["owner_email"],
            "due_on": data["due_on"], "agenda_item": self.items.get(data["agenda_item"]),
        }  # fmt: skip


class ApproveMinutesForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label="Minutes to approve", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the minutes to approve."},
    )  # fmt: skip

    def __init__(self, *args, awaiting: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.awaiting = {item.pk: item for item in awaiting}
        self.fields["items"].choices = [(item.pk, item.title) for item in awaiting]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search agendas, minutes, decisions and papers", max_length=search.QUERY_MAX,
        error_messages={
            "required": "Enter what to search for.",
            "max_length": f"Enter {search.QUERY_MAX} characters or fewer.",
        },
    )  # fmt: skip


# --- Helpers ---------------------------------------------------------------------------


def _require_business(request, meeting: Meeting | None = None) -> None:
    if not policy.can_manage_meeting_business(request.user, meeting):
        raise PermissionDenied


def _meeting(request, pk: int) -> Meeting:
    # Refuse before looking the meeting up, so a guessed number tells nothing.
    _require_business(request)
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "series", "term__year"), pk=pk
    )
    _require_business(request, meeting)
    return meeting


def _item(request, pk: int) -> AgendaItem:
    _require_business(request)
    item = get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting__body", "meeting__series", "meeting__term__year", "owner"
        ),
        pk=pk,
    )
    _require_business(request, item.meeting)
    return item


# Services name the owner; the forms ask for the owner's email.
OWNER_FIELD = {"owner": "owner_email"}


def _posted(request):
    """The submitted data on a POST, even when empty (so an empty form shows its
    errors), else None for an unbound form."""
    return request.POST if request.method == "POST" else None


def _render(request, template: str, meeting: Meeting, section: str, **context):
    return render(
        request,
        f"meetings/business/{template}",
        {"meeting": meeting, "section": section, **context},
    )


# --- Agenda ----------------------------------------------------------------------------


@login_required
def agenda(request, pk: int):
    """The agenda in order, with what each item carries; matters arising lists the
    actions still open from earlier meetings of the series."""
    meeting = _meeting(request, pk)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("owner")
        .annotate(paper_count=Count("papers", distinct=True))
        .order_by("position")
    )
    carried = list(business.carried_actions(meeting=meeting)) if items else []
    for item in items:
        item.carried = carried if business.is_matters_arising(item) else None
    standing_missing = [
        title
        for title in business.standing_titles(meeting)
        if title.casefold() not in {i.title.casefold() for i in items if i.is_standing}
    ]
    return _render(
        request, "agenda.html", meeting, "agenda",
        items=items, standing_missing=standing_missing,
        deadline=business.agenda_deadline(meeting),
    )  # fmt: skip


def _item_form(request, *, meeting: Meeting, item: AgendaItem | None):
    initial = AgendaItemForm.initial_for(item) if item else None
    form = AgendaItemForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                saved = business.agenda_item_add(meeting=meeting, **form.service_kwargs())
            else:
                saved = business.agenda_item_update(item=item, **form.service_kwargs())
        except ValidationError as exc:
            show_on_form(form, exc, aliases=OWNER_FIELD)
        else:
            messages.success(request, f"Item {saved.position}, {saved.title}, is saved.")
            return redirect("business:agenda", pk=meeting.pk)
    return _render(request, "item_form.html", meeting, "agenda", form=form, item=item)


@login_required
def item_add(request, pk: int):
    return _item_form(request, meeting=_meeting(request, pk), item=None)


@login_required
def item_edit(request, pk: int):
    item = _item(request, pk)
    return _item_form(request, meeting=item.meeting, item=item)


@login_required
@require_POST
def item_move(request, pk: int):
    """Up or down one place: buttons work without JavaScript and read well aloud."""
    item = _item(request, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, "Choose whether to move the item up or down.")
    else:
        try:
            moved = business.agenda_item_move(item=item, position=item.position + step)
        except ValidationError as exc:
            if "position" in getattr(exc, "error_dict", {}):
                messages.info(request, f"{item.title} is already at that end of the agenda.")
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{moved.title} is now item {moved.position}.")
    return redirect("business:agenda", pk=item.meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request, pk: int):
    item = _item(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            business.agenda_item_remove(item=item)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{item.title} is taken off the agenda.")
            return redirect("business:agenda", pk=item.meeting.pk)
    return _render(request, "item_remove.html", item.meeting, "agenda", item=item, errors=errors)


@login_required
@require_POST
def standing_items_add(request, pk: int):
    meeting = _meeting(request, pk)
    try:
        added = business.agenda_add_standing_items(meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if added:
            messages.success(request, f"Standing items added: {', '.join(i.title for i in added)}.")
        else:
            messages.info(request, "The standing items are already on the agenda.")
    return redirect("business:agenda", pk=meeting.pk)


# --- Attendance ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """The register of a meeting: one row of radios per current invitee."""
    meeting = _meeting(request, pk)
    invitations = list(
        Invitation.objects.filter(meeting=meeting, withdrawn_at=None)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__email")
    )
    errors: list[str] = []
    if request.method == "POST":
        marks = {
            i.person_id: request.POST.get(f"attendance-{i.person_id}", "") for i in invitations
        }
        try:
            changed = business.attendance_take(meeting=meeting, marks=marks)
        except ValidationError as exc:
            errors = exc.messages
            for invitation in invitations:
                invitation.attendance = marks[invitation.person_id]
        else:
            messages.success(
                request,
                f"Attendance is saved ({changed} change{'s'[: changed != 1]})."
                if changed
                else "Attendance is saved: nothing changed.",
            )
            return redirect("business:attendance", pk=meeting.pk)
    return _render(
        request, "attendance.html", meeting, "attendance",
        invitations=invitations, choices=Invitation.Attendance.choices, errors=errors,
        quorum=business.quorum_for(meeting, invitations),
    )  # fmt: skip


# --- Minutes and decisions -----------------------------------------------------------------


@login_required
def minutes(request, pk: int):
    """The record of the meeting, item by item: minute, decisions and actions."""
    meeting = _meeting(request, pk)
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("minute_approved_at")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "pk")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
        .order_by("position")
    )
    awaiting = business.minutes_awaiting_approval(meeting=meeting).count()
    return _render(
        request, "minutes.html", meeting, "minutes", items=items, awaiting=awaiting
    )  # fmt: skip


@login_required
def minute_edit(request, pk: int):
    item = _item(request, pk)
    form = MinuteForm(_posted(request), initial={"minute": item.minute})
    approved = item.minute_status == AgendaItem.MinuteStatus.APPROVED
    if request.method == "POST" and form.is_valid():
        try:
            business.minute_save(item=item, text=form.cleaned_data["minute"])
        except ValidationError as exc:
            show_on_form(form, exc, aliases=OWNER_FIELD)
        else:
            messages.success(request, f"The draft minute of {item.title} is saved.")
            return redirect("business:minutes", pk=item.meeting.pk)
    return _render(
        request, "minute_form.html", item.meeting, "minutes",
        form=form, item=item, approved=approved,
    )  # fmt: skip


@login_required
def minutes_approve(request, pk: int):
    """At this meeting, approve the draft minutes of the body's earlier meetings."""
    meeting = _meeting(request, pk)
    awaiting = list(business.minutes_awaiting_approval(meeting=meeting))
    form = ApproveMinutesForm(_posted(request), awaiting=awaiting)
    if request.method == "POST" and form.is_valid():
        chosen = [form.awaiting[pk] for pk in form.cleaned_data["items"]]
        try:
            count = business.minutes_approve(at_meeting=meeting, items=chosen)
        except ValidationError as exc:
            show_on_form(form, exc, aliases=OWNER_FIELD)
        else:
            messages.success(
                request, f"{count} minute{'s'[: count != 1]} approved at this meeting."
            )
            return redirect("business:minutes", pk=meeting.pk)
    return _render(
        request, "minutes_approve.html", meeting, "minutes", form=form, awaiting=awaiting
    )


@login_required
def decision_add(request, pk: int):
    item = _item(request, pk)
    form = DecisionForm(
        _posted(request), initial={"decided_on": business.meeting_day(item.meeting)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            business.decision_record(item=item, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc, aliases=OWNER_FIELD)
        else:
            messages.success(request, f"The decision on {item.title} is recorded.")
            return redirect("business:minutes", pk=item.meeting.pk)
    return _render(request, "decision_form.html", item.meeting, "minutes", form=form, item=item)


# --- Actions -------------------------------------------------------------------------------


@login_required
def actions(request, pk: int):
    """Actions agreed at this meeting, and those carried in from earlier ones."""
    meeting = _meeting(request, pk)
    agreed = (
        Action.objects.filter(meeting=meeting)
        .select_related("owner", "agenda_item")
        .order_by("due_on", "pk")
    )
    return _render(
        request, "actions.html", meeting, "actions",
        agreed=agreed, carried=business.carried_actions(meeting=meeting),
        today=timezone.localdate(),
    )  # fmt: skip


@login_required
def action_add(request, pk: int):
    meeting = _meeting(request, pk)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    form = ActionForm(_posted(request), items=items)
    if request.method == "POST" and form.is_valid():
        try:
            business.action_add(meeting=meeting, **form.service_kwargs())
        except ValidationError as exc:
            show_on_form(form, exc, aliases=OWNER_FIELD)
        else:
            messages.success(request, "The action is recorded.")
            return redirect("business:actions", pk=meeting.pk)
    return _render(request, "action_form.html", meeting, "actions", form=form)


@login_required
@require_POST
def action_done(request, pk: int):
    _require_business(request)
    action = get_object_or_404(Action.objects.select_related("meeting"), pk=pk)
    _require_business(request, action.meeting)
    business.action_complete(action=action)
    messages.success(request, f"Marked as done: {action.description[:80]}")
    # Back to the meeting whose page the officer was on (an action may be carried).
    back = request.POST.get("meeting", "")
    back_pk = int(back) if back.isascii() and back.isdigit() else action.meeting.pk
    return redirect("business:actions", pk=back_pk)


# --- Search (everyone signed in) -------------------------------------------------------------


@login_required
def search_page(request):
    """Search what the person may open: policy decides, search only looks within it."""
    form = SearchForm(request.GET or None)
    hits = None
    if form.is_valid():
        hits = search.search(actor=request.user, query=form.cleaned_data["q"])
    return render(
        request,
        "meetings/business/search.html",
        {"form": form, "hits": hits, "limit": search.RESULTS_MAX},
    )
