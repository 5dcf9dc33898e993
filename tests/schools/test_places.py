"""School places figures: the rule, checked against the real Surrey extract by hand."""

import csv
import shutil
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from schools import places
from schools.gias import import_gias_file
from schools.models import PlacesSnapshot, School, SchoolPlaces
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "gias"
SURREY = DATA / "surrey_936_open_establishments_2021-04.csv"
AS_OF = date(2021, 4, 22)

# The rule, written out again from the GIAS vocabulary, independently of schools.categories
# and schools.places: these are the state-funded types found in the Surrey file.
STATE_FUNDED_TYPES = {
    "Community school", "Voluntary aided school", "Voluntary controlled school",
    "Foundation school", "Local authority nursery school", "Pupil referral unit",
    "Community special school", "Academy converter", "Academy sponsor led",
    "Academy special converter", "Academy special sponsor led", "Academy 16-19 converter",
    "Free schools",
}  # fmt: skip
SHOWN_APART = {
    "Community special school", "Academy special converter", "Academy special sponsor led",
    "Pupil referral unit",
}  # fmt: skip
OPEN = {"Open", "Open, but proposed to close"}


def hand_count(path: Path) -> dict[tuple[str, bool], list[int]]:
    """(phase, shown apart) -> [schools, excluded, capacity, pupils], read with the csv module."""
    groups: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind = row["TypeOfEstablishment (name)"]
            if row["EstablishmentStatus (name)"] not in OPEN or kind not in STATE_FUNDED_TYPES:
                continue
            group = groups[(row["PhaseOfEducation (name)"], kind in SHOWN_APART)]
            capacity, pupils = row["SchoolCapacity"], row["NumberOfPupils"]
            if capacity == "" or pupils == "":
                group[1] += 1
            else:
                group[0] += 1
                group[2] += int(capacity)
                group[3] += int(pupils)
    return dict(groups)


@pytest.fixture
def surrey(tmp_path) -> Path:
    """The Surrey extract under the name GIAS gives its download, dated 22 April 2021."""
    path = tmp_path / "edubasealldata20210422.csv"
    shutil.copy(SURREY, path)
    import_gias_file(path)
    return path


def as_table(rows) -> dict[tuple[str, bool], list[int]]:
    return {(r.phase, r.is_specialist): [r.schools, r.excluded, r.capacity, r.pupils] for r in rows}


def test_surrey_figures_match_a_hand_count_of_the_file(surrey):
    rows = places.places_figures(as_of=AS_OF)

    assert as_table(rows) == hand_count(SURREY)
    assert {(r.la_code, r.la_name, r.area) for r in rows} == {("936", "Surrey", "Surrey")}


def test_surrey_primary_and_secondary_totals_checked_by_hand(surrey):
    rows = {(r.phase, r.provision): r for r in places.places_figures(as_of=AS_OF)}

    primary = rows[("Primary", "mainstream")]
    assert (primary.schools, primary.excluded) == (292, 8)
    assert (primary.capacity, primary.pupils, primary.surplus) == (95366, 91274, 4092)
    assert primary.surplus_pct == Decimal("4.3")  # 4092 / 95366 = 4.29…%
    secondary = rows[("Secondary", "mainstream")]
    assert (secondary.schools, secondary.capacity, secondary.pupils) == (54, 64842, 60694)
    assert secondary.surplus_pct == Decimal("6.4")  # 4148 / 64842 = 6.397…%
    # Special schools, PRUs and AP never reach the mainstream rows.
    apart = rows[("Not applicable", "specialist")]
    assert (apart.schools, apart.excluded, apart.capacity, apart.pupils) == (20, 12, 1842, 1582)
    assert ("Not applicable", "mainstream") not in rows


def test_independent_schools_and_childrens_centres_are_not_recorded(surrey):
    recorded = set(SchoolPlaces.objects.values_list("school__urn", flat=True))

    assert 125101 in recorded  # Englefield Green Infant School, open but proposed to close
    independent = School.objects.get(urn=125317)  # Aberdour Preparatory School
    assert independent.urn not in recorded
    assert not SchoolPlaces.objects.filter(school__gias_type__startswith="Children").exists()


def area_figures(name: str, urns: list[int]) -> list[places.PlacesRow]:
    factories.planning_area(name=name, schools=School.objects.filter(urn__in=urns))
    return places.places_figures(as_of=AS_OF, area=name)


