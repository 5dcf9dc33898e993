"""Link inspectors: who serves which school, and which schools still need one.

Every state-funded school (maintained, academy, free school) is entitled to a
link inspector at no cost; independent schools, colleges and other
establishments are not, and `assign` refuses them. A school has one current link
inspector: a new assignment ends the previous one the day before it starts, so
handing a school over is one step and its history reads without gaps. An
assignment that would start on or before the current one's start is refused
(that is a correction, made by ending or changing the current one first).

Visits are another matter: contact with any school may be recorded
(`inspections.visits`), entitled or not.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import roles
from accounts.models import User
from schools.categories import Category, Status
from schools.models import School

from .models import LinkInspectorAssignment, LinkVisit, SupportCategorisation, VisitAction

# What a school that is not state-funded is, in the refusal's words.
NOT_ENTITLED_AS = {
    Category.INDEPENDENT: "an independent school",
    Category.FE: "a further education or sixth-form college",
    Category.OTHER: "not a state-funded school",
}


def entitlement_refusal(school: School) -> str | None:
    """Why a school has no link inspector entitlement, or None when it has one."""
    if school.is_state_funded:
        return None
    what = NOT_ENTITLED_AS.get(school.category, "not a state-funded school")
    return f"{school.name} is {what}: not entitled to a link inspector"


def is_link_inspector(person) -> bool:
    """An officer in the link inspector group: the only people schools are assigned to."""
    return roles.is_officer(person) and roles.has_group(person, roles.LINK_INSPECTOR)


def link_inspectors() -> QuerySet[User]:
    """Active officers in the link inspector group, by name."""
    return (
        User.objects.filter(is_active=True, groups__name=roles.LINK_INSPECTOR)
        .filter(Q(is_superuser=True) | Q(groups__name__in=[roles.OFFICER, roles.ADMINISTRATOR]))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _check_inspector(inspector: User | None, field: str = "inspector") -> None:
    if inspector is None:
        raise ValidationError({field: "Select a link inspector."})
    if not inspector.is_active or not is_link_inspector(inspector):
        raise ValidationError(
            {field: f"{inspector.get_full_name() or inspector.email} is not a link inspector."}
        )


@transaction.atomic
def assign(
    *, school: School, inspector: User, starts_on: date, by: User | None = None
) -> LinkInspectorAssignment:
    """Make `inspector` the link inspector of `school` from `starts_on`.

    Refused (ValidationError) for a school that is not entitled or is closed, for
    someone who is not a link inspector, and for a start on or before that of the
    school's current (or a future) assignment. A current assignment that started
    earlier ends the day before `starts_on`.
    """
    refusal = entitlement_refusal(school)
    if refusal:
        raise ValidationError({"school": refusal})
    if school.status == Status.CLOSED:
        raise ValidationError({"school": f"{school.name} is closed."})
    _check_inspector(inspector)
    # The school's row serialises assignments to it, so two officers assigning at
    # once cannot leave two current link inspectors.
    School.objects.select_for_update().filter(pk=school.pk).first()
    standing = LinkInspectorAssignment.objects.filter(school=school).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    later = standing.filter(starts_on__gte=starts_on).select_related("inspector").first()
    if later is not None:
        raise ValidationError(
            {
                "starts_on": f"{later.inspector.get_full_name()} is link inspector of "
                f"{school.name} from {later.starts_on:%-d %B %Y}. Choose a later start, "
                "or end that assignment first."
            }
        )
    previous = list(standing)
    for assignment in previous:
        if assignment.inspector_id == inspector.pk:
            raise ValidationError(
                {"inspector": f"{inspector.get_full_name()} is already link inspector of "
                 f"{school.name}."}
            )  # fmt: skip
    for assignment in previous:
        assignment.ends_on = starts_on - timedelta(days=1)
        assignment.save(update_fields=["ends_on", "updated_at"])
    return LinkInspectorAssignment.objects.create(
        school=school, inspector=inspector, starts_on=starts_on
    )


def end_assignment(
    *, assignment: LinkInspectorAssignment, ends_on: date, by: User | None = None
) -> LinkInspectorAssignment:
    """End an assignment on `ends_on` (its last day). Not before it started; an
    assignment already ended earlier keeps its date. The school is locked, as `assign`
    locks it, and the assignment read afresh: a handover made meanwhile stands."""
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=assignment.school_id).first()
        assignment.refresh_from_db()
        return _end(assignment, ends_on)


def _end(assignment: LinkInspectorAssignment, ends_on: date) -> LinkInspectorAssignment:
    if ends_on < assignment.starts_on:
        raise ValidationError(
            {"ends_on": f"The last day cannot be before the assignment began, "
             f"{assignment.starts_on:%-d %B %Y}."}
        )  # fmt: skip
    if assignment.ends_on is not None and assignment.ends_on < ends_on:
        raise ValidationError(
            {"ends_on": f"This assignment already ended on {assignment.ends_on:%-d %B %Y}."}
        )
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on", "updated_at"])
    return assignment


# --- Coverage ----------------------------------------------------------------------------


def entitled_schools() -> QuerySet[School]:
    """The council's open state-funded schools (open, or open but proposed to close)."""
    return School.objects.in_home_la().open().state_funded()


