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
schools. A window function gives each outcome inspection the start of its school's
next one, so "the latest as at a date" is a join condition rather than a subquery
per school, and the figures as at several dates (today and each previous 31 August)
are one grouped count (date × bucket × category × phase).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Lead
from django.utils import timezone

from schools.categories import OPEN_STATUSES, STATE_FUNDED, Category
from schools.models import LocalAuthority, School

from . import link
from .grades import REPORT_CARD_AREAS, Framework, Grade, ReportCardGrade, Safeguarding
from .models import InspectionJudgement, OfstedImport, SchoolInspection

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
    return _borough_state_funded().filter(_counted_on(on))


def _borough_state_funded() -> QuerySet[School]:
    # The authority by a scalar subquery rather than a join: the planner then expects
    # the share of schools an authority has on average, not a guess at a join's.
    home = LocalAuthority.objects.filter(code=settings.HOME_LA_CODE).order_by().values("id")
    return School.objects.filter(category__in=STATE_FUNDED, local_authority_id=Subquery(home))


def _counted_on(on: date | None) -> Q:
    """The part of the denominator's rule that depends on the date (see `denominator`)."""
    if on is None:
        return Q(status__in=OPEN_STATUSES)
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=on)) & (
        Q(closed_on__gt=on) | Q(closed_on__isnull=True, status__in=OPEN_STATUSES)
    )


def outcome_inspections(on: date | None = None) -> QuerySet[SchoolInspection]:
    """Inspections that can be a school's outcome, started on or before `on`."""
    inspections = SchoolInspection.objects.filter(framework__in=OUTCOME_FRAMEWORKS)
    return inspections.filter(started_on__lte=on) if on else inspections


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


def _with_next_start(inspections: QuerySet[SchoolInspection]) -> QuerySet[SchoolInspection]:
    """Inspections annotated with `next_started_on`: the start of the same school's next
    one among them in the rule's order (start date, then id), None for its last.

    An inspection is its school's latest as at a date D when it started on or before D
    and the next one did not (None, or after D), so one pass of a window function over
    the inspections answers for any number of dates."""
    return inspections.annotate(
        next_started_on=Window(
            Lead("started_on"),
            partition_by=[F("school_id")],
            order_by=[F("started_on").asc(), F("id").asc()],
        )
    )


def latest_outcomes(on: date | None = None) -> QuerySet[SchoolInspection]:
    """Each school's latest outcome inspection as at `on` (default: whenever started):
    the outcome inspections with no later one of the same school, in the rule's order
    (start date, then id). A row-wise NOT EXISTS, so further filters compose with it."""
    later = outcome_inspections(on).filter(
        Q(started_on__gt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), id__gt=OuterRef("id")),
        school=OuterRef("school"),
    )
    return outcome_inspections(on).filter(~Exists(later))


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


# The bound of "today": every outcome inspection counts, whenever it started.
_NO_BOUND = date(9999, 12, 31)


def _counts_as_at(dates: Sequence[date | None]) -> list[tuple]:
    """The denominator's schools counted as at each of `dates`, in ONE query.

    The outcome inspections, each with the start of its school's next one, are
    reduced to one row per school holding its outcome key as at each date; each
    school is read once with a flag per date (in the denominator then?) and joined to
    that row. The result is grouped by category, phase and every (flag, key) pair:
    rows of (category, phase, flag 0, key 0, flag 1, key 1, ..., schools).

    Raw SQL only glues the ORM's own queries together: the ORM cannot aggregate over
    a window function or join two subqueries.
    """
    flags = {
        f"in_{n}": ExpressionWrapper(_counted_on(on), output_field=BooleanField())
        for n, on in enumerate(dates)
    }
    schools = (
        _borough_state_funded()
        .filter(reduce(operator.or_, (_counted_on(on) for on in dates)))
        .annotate(**flags)
        .order_by()
        .values("id", "category", "phase", *flags)
    )
    spans = (
        _with_next_start(outcome_inspections())
        .annotate(outcome_key=_BUCKET_OF_INSPECTION)
        .order_by()
        .values("school_id", "started_on", "next_started_on", "outcome_key")
    )
    schools_sql, schools_params = schools.query.sql_with_params()
    spans_sql, spans_params = spans.query.sql_with_params()
    keys, bounds = [], []
    for n, on in enumerate(dates):
        keys.append(
            "MAX(CASE WHEN o.started_on <= %s AND (o.next_started_on IS NULL"
            f" OR o.next_started_on > %s) THEN o.outcome_key END) AS key_{n}"
        )
        bound = connection.ops.adapt_datefield_value(on or _NO_BOUND)
        bounds += [bound, bound]
    columns = ", ".join(f"s.in_{n}, k.key_{n}" for n in range(len(dates)))
    grouped = ", ".join(str(n) for n in range(1, 3 + 2 * len(dates)))
    sql = f"""
        SELECT s.category, s.phase, {columns}, COUNT(*)
          FROM ({schools_sql}) s
          LEFT JOIN (
              SELECT o.school_id, {", ".join(keys)} FROM ({spans_sql}) o GROUP BY o.school_id
          ) k ON k.school_id = s.id
         GROUP BY {grouped}
    """  # noqa: S608 - the ORM's SQL and numbered aliases; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*schools_params, *bounds, *spans_params])
        return cursor.fetchall()


