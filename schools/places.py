"""School places: capacity against pupils on roll, by local authority, planning area and phase.

Every page, download and endpoint that shows places figures asks this module, so
the figures come from one rule, written once:

- Schools counted: open (status "Open" or "Open, but proposed to close") and
  state-funded (maintained schools, academies, free schools). Nothing else is
  recorded in a snapshot.
- Special schools, pupil referral units and alternative provision (by GIAS type,
  `SPECIALIST_GIAS_TYPES`) are kept apart from mainstream schools: their rows carry
  provision "specialist" and are shown in a table of their own.
- A school missing its capacity or its number of pupils is counted as excluded,
  never as zero: it adds to `excluded`, not to `schools`, `capacity` or `pupils`.
- surplus = capacity - pupils (negative when a group is over capacity);
  surplus % = surplus / capacity x 100 as a Decimal to one decimal place,
  rounded half up (12.25 -> 12.3, -12.25 -> -12.3); none when capacity is 0.
- A school belongs to the planning area it is assigned to today, else to its
  local authority's default area, named after the authority. Past snapshots are
  grouped by today's areas too, so a trend compares the same schools.

Figures are recorded per snapshot date at the end of each GIAS import
(`record_snapshot`); the snapshot date is the date in the file's name
(edubasealldataYYYYMMDD.csv) when it has one, else the day of the import.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .categories import OPEN_STATUSES, PHASES, STATE_FUNDED, type_key
from .models import LocalAuthority, PlacesSnapshot, PlanningArea, School, SchoolPlaces

Provision = SchoolPlaces.Provision

# TypeOfEstablishment (name) of special schools, pupil referral units and alternative
# provision, shown apart from mainstream schools. Matched with type_key(), so older
# spellings ("Free Schools - Alternative Provision") count too. The non-maintained
# and independent special schools are listed for completeness: they are not
# state-funded, so never counted.
SPECIALIST_GIAS_TYPES = frozenset(
    type_key(name)
    for name in (
        "Community special school",
        "Foundation special school",
        "Academy special converter",
        "Academy special sponsor led",
        "Free schools special",
        "Pupil referral unit",
        "Academy alternative provision converter",
        "Academy alternative provision sponsor led",
        "Free schools alternative provision",
        "Free schools - alternative provision",
        "Non-maintained special school",
        "Other independent special school",
    )
)

ONE_DECIMAL = Decimal("0.1")
_FILE_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def provision_for_type(gias_type: str) -> str:
    """Mainstream, or specialist for a special school, PRU or alternative provision."""
    specialist = type_key(gias_type) in SPECIALIST_GIAS_TYPES
    return Provision.SPECIALIST if specialist else Provision.MAINSTREAM


def surplus_percent(surplus: int, capacity: int) -> Decimal | None:
    """surplus / capacity x 100, one decimal place, half up; None when capacity is 0."""
    if not capacity:
        return None
    return (Decimal(surplus) * 100 / Decimal(capacity)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def snapshot_date_for(file_name: str, today: date | None = None) -> tuple[date, str]:
    """The date a file's figures stand for, and where that date came from.

    GIAS names its download edubasealldataYYYYMMDD.csv: that date when the name
    has a real one, else `today` (the day of the import).
    """
    for match in _FILE_DATE.finditer(file_name):
        try:
            found = date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
        if 2000 <= found.year <= 2100:
            return found, PlacesSnapshot.DateSource.FILE_NAME
    return today or timezone.localdate(), PlacesSnapshot.DateSource.IMPORT_DATE


@transaction.atomic
def record_snapshot(
    *, file_name: str, urns: Iterable[int], la_ids: Iterable[int], columns: Iterable[str],
    today: date | None = None,
) -> PlacesSnapshot | None:  # fmt: skip
    """Record the places figures of the schools just imported, in bulk.

    Called at the end of a GIAS import with the URNs it read, the local
    authorities they are in and the School fields the file carried. A file
    without SchoolCapacity and NumberOfPupils says nothing about places and
    records nothing. Importing again on the same snapshot date replaces that
    date's rows for the authorities the file covers: idempotent.
    """
    columns = set(columns)
    if not {"capacity", "number_of_pupils"} <= columns:
        return None
    la_ids = list(la_ids)
    as_of, source = snapshot_date_for(file_name, today)
    snapshot, _ = PlacesSnapshot.objects.update_or_create(
        as_of=as_of,
        defaults={"date_source": source, "file_name": file_name, "recorded_at": timezone.now()},
    )
    SchoolPlaces.objects.filter(snapshot=snapshot, local_authority_id__in=la_ids).delete()
    wanted = set(urns)
    schools = (
        School.objects.filter(
            local_authority_id__in=la_ids, status__in=OPEN_STATUSES, category__in=STATE_FUNDED
        )
        .order_by()
        .values_list(
            "id", "urn", "local_authority_id", "phase", "gias_type", "capacity", "number_of_pupils"
        )
    )
    SchoolPlaces.objects.bulk_create(
        (
            SchoolPlaces(
                snapshot=snapshot,
                school_id=school_id,
                local_authority_id=la_id,
                phase=phase,
                provision=provision_for_type(gias_type),
                capacity=capacity,
                pupils=pupils,
            )  # fmt: skip
            for school_id, urn, la_id, phase, gias_type, capacity, pupils in schools.iterator(
                chunk_size=5000
            )
            if urn in wanted
        ),
        batch_size=2000,
    )
    return snapshot


@dataclass
class PlacesRow:
    """The places of one group of schools (or a total of groups)."""

    as_of: date | None = None
    la_code: str = ""
    la_name: str = ""
    area: str = ""
    phase: str = ""
    provision: str = Provision.MAINSTREAM
    schools: int = 0
    excluded: int = 0
    capacity: int = 0
    pupils: int = 0

    @property
    def surplus(self) -> int:
        return self.capacity - self.pupils

    @property
    def surplus_pct(self) -> Decimal | None:
        return surplus_percent(self.surplus, self.capacity)

    @property
    def is_specialist(self) -> bool:
        return self.provision == Provision.SPECIALIST

    def add(self, other: "PlacesRow") -> "PlacesRow":
        self.schools += other.schools
        self.excluded += other.excluded
        self.capacity += other.capacity
        self.pupils += other.pupils
        return self


# How the one aggregate query groups its rows: by area (la, area, phase, provision) for
# tables, downloads and the API; by date (snapshot date, provision) for trends.
GROUPINGS = {
    "area": ("as_of", "la_code", "la_name", "area", "phase", "provision"),
    "date": ("as_of", "provision"),
}
_PHASE_ORDER = {phase: n for n, phase in enumerate(PHASES)}


def _phase_key(phase: str) -> tuple[int, str]:
    return (_PHASE_ORDER.get(phase, len(PHASES)), phase)


def places_figures(
    *, as_of: date | None = None, la_code: str | None = None, area: str | None = None,
    phase: str | None = None, by: str = "area",
) -> list[PlacesRow]:  # fmt: skip
    """Places figures in ONE aggregate query, filtered and grouped as asked.

    `as_of` picks a snapshot date (None: every date, as a trend wants); `area`
    is a planning area's name (an authority's name for its default area). Rows
    come ordered by date (newest first), authority, area, phase (school order)
    and provision (mainstream first).
    """
    counted = Q(capacity__isnull=False, pupils__isnull=False)
    keys = GROUPINGS[by]
    # Only what the grouping and filters use is joined: the trend needs neither
    # authorities nor areas unless filtered by them.
    wanted = {
        "as_of": F("snapshot__as_of"),
        "la_code": F("local_authority__code"),
        "la_name": F("local_authority__name"),
        "area": Coalesce(F("school__planning_area_link__area__name"), F("local_authority__name")),
    }
    rows = SchoolPlaces.objects.annotate(
        **{name: field for name, field in wanted.items() if name in keys or name == "area" and area}
    )
    if as_of is not None:
        rows = rows.filter(snapshot__as_of=as_of)
    if la_code:
        rows = rows.filter(local_authority__code=la_code)
    if area:
        rows = rows.filter(area=area)
    if phase:
        rows = rows.filter(phase=phase)
    grouped = (
        rows.order_by()
        .values(*keys)
        .annotate(
            n_schools=Count("id", filter=counted),
            n_excluded=Count("id", filter=~counted),
            total_capacity=Coalesce(Sum("capacity", filter=counted), 0),
            total_pupils=Coalesce(Sum("pupils", filter=counted), 0),
        )
    )
    result = [
        PlacesRow(
            **{key: values[key] for key in keys},
            schools=values["n_schools"],
            excluded=values["n_excluded"],
            capacity=values["total_capacity"],
            pupils=values["total_pupils"],
        )
        for values in grouped
    ]
    result.sort(
        key=lambda r: (
            -(r.as_of.toordinal() if r.as_of else 0), r.la_name, r.la_code, r.area,
            _phase_key(r.phase), r.provision != Provision.MAINSTREAM,
        )
    )  # fmt: skip
    return result


def total(rows: Iterable[PlacesRow], **fields) -> PlacesRow:
    """The sum of some rows, as one row (its surplus and % are of the sums)."""
    result = PlacesRow(**fields)
    for row in rows:
        result.add(row)
    return result


def by_phase(rows: Iterable[PlacesRow]) -> list[PlacesRow]:
    """Mainstream rows summed per phase, in school order (for the chart)."""
    phases: dict[str, PlacesRow] = {}
    for row in rows:
        if not row.is_specialist:
            phases.setdefault(row.phase, PlacesRow(as_of=row.as_of, phase=row.phase)).add(row)
    return sorted(phases.values(), key=lambda r: _phase_key(r.phase))


def trend(rows: Iterable[PlacesRow]) -> list[dict]:
    """Rows grouped by date (`by="date"`) as one entry per date, newest first:
    {"as_of", "mainstream": PlacesRow, "specialist": PlacesRow}."""
    dates: dict[date, dict] = {}
    for row in rows:
        entry = dates.setdefault(
            row.as_of,
            {
                "as_of": row.as_of,
                Provision.MAINSTREAM: PlacesRow(as_of=row.as_of),
                Provision.SPECIALIST: PlacesRow(as_of=row.as_of, provision=Provision.SPECIALIST),
            },
        )
        entry[row.provision].add(row)
    return [
        {"as_of": e["as_of"], "mainstream": e[Provision.MAINSTREAM],
         "specialist": e[Provision.SPECIALIST]}
        for e in sorted(dates.values(), key=lambda e: e["as_of"], reverse=True)
    ]  # fmt: skip


@dataclass
class FilterChoices:
    """What the places filters may be set to: snapshot dates (newest first), local
    authorities (code, name) and planning area names by LA code. Three small queries."""

    dates: list[date]
    local_authorities: list[tuple[str, str]]
    areas: dict[str, list[str]] = field(default_factory=dict)

    @property
    def latest(self) -> date | None:
        return self.dates[0] if self.dates else None

    def area_names(self, la_code: str | None = None) -> set[str]:
        if la_code:
            return set(self.areas.get(la_code, []))
        return {name for names in self.areas.values() for name in names}


def filter_choices() -> FilterChoices:
    las = list(LocalAuthority.objects.order_by("name").values_list("code", "name"))
    areas: dict[str, list[str]] = {code: [name] for code, name in las}
    for code, name in PlanningArea.objects.order_by("name").values_list(
        "local_authority__code", "name"
    ):
        if name not in areas[code]:
            areas[code].append(name)
    return FilterChoices(
        dates=list(PlacesSnapshot.objects.order_by("-as_of").values_list("as_of", flat=True)),
        local_authorities=las,
        areas=areas,
    )


def filter_errors(
    choices: FilterChoices, *, la_code: str | None = None, area: str | None = None,
    phase: str | None = None, as_of: date | None = None,
) -> dict[str, str]:  # fmt: skip
    """What is wrong with a set of filters, by filter name (empty when nothing is)."""
    errors = {}
    la_names = dict(choices.local_authorities)
    if la_code and la_code not in la_names:
        errors["la"] = f"There is no local authority with the code {la_code}."
    if phase and phase not in PHASES:
        errors["phase"] = "Choose a phase of education as GIAS names it: " + ", ".join(PHASES) + "."
    if area and "la" not in errors and area not in choices.area_names(la_code):
        where = f" in {la_names[la_code]}" if la_code else ""
        errors["area"] = f"There is no planning area called {area}{where}."
    if as_of and as_of not in choices.dates:
        latest = choices.latest
        errors["date"] = f"No school places were recorded on {as_of:%-d %B %Y}; " + (
            f"the latest snapshot is of {latest:%-d %B %Y} ({latest.isoformat()})."
            if latest
            else "none have been recorded yet."
        )
    return errors
