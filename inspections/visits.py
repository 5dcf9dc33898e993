"""Link visits: recording a visit with its follow-up actions and report, changing
it, sharing it with the school, and completing actions.

A visit may be recorded for any school, entitled to a link inspector or not
(contact with an independent school or a college is recorded too, usually with
the purpose "other"). Its notes are for officers until the visit is shared with
the school (see accounts.policy.visits_visible_to).

A report document passes the same checks as a meeting's paper
(`meetings.papers.paper_file_check`: what the file is by its content, the size
limit, its SHA-256), is stored under a random name, and leaves the portal only
through the download view, which asks the policy first.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import User
from council_portal.storage import stored_atomically
from meetings.papers import paper_file_check
from schools.models import GovernorAppointment, Headship, School

from .link import is_link_inspector
from .models import FocusArea, LinkVisit, VisitAction

NOTES_MAX = 20_000
DESCRIPTION_MAX = 500
OWNER_NAME_MAX = 200
EARLIEST_VISIT = date(2000, 1, 1)


@dataclass(frozen=True)
class ActionSpec:
    """A follow-up action to add: owned by a portal user, or by someone named."""

    description: str
    owner: User | None = None
    owner_name: str = ""
    due_on: date | None = None


def _check_visit(
    *, inspector: User | None, visited_on: date | None, purpose: str,
    focus_areas: Iterable[str], notes: str,
) -> tuple[dict[str, str], list[str]]:  # fmt: skip
    errors: dict[str, str] = {}
    if inspector is None:
        errors["inspector"] = "Select the link inspector who made the visit."
    elif not inspector.is_active or not is_link_inspector(inspector):
        errors["inspector"] = (
            f"{inspector.get_full_name() or inspector.email} is not a link inspector."
        )
    if visited_on is None:
        errors["visited_on"] = "Enter the date of the visit."
    elif visited_on > timezone.localdate():
        errors["visited_on"] = "The date of the visit cannot be in the future."
    elif visited_on < EARLIEST_VISIT:
        errors["visited_on"] = f"The date of the visit must be after {EARLIEST_VISIT:%Y}."
    if purpose not in LinkVisit.Purpose.values:
        errors["purpose"] = "Select the purpose of the visit."
    given = list(dict.fromkeys(focus_areas))
    unknown = [a for a in given if a not in FocusArea.values]
    if unknown:
        errors["focus_areas"] = f"Unknown focus area: {', '.join(map(str, unknown))}."
    if len(notes or "") > NOTES_MAX:
        errors["notes"] = f"The notes must be {NOTES_MAX:,} characters or fewer."
    # Kept in the order the portal lists them, whatever order they came in.
    ordered = [a for a in FocusArea.values if a in given]
    return errors, ordered


def _check_actions(
    actions: list[ActionSpec], visited_on: date | None, school: School
) -> dict[str, str]:
    problems = []
    owner_ids = {spec.owner.pk for spec in actions if spec.owner is not None}
    allowed = (
        set(action_owners(school).filter(pk__in=owner_ids).values_list("pk", flat=True))
        if owner_ids
        else set()
    )
    for n, spec in enumerate(actions, start=1):
        if not spec.description.strip():
            problems.append(f"Action {n}: enter what is to be done.")
        elif len(spec.description.strip()) > DESCRIPTION_MAX:
            problems.append(f"Action {n}: the description must be {DESCRIPTION_MAX} characters "
                            "or fewer.")  # fmt: skip
        if spec.owner is not None and spec.owner_name.strip():
            problems.append(f"Action {n}: choose a person or type a name, not both.")
        elif spec.owner is not None and not spec.owner.is_active:
            problems.append(f"Action {n}: the account of {spec.owner.email} is deactivated.")
        elif spec.owner is not None and spec.owner.pk not in allowed:
            problems.append(
                f"Action {n}: {spec.owner.get_full_name() or spec.owner.email} is not the "
                f"head, a governor of {school.name} or an officer; type their name instead."
            )
        if len(spec.owner_name.strip()) > OWNER_NAME_MAX:
            problems.append(f"Action {n}: the owner's name must be {OWNER_NAME_MAX} characters "
                            "or fewer.")  # fmt: skip
        if spec.due_on is not None and visited_on is not None and spec.due_on < visited_on:
            problems.append(f"Action {n}: the due date cannot be before the visit.")
    return {"actions": " ".join(problems)} if problems else {}


def _attach_report(visit: LinkVisit, checked, uploaded_file: File, stored: list[str]) -> None:
    uploaded_file.seek(0)
    # A random name: the original is kept for the download, never used as a path.
    visit.report.save(f"{uuid.uuid4().hex}{checked.kind.extensions[0]}", uploaded_file, save=False)
    stored.append(visit.report.name)
    visit.report_name = checked.name
    visit.report_content_type = checked.kind.content_type
    visit.report_size = checked.size
    visit.report_sha256 = checked.sha256


def _report_errors(report: File | None):
    if report is None:
        return None, {}
    try:
        return paper_file_check(uploaded_file=report), {}
    except ValidationError as exc:
        return None, {"report": exc.error_dict["file"][0].message}


def visit_record(
    *, school: School, inspector: User | None, visited_on: date | None, purpose: str,
    focus_areas: Iterable[str] = (), notes: str = "", actions: Iterable[ActionSpec] = (),
    report: File | None = None, by: User | None,
) -> LinkVisit:  # fmt: skip
    """Record a visit to `school`, with its follow-up actions and optional report.

    Every problem is reported at once, keyed by field, in a ValidationError; then
    nothing is stored.
    """
    actions = list(actions)
    errors, ordered = _check_visit(
        inspector=inspector, visited_on=visited_on, purpose=purpose,
        focus_areas=focus_areas, notes=notes,
    )  # fmt: skip
    errors.update(_check_actions(actions, visited_on, school))
    checked, report_errors = _report_errors(report)
    errors.update(report_errors)
    if errors:
        raise ValidationError(errors)

    with stored_atomically() as stored:
        visit = LinkVisit(
            school=school, inspector=inspector, visited_on=visited_on, purpose=purpose,
            focus_areas=ordered, notes=(notes or "").strip(), created_by=by,
        )  # fmt: skip
        if checked is not None:
            _attach_report(visit, checked, report, stored)
        visit.save()
        _add_actions(visit, actions)
    return visit


def _add_actions(visit: LinkVisit, actions: list[ActionSpec]) -> None:
    VisitAction.objects.bulk_create(
        VisitAction(
            visit=visit,
            description=spec.description.strip(),
            owner=spec.owner,
            owner_name=spec.owner_name.strip(),
            due_on=spec.due_on,
        )  # fmt: skip
        for spec in actions
    )


def visit_update(
    *, visit: LinkVisit, inspector: User | None, visited_on: date | None, purpose: str,
    focus_areas: Iterable[str] = (), notes: str = "", new_actions: Iterable[ActionSpec] = (),
    report: File | None = None, remove_report: bool = False, by: User | None,
) -> LinkVisit:  # fmt: skip
    """Change a visit's details, add follow-up actions, and replace or remove its report.

    Actions already recorded stay (they are completed, not deleted). A replaced
    report's file is deleted once the change is committed.
    """
    new_actions = list(new_actions)
    errors, ordered = _check_visit(
        inspector=inspector, visited_on=visited_on, purpose=purpose,
        focus_areas=focus_areas, notes=notes,
    )  # fmt: skip
    errors.update(_check_actions(new_actions, visited_on, visit.school))
    if visited_on is not None and "actions" not in errors:
        earlier = visit.actions.filter(due_on__lt=visited_on).exists()
        if earlier:
            errors["visited_on"] = "An action of this visit is due before that date."
    checked, report_errors = _report_errors(report)
    errors.update(report_errors)
    if errors:
        raise ValidationError(errors)

    old_file = visit.report.name if (checked is not None or remove_report) else ""
    with stored_atomically() as stored:
        visit.inspector, visit.visited_on, visit.purpose = inspector, visited_on, purpose
        visit.focus_areas, visit.notes = ordered, (notes or "").strip()
        if checked is not None:
            _attach_report(visit, checked, report, stored)
        elif remove_report:
            visit.report = ""
            visit.report_name = visit.report_content_type = visit.report_sha256 = ""
            visit.report_size = None
        visit.save()
        _add_actions(visit, new_actions)
        if old_file:
            transaction.on_commit(lambda: default_storage.delete(old_file))
    return visit


def visit_share(*, visit: LinkVisit, by: User | None = None) -> LinkVisit:
    """Share the visit with the school: its headteacher sees it from now on. Sharing
    again changes nothing (the first date is kept)."""
    if visit.shared_at is None:
        visit.shared_at = timezone.now()
        visit.save(update_fields=["shared_at", "updated_at"])
    return visit


def action_complete(*, action: VisitAction, on: date | None = None) -> VisitAction:
    """Mark a follow-up action done (today by default); done already: nothing changes."""
    if action.completed_on is not None:
        return action
    on = on or timezone.localdate()
    if on < action.visit.visited_on:
        raise ValidationError(
            {"completed_on": "An action cannot be done before the visit that agreed it."}
        )
    if on > timezone.localdate():
        raise ValidationError({"completed_on": "The date it was done cannot be in the future."})
    action.completed_on = on
    with transaction.atomic():
        action.save(update_fields=["completed_on", "updated_at"])
        # The visit's open actions change with it (API: actions_open, updated_since).
        LinkVisit.objects.filter(pk=action.visit_id).update(updated_at=timezone.now())
    return action


def action_owners(school: School) -> QuerySet[User]:
    """People who may own a follow-up action: the school's current head(s) and members
    of its governing body, and officers; by name, in one query."""
    heads = Headship.objects.current().filter(school=school, person=OuterRef("pk"))
    seats = GovernorAppointment.objects.current().filter(school=school, person=OuterRef("pk"))
    officers = User.groups.through.objects.filter(
        user=OuterRef("pk"), group__name__in=[roles.OFFICER, roles.ADMINISTRATOR]
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Exists(heads) | Exists(seats) | Exists(officers))
        .order_by("last_name", "first_name", "email")
    )