def pictures(dates: Sequence[date | None]) -> list[Picture]:
    """The borough's figures as at each of `dates` (None: today), in that order: counts
    of the denominator by latest outcome, overall, by category and by phase.

    One query whatever the number of dates and schools (see `_counts_as_at`).
    """
    if not dates:
        return []
    made = [_Tally() for _ in dates]
    for category, phase, *per_date, count in _counts_as_at(dates):
        for n, tally in enumerate(made):
            counted, key = per_date[2 * n], per_date[2 * n + 1]
            if counted:
                tally.add(key or NOT_INSPECTED, category, phase, count)
    return [tally.picture(on) for tally, on in zip(made, dates, strict=True)]


def picture(on: date | None = None) -> Picture:
    """Counts of the denominator by latest outcome, overall, by category and by phase,
    today or as at `on`. One query."""
    return pictures([on])[0]


class _Tally:
    """One date's grouped counts, summed into a Picture."""

    def __init__(self):
        self.borough = Row("All schools")
        self.categories = {value: Row(label) for value, label in CATEGORIES}
        self.phases: dict[str, Row] = {}
        self.safeguarding = {value: 0 for value in [*Safeguarding.values, UNRECORDED]}

    def add(self, key: str, category: str, phase: str | None, n: int) -> None:
        bucket, _, guarded = key.partition(_SEPARATOR)
        if bucket == REPORT_CARD:
            self.safeguarding[guarded if guarded in self.safeguarding else UNRECORDED] += n
        phase = phase or NO_PHASE
        for row in (
            self.borough, self.categories[category], self.phases.setdefault(phase, Row(phase))
        ):  # fmt: skip
            row.counts[bucket] += n

    def picture(self, on: date | None) -> Picture:
        return Picture(
            on=on,
            borough=self.borough,
            by_category=list(self.categories.values()),
            by_phase=[self.phases[p] for p in _phase_order(self.phases)],
            safeguarding=self.safeguarding,
        )


def _phase_order(phases) -> list[str]:
    from schools.categories import PHASES

    order = {phase: i for i, phase in enumerate([*PHASES, NO_PHASE])}
    return sorted(phases, key=lambda phase: (order.get(phase, len(order)), phase))


def report_card_areas(on: date | None = None) -> list[ReportCardArea]:
    """For schools whose latest outcome is a report card: per evaluation area, the
    number of schools at each grade of the 5-point scale. One query."""
    counted = (
        InspectionJudgement.objects.filter(
            inspection__in=latest_outcomes(on)
            .filter(framework=Framework.REPORT_CARD, school__in=denominator(on).values("id"))
            .values("id")
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


def _year_rows(pictures_: list[Picture]) -> list[Row]:
    rows = []
    for past in pictures_:
        row = past.borough
        row.label = f"31 August {past.on.year}"
        row.on = past.on
        rows.append(row)
    return rows


def year_on_year(count: int = 4, today: date | None = None) -> list[Row]:
    """The borough's counts as at 31 August of each of the previous `count` academic
    years, latest first: one query."""
    return _year_rows(pictures(academic_year_ends(count, today)))


def picture_and_years(count: int = 4, today: date | None = None) -> tuple[Picture, list[Row]]:
    """Today's picture and `year_on_year(count)`'s rows together, in one query."""
    now, *years = pictures([None, *academic_year_ends(count, today)])
    return now, _year_rows(years)


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
    """Open state-funded schools of the borough with and without a current link
    inspector, as inspections.link counts them."""
    counts = link.coverage_counts()
    return Coverage(entitled=counts["entitled"], with_link_inspector=counts["covered"])