def _current_assignments(on: date | None = None) -> QuerySet[LinkInspectorAssignment]:
    return LinkInspectorAssignment.objects.current(on)


def uncovered_schools(*, on: date | None = None) -> QuerySet[School]:
    """Entitled open schools with no link inspector on `on` (default today).

    Independent schools, colleges and other establishments are never listed: they
    are not entitled, so they are not "uncovered".
    """
    covered = _current_assignments(on).filter(school=OuterRef("pk"))
    return (
        entitled_schools()
        .filter(~Exists(covered))
        .select_related("local_authority")
        .order_by("name", "urn")
    )


def coverage_counts(*, on: date | None = None) -> dict[str, int]:
    """Entitled open schools, how many have a link inspector, and how many do not (one query)."""
    covered = _current_assignments(on).filter(school=OuterRef("pk"))
    counts = (
        entitled_schools()
        .annotate(is_covered=Exists(covered))
        .aggregate(
            entitled=Count("id"),
            covered=Count("id", filter=Q(is_covered=True)),
        )
    )
    counts["uncovered"] = counts["entitled"] - counts["covered"]
    return counts


def caseloads(*, on: date | None = None) -> list[dict]:
    """Each link inspector (and anyone still holding assignments) with their current
    schools counted in total, by phase and by category. Two queries whatever the size."""
    rows = (
        _current_assignments(on)
        .order_by()
        .values_list("inspector_id", "school__phase", "school__category")
        .annotate(n=Count("id"))
    )
    by_person: dict[int, dict] = defaultdict(
        lambda: {"total": 0, "phases": defaultdict(int), "categories": defaultdict(int)}
    )
    for person_id, phase, category, n in rows:
        load = by_person[person_id]
        load["total"] += n
        load["phases"][phase or "Not recorded"] += n
        load["categories"][category] += n
    people = User.objects.filter(
        Q(pk__in=list(by_person)) | Q(pk__in=link_inspectors().values("pk"))
    ).order_by("last_name", "first_name", "email")
    labels = dict(Category.choices)
    result = []
    for person in people:
        load = by_person.get(person.pk, {"total": 0, "phases": {}, "categories": {}})
        result.append(
            {
                "inspector": person,
                "total": load["total"],
                "phases": sorted(load["phases"].items()),
                "categories": [
                    (labels.get(c, c), n) for c, n in sorted(load["categories"].items())
                ],
            }
        )
    return result


def my_schools(*, inspector: User, on: date | None = None) -> QuerySet[LinkInspectorAssignment]:
    """An inspector's current assignments with, for each school, the last visit, the
    next support review and the open follow-up actions (one query)."""
    last_visit = (
        LinkVisit.objects.filter(school=OuterRef("school"))
        .order_by()
        .values("school")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    latest_support = SupportCategorisation.objects.filter(school=OuterRef("school")).order_by(
        "-decided_on", "-id"
    )
    today = on or timezone.localdate()

    def open_actions_count(**extra):
        return (
            VisitAction.objects.filter(
                visit__school=OuterRef("school"), completed_on__isnull=True, **extra
            )
            .order_by()
            .values("visit__school")
            .annotate(n=Count("id"))
            .values("n")
        )

    return (
        _current_assignments(on)
        .filter(inspector=inspector)
        .select_related("school__local_authority")
        .annotate(
            last_visited_on=Subquery(last_visit),
            support_level=Subquery(latest_support.values("level")[:1]),
            next_review_on=Subquery(latest_support.values("review_on")[:1]),
            open_actions=Coalesce(Subquery(open_actions_count(), output_field=IntegerField()), 0),
            overdue_actions=Coalesce(
                Subquery(open_actions_count(due_on__lt=today), output_field=IntegerField()), 0
            ),
        )
        .order_by("school__name", "school__urn")
    )


def current_assignment(school: School) -> LinkInspectorAssignment | None:
    return _current_assignments().filter(school=school).select_related("inspector").first()