def test_a_school_open_but_proposed_to_close_is_counted(surrey):
    # URN 125101 Englefield Green Infant School: capacity 256, 206 on roll.
    [row] = area_figures("Englefield Green", [125101])

    assert (row.phase, row.provision, row.schools, row.excluded) == ("Primary", "mainstream", 1, 0)
    assert (row.capacity, row.pupils, row.surplus) == (256, 206, 50)
    assert row.surplus_pct == Decimal("19.5")  # 50 / 256 = 19.53…%


def test_a_school_missing_a_figure_is_excluded_not_counted_as_zero(surrey):
    # URN 124923 Wey Valley College, a pupil referral unit: 17 on roll, no capacity.
    [row] = area_figures("Wey Valley", [124923])

    assert (row.provision, row.schools, row.excluded) == ("specialist", 0, 1)
    assert (row.capacity, row.pupils, row.surplus_pct) == (0, 0, None)


def test_a_special_school_over_capacity_is_shown_apart_with_a_negative_surplus(surrey):
    # URN 141533 Pond Meadow School, academy special converter: capacity 105, 134 on roll.
    [row] = area_figures("Pond Meadow", [141533])

    assert (row.provision, row.is_specialist, row.schools) == ("specialist", True, 1)
    assert (row.surplus, row.surplus_pct) == (-29, Decimal("-27.6"))  # -27.619…%


def test_schools_left_out_of_areas_count_in_the_authoritys_default_area(surrey):
    factories.planning_area(name="Englefield Green", schools=School.objects.filter(urn=125101))

    by_area = defaultdict(int)
    for row in places.places_figures(as_of=AS_OF, phase="Primary"):
        by_area[row.area] += row.schools

    assert by_area == {"Englefield Green": 1, "Surrey": 291}


@pytest.mark.parametrize(
    ("surplus", "capacity", "expected"),
    [(49, 400, "12.3"), (-49, 400, "-12.3"), (1, 8, "12.5"), (1, 3, "33.3"), (0, 10, "0.0")],
)
def test_surplus_percent_is_rounded_half_up_to_one_decimal(surplus, capacity, expected):
    assert places.surplus_percent(surplus, capacity) == Decimal(expected)


def test_no_capacity_has_no_surplus_percent():
    assert places.surplus_percent(0, 0) is None


def test_snapshot_is_dated_by_the_file_name_else_the_import_day():
    today = date(2025, 1, 6)

    assert places.snapshot_date_for("edubasealldata20240617.csv", today) == (
        date(2024, 6, 17), "file_name",
    )  # fmt: skip
    assert places.snapshot_date_for("surrey_936_2021-04.csv", today) == (today, "import_date")
    assert places.snapshot_date_for("edubasealldata20241345.csv", today)[0] == today


def test_reimporting_on_the_same_date_replaces_that_dates_snapshot(surrey):
    before = SchoolPlaces.objects.count()

    import_gias_file(surrey)

    assert PlacesSnapshot.objects.count() == 1
    assert SchoolPlaces.objects.count() == before
    assert as_table(places.places_figures(as_of=AS_OF)) == hand_count(SURREY)


def test_each_file_date_keeps_its_own_snapshot_for_the_trend(surrey, tmp_path):
    later = tmp_path / "edubasealldata20210601.csv"
    text = SURREY.read_text(encoding="utf-8")
    # Englefield Green Infant School takes 10 more pupils by June.
    later.write_text(
        text.replace(
            ',256,"No Special Classes","16-01-2020","206",',
            ',256,"No Special Classes","16-01-2020","216",',
        )
    )
    import_gias_file(later)

    trend = places.trend(places.places_figures(phase="Primary", by="date"))

    assert [entry["as_of"] for entry in trend] == [date(2021, 6, 1), AS_OF]
    assert trend[0]["mainstream"].pupils == trend[1]["mainstream"].pupils + 10


def test_a_file_without_capacity_and_pupil_columns_records_no_snapshot(tmp_path):
    with SURREY.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f)]
    path = tmp_path / "edubasealldata20210422.csv"
    columns = [c for c in rows[0] if c != "SchoolCapacity"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)

    import_gias_file(path)

    assert School.objects.count() == 590
    assert not PlacesSnapshot.objects.exists()


def test_figures_take_one_query_whatever_the_number_of_schools(surrey, django_assert_num_queries):
    with django_assert_num_queries(1):
        places.places_figures(as_of=AS_OF)
    with django_assert_num_queries(1):
        places.places_figures(by="date")
