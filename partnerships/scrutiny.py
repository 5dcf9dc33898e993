"""The report to scrutiny: one academic year of the council's work with schools.

An officer takes it to a scrutiny committee as a web page or a PDF of the same
content. The year runs from 1 September to 31 August (meetings.AcademicYear);
a year still in progress is reported up to today, and the page says so.

The default year is the latest **completed** one: a scrutiny committee reviews a
year that has ended, and its figures no longer move. The current year can be
chosen; its figures are then today's (and equal the officer pages').

Where each figure comes from (none is computed twice):

- schools by category and phase, at the start and end of the year, with the
  openings and closings during it: counted here from the register's opening and
  closing dates (`open_on`, the same rule inspections.outcomes uses for its
  past denominators). GIAS gives no history of a school's category or phase and
  places snapshots carry neither for every school, so category and phase are
  today's; an academy conversion shows as a closing and an opening;
- Ofsted outcomes at the year's end and a year earlier: partnerships.picture
  (inspections.outcomes);
- places: schools.places, the latest snapshot recorded within the year;
- engagement: partnerships.picture (partnerships.engagement), with the last
  12 months being the year itself for a completed year;
- link inspector coverage: partnerships.picture (inspections.link), on the
  year's last day (or today);
- staffing: partnerships.staffing, on the year's last day (or today);
- meetings held and cancelled, and the decisions recorded, per body: counted here
  from meetings, by the date they took place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import AcademicYear, Decision, Meeting
from schools import places
from schools.categories import OPEN_STATUSES, PHASES, Category
from schools.models import PlacesSnapshot, School

from . import picture
from .staffing import Staffing, staffing_breakdown

LONDON = ZoneInfo("Europe/London")
# "2025/26" (or "2025-26"); ASCII digits only.
YEAR_NAME = re.compile(r"([0-9]{4})\s*[/-]\s*([0-9]{2})", re.ASCII)
NO_PHASE = "Not recorded"


class YearError(ValueError):
    """A year the report cannot be made for, with the message to show."""


def available_years(*, today: date | None = None) -> list[AcademicYear]:
    """Academic years that have begun, latest first (one query)."""
    today = today or timezone.localdate()
    return list(AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on"))


def default_year(years: list[AcademicYear], *, today: date | None = None) -> AcademicYear | None:
    """The latest completed year, else the one in progress."""
    today = today or timezone.localdate()
    return next((y for y in years if y.ends_on < today), years[0] if years else None)


def choose_year(
    value: str | None, years: list[AcademicYear], *, today: date | None = None
) -> AcademicYear | None:
    """The year `value` names among `years` (None or blank: the default year).
    Raises YearError with a message for the officer otherwise."""
    value = (value or "").strip()
    if not value:
        return default_year(years, today=today)
    choices = ", ".join(y.name for y in years) or "none yet"
    match = YEAR_NAME.fullmatch(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise YearError(
            f"Enter an academic year in the form 2025/26: the year it starts and the "
            f"next, for example. Years with a report: {choices}."
        )
    name = AcademicYear.name_for(int(match[1]))
    for year in years:
        if year.name == name:
            return year
    today = today or timezone.localdate()
    if int(match[1]) >= today.year - (0 if today.month >= 9 else 1):
        raise YearError(f"The {name} academic year has not started yet. Choose from: {choices}.")
    raise YearError(f"There is no record of the {name} academic year. Choose from: {choices}.")


# --- Schools by category and phase --------------------------------------------------------


def open_on(day: date) -> Q:
    """Schools open on `day`: opened by then (or no opening date) and not closed - a
    closing date after it, or none with an open status today."""
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=day)) & (
        Q(closed_on__gt=day) | Q(closed_on__isnull=True, status__in=OPEN_STATUSES)
    )


@dataclass
class SchoolsRow:
    label: str
    at_start: int = 0
    at_end: int = 0
    opened: int = 0
    closed: int = 0

    @property
    def change(self) -> int:
        return self.at_end - self.at_start

    def add(self, other: SchoolsRow) -> None:
        self.at_start += other.at_start
        self.at_end += other.at_end
        self.opened += other.opened
        self.closed += other.closed


@dataclass
class SchoolChanges:
    start: date  # the eve of the year: 31 August before it
    end: date
    by_category: list[SchoolsRow]
    by_phase: list[SchoolsRow]
    total: SchoolsRow


def school_changes(*, start: date, end: date) -> SchoolChanges:
    """The borough's schools (every category) open on `start` and on `end`, and
    those that opened or closed between (after `start`, up to `end`): one query."""
    rows = (
        School.objects.in_home_la()
        .order_by()
        .values_list("category", "phase")
        .annotate(
            at_start=Count("id", filter=open_on(start)),
            at_end=Count("id", filter=open_on(end)),
            opened=Count("id", filter=Q(opened_on__gt=start, opened_on__lte=end)),
            closed=Count("id", filter=Q(closed_on__gt=start, closed_on__lte=end)),
        )
    )
    categories = {value: SchoolsRow(label) for value, label in Category.choices}
    phases: dict[str, SchoolsRow] = {}
    total = SchoolsRow("All schools")
    for category, phase, at_start, at_end, opened, closed in rows:
        row = SchoolsRow("", at_start, at_end, opened, closed)
        phase = phase or NO_PHASE
        categories.setdefault(category, SchoolsRow(category)).add(row)
        phases.setdefault(phase, SchoolsRow(phase)).add(row)
        total.add(row)
    order = {phase: n for n, phase in enumerate([*PHASES, NO_PHASE])}
    return SchoolChanges(
        start=start,
        end=end,
        by_category=list(categories.values()),
        by_phase=[phases[p] for p in sorted(phases, key=lambda p: (order.get(p, len(order)), p))],
        total=total,
    )


# --- School places ---------------------------------------------------------------------------


@dataclass
class PlacesSummary:
    as_of: date | None
    by_phase: list[places.PlacesRow] = field(default_factory=list)
    mainstream: places.PlacesRow | None = None
    specialist: places.PlacesRow | None = None
    total: places.PlacesRow | None = None


def places_in_year(*, start: date, end: date) -> PlacesSummary:
    """The home authority's places in the latest snapshot recorded within the year,
    from schools.places (two queries)."""
    as_of = (
        PlacesSnapshot.objects.filter(as_of__gt=start, as_of__lte=end)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    if as_of is None:
        return PlacesSummary(as_of=None)
    rows = places.places_figures(as_of=as_of, la_code=settings.HOME_LA_CODE)
    mainstream = [r for r in rows if not r.is_specialist]
    specialist = [r for r in rows if r.is_specialist]
    return PlacesSummary(
        as_of=as_of,
        by_phase=places.by_phase(rows),
        mainstream=places.total(mainstream, as_of=as_of),
        specialist=places.total(specialist, as_of=as_of, provision=places.Provision.SPECIALIST),
        total=places.total(rows, as_of=as_of),
    )


# --- Meetings and decisions ---------------------------------------------------------------


@dataclass
class BodyMeetings:
    body: str
    kind: str
    held: int
    cancelled: int
    to_come: int


@dataclass
class BodyDecisions:
    body: str
    decisions: list[Decision]

    @property
    def count(self) -> int:
        return len(self.decisions)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def meetings_by_body(*, first: date, last: date, now: datetime | None = None) -> list[BodyMeetings]:
    """Per body, its meetings dated from `first` to `last`: held (not cancelled and
    already started), cancelled, and still to come. One query."""
    now = now or timezone.now()
    cancelled = Q(status=Meeting.Status.CANCELLED)
    rows = (
        Meeting.objects.filter(
            starts_at__gte=_midnight(first), starts_at__lt=_midnight(last + timedelta(days=1))
        )
        .order_by()
        .values_list("body__name", "body__kind")
        .annotate(
            held=Count("id", filter=~cancelled & Q(starts_at__lt=now)),
            n_cancelled=Count("id", filter=cancelled),
            to_come=Count("id", filter=~cancelled & Q(starts_at__gte=now)),
        )
    )
    from .models import Body

    labels = dict(Body.Kind.choices)
    return sorted(
        (BodyMeetings(name, labels.get(kind, kind), held, n, later)
         for name, kind, held, n, later in rows),
        key=lambda r: r.body,
    )  # fmt: skip


def decisions_by_body(*, first: date, last: date) -> list[BodyDecisions]:
    """Decisions recorded as taken from `first` to `last`, by body: one query."""
    grouped: dict[str, list[Decision]] = defaultdict(list)
    for decision in (
        Decision.objects.filter(decided_on__gte=first, decided_on__lte=last)
        .select_related("agenda_item__meeting__body")
        .order_by("agenda_item__meeting__body__name", "decided_on", "pk")
    ):
        grouped[decision.agenda_item.meeting.body.name].append(decision)
    return [BodyDecisions(body, decisions) for body, decisions in grouped.items()]


# --- The report ----------------------------------------------------------------------------


@dataclass
class ScrutinyReport:
    year: AcademicYear
    is_complete: bool
    first: date  # the year's first day
    end: date  # its last day, or today while it runs
    before: date  # the eve of the year: figures "a year earlier" are as at this day
    schools: SchoolChanges
    outcomes_end: picture.OfstedOutcomes
    outcomes_before: picture.OfstedOutcomes
    places: PlacesSummary
    engagement: picture.EngagementTotals
    link_coverage: picture.LinkCoverage
    staffing: Staffing
    meetings: list[BodyMeetings]
    decisions: list[BodyDecisions]

    @property
    def meetings_held(self) -> int:
        return sum(m.held for m in self.meetings)

    @property
    def meetings_cancelled(self) -> int:
        return sum(m.cancelled for m in self.meetings)

    @property
    def meetings_to_come(self) -> int:
        return sum(m.to_come for m in self.meetings)

    @property
    def decisions_count(self) -> int:
        return sum(d.count for d in self.decisions)

    # Shapes for the template (the page and the PDF share it).

    @property
    def schools_tables(self) -> list[tuple[str, list[SchoolsRow]]]:
        return [
            ("Schools by category", self.schools.by_category),
            ("Schools by phase", self.schools.by_phase),
        ]

    @property
    def outcome_pairs(self) -> list[tuple[picture.OutcomeShare, picture.OutcomeShare]]:
        return list(zip(self.outcomes_before.shares, self.outcomes_end.shares, strict=True))

    @property
    def places_rows(self) -> list[tuple[str, places.PlacesRow]]:
        if self.places.as_of is None:
            return []
        return [
            *((f"{row.phase or NO_PHASE} (mainstream)", row) for row in self.places.by_phase),
            ("All mainstream", self.places.mainstream),
            ("Special schools, PRUs and alternative provision", self.places.specialist),
            ("All schools", self.places.total),
        ]

    @property
    def engagement_periods(self) -> list[tuple[str, object]]:
        return [
            ("The 12 months before", self.engagement.previous),
            (f"The 12 months to {self.engagement.last_day:%-d %B %Y}", self.engagement.last),
        ]


def scrutiny_report(*, year: AcademicYear, today: date | None = None) -> ScrutinyReport:
    """The report for `year`, in a fixed number of queries whatever the number of
    schools, meetings and decisions."""
    today = today or timezone.localdate()
    is_complete = year.ends_on < today
    end = year.ends_on if is_complete else today
    before = year.starts_on - timedelta(days=1)
    # Figures of a year in progress are today's, counted exactly as the officer pages
    # count them (which ask with no date).
    on = year.ends_on if is_complete else None
    return ScrutinyReport(
        year=year,
        is_complete=is_complete,
        first=year.starts_on,
        end=end,
        before=before,
        schools=school_changes(start=before, end=end),
        outcomes_end=picture.ofsted_outcomes(on),
        outcomes_before=picture.ofsted_outcomes(before, with_data_date=False),
        places=places_in_year(start=before, end=end),
        engagement=picture.engagement_totals(
            now=_midnight(year.ends_on + timedelta(days=1)) if is_complete else None
        ),
        link_coverage=picture.link_coverage(on),
        staffing=staffing_breakdown(on=end),
        meetings=meetings_by_body(first=year.starts_on, last=end if is_complete else year.ends_on),
        decisions=decisions_by_body(first=year.starts_on, last=end),
    )


# --- The PDF ---------------------------------------------------------------------------------

PDF_TEMPLATE = "partnerships/scrutiny/report_pdf.html"


def report_title(report: ScrutinyReport) -> str:
    return f"Report to scrutiny: working with schools, {report.year.name}"


def report_pdf(report: ScrutinyReport) -> bytes:
    """The report as a tagged PDF (PDF/UA-1): the same content as the page, with the
    document title in its metadata, bookmarks from its headings and real text."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string(
        PDF_TEMPLATE,
        {
            "report": report,
            "title": report_title(report),
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "in_pdf": True,
        },
    )
    return HTML(string=html, base_url=settings.PORTAL_BASE_URL).write_pdf(pdf_variant="pdf/ua-1")
