"""The council's own inspections: recording them, improvement notices, and the actions
that follow their recommendations.

Every write checks its whole input first and raises ValidationError naming the
field, so a form or an API call with bad input changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils import timezone

from .grades import AreaSendOutcome, Grade, ILACSArea, LAInspectionKind
from .models import ImprovementAction, ImprovementNotice, LAInspection, LAJudgement

ILACS_KINDS = frozenset({LAInspectionKind.ILACS_STANDARD, LAInspectionKind.ILACS_SHORT})
# Overall effectiveness is the inspection's own field; these are the other judgements.
ILACS_JUDGEMENT_AREAS = tuple(a for a in ILACSArea if a != ILACSArea.OVERALL)
_SEPARATE = {ILACSArea.CHILDREN_IN_CARE, ILACSArea.CARE_LEAVERS}
_COMBINED = ILACSArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS

Status = ImprovementAction.Status


# --- Reads ------------------------------------------------------------------------------


def la_inspections() -> QuerySet[LAInspection]:
    """LA inspections, latest first, with their judgements and actions (owners) prefetched."""
    return LAInspection.objects.order_by("-started_on", "-id").prefetch_related(
        "judgements",
        Prefetch("actions", queryset=ImprovementAction.objects.select_related("owner")),
    )


def improvement_notices() -> QuerySet[ImprovementNotice]:
    return ImprovementNotice.objects.order_by("-issued_on", "-id").prefetch_related(
        Prefetch("actions", queryset=ImprovementAction.objects.select_related("owner"))
    )


def open_actions() -> QuerySet[ImprovementAction]:
    """Actions not yet done, soonest due first, with where they came from."""
    overdue = Q(due_on__lt=timezone.localdate())
    return (
        ImprovementAction.objects.exclude(status=Status.DONE)
        .select_related("owner", "inspection", "notice")
        .annotate(overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def timeline(inspections: list[LAInspection], notices: list[ImprovementNotice]) -> list[dict]:
    """The children's services' journey in date order, latest first: each inspection,
    each notice issued and each notice lifted."""
    events = [
        {"on": i.published_on or i.started_on, "kind": "inspection", "inspection": i}
        for i in inspections
    ]
    for notice in notices:
        events.append({"on": notice.issued_on, "kind": "notice_issued", "notice": notice})
        if notice.lifted_on:
            events.append({"on": notice.lifted_on, "kind": "notice_lifted", "notice": notice})
    return sorted(events, key=lambda e: e["on"], reverse=True)


# --- LA inspections ---------------------------------------------------------------------


def _check_inspection(
    *, kind: str, started_on: date, ended_on: date | None, published_on: date | None,
    overall_effectiveness: str, judgements: dict[str, str], send_outcome: str,
) -> None:  # fmt: skip
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if kind not in LAInspectionKind.values:
        error("kind", "Choose the kind of inspection.")
    if started_on > timezone.localdate():
        error("started_on", "The start date must be today or in the past.")
    if ended_on and ended_on < started_on:
        error("ended_on", "The end date must be on or after the start date.")
    if published_on and published_on < (ended_on or started_on):
        error("published_on", "The report cannot be published before the inspection ended.")
    is_ilacs = kind in ILACS_KINDS
    if overall_effectiveness:
        if overall_effectiveness not in Grade.values:
            error("overall_effectiveness", "Choose an overall effectiveness grade.")
        elif not is_ilacs:
            error(
                "overall_effectiveness",
                "Only an ILACS inspection gives an overall effectiveness grade.",
            )
    given = {area: grade for area, grade in judgements.items() if grade}
    if given and not is_ilacs:
        error("judgements", "Only an ILACS inspection has ILACS judgements.")
    for area, grade in given.items():
        if area not in ILACS_JUDGEMENT_AREAS:
            error("judgements", f"“{area}” is not an ILACS judgement.")
        elif grade not in Grade.values:
            error(area, "Choose a grade from outstanding to inadequate.")
    if _COMBINED in given and _SEPARATE & set(given):
        error(
            _COMBINED,
            "Children in care and care leavers are judged either together (before 2023) "
            "or separately, not both.",
        )
    if send_outcome:
        if send_outcome not in AreaSendOutcome.values:
            error("send_outcome", "Choose an area SEND outcome.")
        elif kind != LAInspectionKind.AREA_SEND:
            error("send_outcome", "Only an area SEND inspection has an area SEND outcome.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def la_inspection_record(
    *, kind: str, started_on: date, ended_on: date | None = None,
    published_on: date | None = None, overall_effectiveness: str = "",
    judgements: dict[str, str] | None = None, send_outcome: str = "", summary: str = "",
    report_url: str = "", inspection: LAInspection | None = None,
) -> LAInspection:  # fmt: skip
    """Record an inspection of the council's children's services, or change one
    (`inspection`). `judgements` maps ILACS areas to grades; it replaces the old ones."""
    judgements = {area: grade for area, grade in (judgements or {}).items() if grade}
    _check_inspection(
        kind=kind, started_on=started_on, ended_on=ended_on, published_on=published_on,
        overall_effectiveness=overall_effectiveness, judgements=judgements,
        send_outcome=send_outcome,
    )  # fmt: skip
    inspection = inspection or LAInspection()
    for name, value in {
        "kind": kind, "started_on": started_on, "ended_on": ended_on,
        "published_on": published_on, "overall_effectiveness": overall_effectiveness,
        "send_outcome": send_outcome, "summary": summary, "report_url": report_url,
    }.items():  # fmt: skip
        setattr(inspection, name, value)
    inspection.save()
    inspection.judgements.all().delete()
    LAJudgement.objects.bulk_create(
        LAJudgement(inspection=inspection, area=area, grade=grade)
        for area, grade in judgements.items()
    )
    return inspection


# --- Improvement notices ----------------------------------------------------------------


def notice_issue(*, issued_on: date, summary: str = "", url: str = "") -> ImprovementNotice:
    """Record an improvement notice issued by the DfE. One is in force at a time."""
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "The date of issue must be today or in the past."})
    if ImprovementNotice.objects.filter(lifted_on__isnull=True).exists():
        raise ValidationError(
            "An improvement notice is already in force: record that it was lifted first."
        )
    return ImprovementNotice.objects.create(issued_on=issued_on, summary=summary, url=url)


def notice_lift(*, notice: ImprovementNotice, lifted_on: date) -> ImprovementNotice:
    """Record that the DfE lifted a notice."""
    if notice.lifted_on:
        raise ValidationError(f"This notice was already lifted on {notice.lifted_on:%-d %B %Y}.")
    if lifted_on < notice.issued_on:
        raise ValidationError(
            {"lifted_on": "A notice cannot be lifted before it was issued "
                          f"({notice.issued_on:%-d %B %Y})."}
        )  # fmt: skip
    if lifted_on > timezone.localdate():
        raise ValidationError({"lifted_on": "The date must be today or in the past."})
    notice.lifted_on = lifted_on
    notice.save(update_fields=["lifted_on", "updated_at"])
    return notice


# --- Improvement actions ----------------------------------------------------------------


def action_add(
    *, recommendation: str, inspection: LAInspection | None = None,
    notice: ImprovementNotice | None = None, owner=None, due_on: date | None = None,
) -> ImprovementAction:  # fmt: skip
    """Turn a recommendation (of an inspection or a notice) into an action to track."""
    if (inspection is None) == (notice is None):
        raise ValidationError("An action comes from one inspection or one improvement notice.")
    if not recommendation.strip():
        raise ValidationError({"recommendation": "Enter the recommendation."})
    source_date = inspection.started_on if inspection else notice.issued_on
    if due_on and due_on < source_date:
        raise ValidationError(
            {"due_on": f"The due date cannot be before {source_date:%-d %B %Y}, "
                       "when the recommendation was made."}
        )  # fmt: skip
    action = ImprovementAction.objects.create(
        inspection=inspection, notice=notice, recommendation=recommendation.strip(),
        owner=owner, due_on=due_on,
    )  # fmt: skip
    _touch_source(action)
    return action


def _touch_source(action: ImprovementAction) -> None:
    """The inspection or notice shows its actions (API): a change to one is a change to
    it for a system syncing with updated_since."""
    now = timezone.now()
    if action.inspection_id:
        LAInspection.objects.filter(pk=action.inspection_id).update(updated_at=now)
    if action.notice_id:
        ImprovementNotice.objects.filter(pk=action.notice_id).update(updated_at=now)


def _made_on(action: ImprovementAction) -> date:
    """When the recommendation behind an action was made."""
    return action.inspection.started_on if action.inspection else action.notice.issued_on


def action_update(
    *, action: ImprovementAction, status: str, completed_on: date | None = None,
    owner=None, due_on: date | None = None,
) -> ImprovementAction:  # fmt: skip
    """Change an action's status, owner and due date. Done needs the day it was done
    (today if not given); any other status clears it."""
    if status not in Status.values:
        raise ValidationError({"status": "Choose a status."})
    start = _made_on(action)
    if due_on and due_on < start:
        raise ValidationError({"due_on": f"The due date cannot be before {start:%-d %B %Y}."})
    if status == Status.DONE:
        completed_on = completed_on or timezone.localdate()
        if completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The date done must be today or earlier."})
        if completed_on < start:
            raise ValidationError(
                {"completed_on": f"The date done cannot be before {start:%-d %B %Y}."}
            )
    elif completed_on:
        raise ValidationError(
            {"completed_on": "Leave the date done empty unless the action is done."}
        )
    action.status = status
    action.completed_on = completed_on if status == Status.DONE else None
    action.owner = owner
    action.due_on = due_on
    action.save()
    _touch_source(action)
    return action
