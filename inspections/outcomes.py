"""The borough's inspection picture: each school's latest outcome, counted.

The rule, stated once (and on the dashboard):

- A school's **latest outcome** is its latest inspection, by start date, under a
  framework that gives an outcome: a graded inspection (with or without an overall
  grade) or a report card. Ungraded and monitoring inspections confirm the grade or
  not; they never replace it, so they are shown on a school's timeline, not here.
- The **denominator** is every open state-funded school (maintained, academy, free;
  open or open but proposed to close) in the home local authority.
- Grades are **never converted** between scales. The 4-point overall grades, the
  graded inspections without an overall grade, and report cards are separate
  buckets; report cards' evaluation areas are tabulated on their own 5-point scale.

Every figure is computed in a fixed number of queries whatever the number of
schools: a correlated subquery picks each school's latest outcome inside one
grouped count (bucket × category × phase).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from schools.categories import OPEN_STATUSES, STATE_FUNDED, Category
from schools.models import School

from .grades import REPORT_CARD_AREAS, Framework, Grade, ReportCardGrade, Safeguarding
from .models import (
    InspectionJudgement,
    LinkInspectorAssignment,
    OfstedImport,
    SchoolInspection,
)

# Frameworks whose inspections give (or replace) a school's outcome.
OUTCOME_FRAMEWORKS = (Framework.GRADED, Framework.GRADED_NO_OVERALL, Framework.REPORT_CARD)

# Buckets, in the order pages show them. The four grades are the 4-point scale's own words.
OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE = (
    Grade.OUTSTANDING.value,
    Grade.GOOD.value,
    Grade.REQUIRES_IMPROVEMENT.value,
    Grade.INADEQUATE.value,
)
GRADED_NO_OVERALL = "graded_no_overall"
REPORT_CARD = "report_card"
NOT_INSPECTED = "not_inspected"
UNRECORDED = "unrecorded"
BUCKETS: tuple[tuple[str, str], ...] = (
    (OUTSTANDING, "Outstanding"),
    (GOOD, "Good"),
    (REQUIRES_IMPROVEMENT, "Requires improvement"),
    (INADEQUATE, "Inadequate"),
    (GRADED_NO_OVERALL, "Graded, no overall grade (Sept 2024 – Nov 2025)"),
    (REPORT_CARD, "Report card"),
    (NOT_INSPECTED, "Not yet inspected"),
)
BUCKET_LABELS = dict(BUCKETS)
# Shorter names for the headers of wide tables; the full ones head the main table.
SHORT_LABELS = {**BUCKET_LABELS, GRADED_NO_OVERALL: "No overall grade"}
OVERALL_GRADE_BUCKETS = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)

# The categories of the denominator, in the order pages show them.
CATEGORIES = tuple((c.value, c.label) for c in Category if c in STATE_FUNDED)
NO_PHASE = "Not recorded"

# The latest-outcome subquery yields the bucket; report cards carry their safeguarding
# after a colon ("report_card:met") so the one grouped count also gives safeguarding.
_SEPARATOR = ":"


def denominator(on: date | None = None) -> QuerySet[School]:
    """Open state-funded schools of the home local authority: today, or as at `on`.

    As at a past date a school counts when it had opened by then (or its opening
    date is unknown) and had not closed: its `closed_on` is after the date, or, when
    GIAS gives no closing date, its status today is open. Category and phase are
    today's: an academy conversion closes the old URN and opens a new one, so it
    shows in the dates, but any other change of category does not.
    """
    schools = School.objects.filter(
        category__in=STATE_FUNDED, local_authority__code=settings.HOME_LA_CODE
    )
    if on is None:
        return schools.filter(status__in=OPEN_STATUSES)
    return schools.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on)).filter(
        Q(closed_on__gt=on) | Q(closed_on__isnull=True, status__in=OPEN_STATUSES)
    )


def outcome_inspections(on: date | None = None) -> QuerySet[SchoolInspection]:
    """Inspections that can be a school's outcome, started on or before `on`."""
    inspections = SchoolInspection.objects.filter(framework__in=OUTCOME_FRAMEWORKS)
    return inspections.filter(started_on__lte=on) if on else inspections


