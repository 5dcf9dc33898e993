"""Schools causing concern: how much support each school needs.

Each decision is a new SupportCategorisation row, so a school's history reads in
order and nothing is overwritten; the latest decision is in force until the next.
A review date that has passed without a newer decision is overdue.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import User
from schools.models import School

from .models import SupportCategorisation

REASONS_MAX = 5_000
Level = SupportCategorisation.Level

# Intensive first: the schools officers look at first.
_LEVEL_ORDER = Case(
    *[When(level=value, then=Value(i)) for i, value in enumerate(reversed(Level.values))],
    output_field=IntegerField(),
)


def categorise(
    *, school: School, level: str, reasons: str, decided_on: date | None,
    review_on: date | None, by: User | None,
) -> SupportCategorisation:  # fmt: skip
    """Record a support decision for `school`. Every problem at once, by field."""
    errors = {}
    if level not in Level.values:
        errors["level"] = "Select the level of support."
    if not (reasons or "").strip():
        errors["reasons"] = "Enter the reasons for the decision."
    elif len(reasons.strip()) > REASONS_MAX:
        errors["reasons"] = f"The reasons must be {REASONS_MAX:,} characters or fewer."
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision."
    elif decided_on > timezone.localdate():
        errors["decided_on"] = "The date of the decision cannot be in the future."
    if review_on is not None and decided_on is not None and review_on < decided_on:
        errors["review_on"] = "The review date cannot be before the decision."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The decision it replaces is no longer current: touch it, so a system syncing
        # with updated_since sees that change too.
        SupportCategorisation.objects.filter(school=school).update(updated_at=timezone.now())
        return SupportCategorisation.objects.create(
            school=school, level=level, reasons=reasons.strip(), decided_on=decided_on,
            review_on=review_on, decided_by=by,
        )  # fmt: skip


def current_categorisations(*, level: str | None = None) -> QuerySet[SupportCategorisation]:
    """The decision in force for each school that has one (the latest), with the
    school, most intensive support first and then by review date; one query.

    Each row carries `is_overdue`: its review date has passed.
    """
    # A later decision, or one of the same day recorded after it.
    newer = SupportCategorisation.objects.filter(
        Q(decided_on__gt=OuterRef("decided_on"))
        | Q(decided_on=OuterRef("decided_on"), id__gt=OuterRef("id")),
        school=OuterRef("school"),
    )
    today = timezone.localdate()
    rows = (
        SupportCategorisation.objects.filter(~Exists(newer))
        .annotate(is_overdue=ExpressionWrapper(Q(review_on__lt=today), output_field=BooleanField()))
        .select_related("school__local_authority", "decided_by")
        .order_by(_LEVEL_ORDER, F("review_on").asc(nulls_last=True), "school__name")
    )
    if level:
        rows = rows.filter(level=level)
    return rows


def level_counts() -> dict[str, int]:
    """Schools at each level, by their decision in force (one query)."""
    counted = dict(
        current_categorisations()
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return {value: counted.get(value, 0) for value in Level.values}


def history(school: School) -> QuerySet[SupportCategorisation]:
    """Every decision about a school, newest first."""
    return school.support_categorisations.select_related("decided_by").order_by(
        "-decided_on", "-id"
    )


def latest_level(school_ref=None) -> Subquery:
    """A subquery for the level in force, to annotate schools with (`OuterRef("pk")`)."""
    return Subquery(
        SupportCategorisation.objects.filter(school=school_ref or OuterRef("pk"))
        .order_by("-decided_on", "-id")
        .values("level")[:1]
    )
