"""Reads that feed the register pages, the export and the API without N+1 queries."""

from django.db.models import Case, Count, F, IntegerField, Prefetch, QuerySet, When

from .categories import Category
from .models import GovernorAppointment, Headship, School

# ?sort= values the register accepts, each a stable ordering.
REGISTER_ORDERINGS = {
    "name": ("name", "urn"),
    "-name": ("-name", "-urn"),
    "urn": ("urn",),
    "-urn": ("-urn",),
    "category": ("category", "name", "urn"),
    "phase": ("phase", "name", "urn"),
    "status": ("status", "name", "urn"),
    "pupils": (F("number_of_pupils").asc(nulls_last=True), "name", "urn"),
    "-pupils": (F("number_of_pupils").desc(nulls_last=True), "name", "urn"),
}


def school_list() -> QuerySet[School]:
    return School.objects.select_related("local_authority")


def category_counts(schools: QuerySet[School]) -> list[dict]:
    """Schools per category, every category listed (zero included), in one query."""
    counted = dict(
        schools.order_by()
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    total = sum(counted.values())
    return [
        {
            "category": value,
            "label": label,
            "count": counted.get(value, 0),
            "percent": round(100 * counted.get(value, 0) / total) if total else 0,
        }
        for value, label in Category.choices
    ]


# Chair first, then vice-chair, governors, trustees, clerk.
_ROLE_ORDER = Case(
    *[When(role=role, then=i) for i, role in enumerate(GovernorAppointment.Role.values)],
    output_field=IntegerField(),
)


def school_with_people(schools: QuerySet[School]) -> QuerySet[School]:
    """Schools with their current head(s) and governing body prefetched."""
    return schools.select_related("local_authority").prefetch_related(
        Prefetch(
            "headships",
            queryset=Headship.objects.current().select_related("person"),
            to_attr="current_headships",
        ),
        Prefetch(
            "governors",
            queryset=GovernorAppointment.objects.current()
            .select_related("person")
            .order_by(_ROLE_ORDER, "person__last_name", "person__first_name"),
            to_attr="current_governors",
        ),
    )