def _latest(on: date | None) -> QuerySet[SchoolInspection]:
    return outcome_inspections(on).filter(school=OuterRef("pk")).order_by("-started_on", "-id")


_BUCKET_OF_INSPECTION = Case(
    When(
        framework=Framework.REPORT_CARD,
        then=Concat(Value(REPORT_CARD + _SEPARATOR), F("safeguarding")),
    ),
    When(framework=Framework.GRADED, overall_effectiveness__in=OVERALL_GRADE_BUCKETS,
         then=F("overall_effectiveness")),
    # A graded inspection recorded without its overall grade is counted with the
    # others that have none: no grade is ever guessed.
    default=Value(GRADED_NO_OVERALL),
    output_field=CharField(),
)  # fmt: skip


def with_latest_outcome(schools: QuerySet[School], on: date | None = None) -> QuerySet[School]:
    """Schools annotated with `latest_outcome_id` and `outcome_key` (the bucket, report
    cards as "report_card:<safeguarding>", schools never inspected "not_inspected")."""
    latest = _latest(on)
    return schools.annotate(
        latest_outcome_id=Subquery(latest.values("id")[:1]),
        outcome_key=Coalesce(
            Subquery(latest.annotate(key=_BUCKET_OF_INSPECTION).values("key")[:1]),
            Value(NOT_INSPECTED),
            output_field=CharField(),
        ),
    )


def latest_outcome(school: School, on: date | None = None) -> SchoolInspection | None:
    """One school's latest outcome inspection (None when it has none), as the rule says."""
    return outcome_inspections(on).filter(school=school).order_by("-started_on", "-id").first()


def bucket_of(inspection: SchoolInspection | None) -> str:
    """The bucket an inspection puts its school in (for one school's page)."""
    if inspection is None:
        return NOT_INSPECTED
    if inspection.framework == Framework.REPORT_CARD:
        return REPORT_CARD
    if inspection.framework == Framework.GRADED and inspection.overall_effectiveness:
        return inspection.overall_effectiveness
    return GRADED_NO_OVERALL


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row:
    """Counts by bucket for one slice of the denominator (all, a category, a phase, a year)."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _ in BUCKETS})
    on: date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def with_overall_grade(self) -> int:
        return sum(self.counts[key] for key in OVERALL_GRADE_BUCKETS)

    def percent(self, key: str) -> float | None:
        """Share of the whole slice, one decimal."""
        return _percent(self.counts[key], self.total)

    def percent_of_graded(self, key: str) -> float | None:
        """Share of the slice's schools with a 4-point overall grade, one decimal."""
        return _percent(self.counts[key], self.with_overall_grade)

    @property
    def without_overall_grade(self) -> int:
        return self.total - self.with_overall_grade

    def cells(self) -> list[dict]:
        return [
            {
                "key": key,
                "label": label,
                "count": self.counts[key],
                "percent": self.percent(key),
                "percent_of_graded": (
                    self.percent_of_graded(key) if key in OVERALL_GRADE_BUCKETS else None
                ),
            }
            for key, label in BUCKETS
        ]


@dataclass
class ReportCardArea:
    area: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[dict]:
        return [
            {"grade": grade, "label": label, "count": self.counts[grade]}
            for grade, label in ReportCardGrade.choices
        ]


@dataclass
class Picture:
    """The borough's figures as at a date (None: today)."""

    on: date | None
    borough: Row
    by_category: list[Row]
    by_phase: list[Row]
    safeguarding: dict[str, int]


def picture(on: date | None = None) -> Picture:
    """Counts of the denominator by latest outcome, overall, by category and by phase.

    One query: the latest outcome per school is a correlated subquery (it uses the
    (school, started_on) index), grouped with category and phase.
    """
    rows = (
        with_latest_outcome(denominator(on), on)
        .order_by()
        .values_list("outcome_key", "category", "phase")
        .annotate(n=Count("id"))
    )
    borough = Row("All schools")
    categories = {value: Row(label) for value, label in CATEGORIES}
    phases: dict[str, Row] = {}
    safeguarding = {value: 0 for value in [*Safeguarding.values, UNRECORDED]}
    for key, category, phase, n in rows:
        bucket, _, guarded = key.partition(_SEPARATOR)
        if bucket == REPORT_CARD:
            safeguarding[guarded if guarded in safeguarding else UNRECORDED] += n
        phase = phase or NO_PHASE
        for row in (borough, categories[category], phases.setdefault(phase, Row(phase))):
            row.counts[bucket] += n
    return Picture(
        on=on,
        borough=borough,
        by_category=list(categories.values()),
        by_phase=[phases[p] for p in _phase_order(phases)],
        safeguarding=safeguarding,
    )


def _phase_order(phases) -> list[str]:
    from schools.categories import PHASES

    order = {phase: i for i, phase in enumerate([*PHASES, NO_PHASE])}
    return sorted(phases, key=lambda phase: (order.get(phase, len(order)), phase))


def report_card_areas(on: date | None = None) -> list[ReportCardArea]:
    """For schools whose latest outcome is a report card: per evaluation area, the
    number of schools at each grade of the 5-point scale. One query."""
    latest_ids = with_latest_outcome(denominator(on), on).values("latest_outcome_id")
    counted = (
        InspectionJudgement.objects.filter(
            inspection__in=latest_ids, inspection__framework=Framework.REPORT_CARD
        )
        .order_by()
        .values_list("area", "grade")
        .annotate(n=Count("id"))
    )
    table = {area: {grade: 0 for grade in ReportCardGrade.values} for area in REPORT_CARD_AREAS}
    for area, grade, n in counted:
        if area in table and grade in table[area]:
            table[area][grade] += n
    return [
        ReportCardArea(area=area.value, label=area.label, counts=table[area])
        for area in REPORT_CARD_AREAS
    ]


def academic_year_ends(count: int, today: date | None = None) -> list[date]:
    """31 August of the last `count` academic years that have ended, latest first."""
    today = today or timezone.localdate()
    # On 31 August itself the year has not yet ended.
    year = today.year if today > date(today.year, 8, 31) else today.year - 1
    return [date(year - i, 8, 31) for i in range(count)]


def year_on_year(count: int = 4, today: date | None = None) -> list[Row]:
    """The borough's counts as at 31 August of each of the previous `count` academic
    years: one query a year, so a fixed number."""
    rows = []
    for on in academic_year_ends(count, today):
        row = picture(on).borough
        row.label = f"31 August {on.year}"
        row.on = on
        rows.append(row)
    return rows


def data_date() -> tuple[datetime | date | None, str]:
    """When the inspection data was last refreshed, and how we know: the latest
    finished Ofsted import, else the latest publication date of an inspection."""
    finished = (
        OfstedImport.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if finished:
        return finished, "the latest Ofsted import"
    published = SchoolInspection.objects.aggregate(latest=Max("published_on"))["latest"]
    if published:
        return published, "the latest inspection publication date"
    return None, ""


@dataclass
class Coverage:
    entitled: int
    with_link_inspector: int

    @property
    def without_link_inspector(self) -> int:
        return self.entitled - self.with_link_inspector


def link_inspector_coverage() -> Coverage:
    """Open state-funded schools of the borough with and without a current link inspector."""
    current = LinkInspectorAssignment.objects.current().filter(school=OuterRef("pk"))
    counts = denominator().aggregate(
        entitled=Count("id"), covered=Count("id", filter=Q(Exists(current)))
    )
    return Coverage(entitled=counts["entitled"], with_link_inspector=counts["covered"])
