"""The latest-outcome rule, the denominator and the borough's figures."""

from datetime import date

import pytest

from inspections import outcomes
from inspections.grades import Framework
from schools.categories import Category, Status
from tests import factories

pytestmark = pytest.mark.django_db

G, GNO, U, RC, M = (
    Framework.GRADED,
    Framework.GRADED_NO_OVERALL,
    Framework.UNGRADED,
    Framework.REPORT_CARD,
    Framework.MONITORING,
)


def inspect(school, framework, started_on, **fields):
    return factories.school_inspection(
        school=school, framework=framework, started_on=started_on, **fields
    )


def bucket_counts(on=None) -> dict[str, int]:
    return outcomes.picture(on).borough.counts


def test_graded_then_ungraded_keeps_the_grade():
    school = factories.school()
    graded = inspect(school, G, date(2019, 5, 1), overall_effectiveness="good")
    inspect(school, U, date(2023, 5, 1), outcome="The school continues to be good")

    assert outcomes.latest_outcome(school) == graded
    assert bucket_counts()[outcomes.GOOD] == 1


def test_monitoring_visit_does_not_replace_an_inadequate_grade():
    school = factories.school()
    inspect(school, G, date(2022, 1, 10), overall_effectiveness="inadequate")
    inspect(school, M, date(2022, 9, 10))

    assert bucket_counts()[outcomes.INADEQUATE] == 1


def test_graded_then_report_card_counts_as_a_report_card():
    school = factories.school()
    inspect(school, G, date(2018, 5, 1), overall_effectiveness="outstanding")
    card = inspect(school, RC, date(2026, 1, 20), safeguarding="met")

    assert outcomes.latest_outcome(school) == card
    counts = bucket_counts()
    assert counts[outcomes.REPORT_CARD] == 1
    assert counts[outcomes.OUTSTANDING] == 0


def test_graded_inspection_without_overall_grade_has_its_own_bucket():
    school = factories.school()
    inspect(school, G, date(2019, 5, 1), overall_effectiveness="requires_improvement")
    inspect(school, GNO, date(2025, 2, 3))

    counts = bucket_counts()
    assert counts[outcomes.GRADED_NO_OVERALL] == 1
    assert counts[outcomes.REQUIRES_IMPROVEMENT] == 0


def test_school_inspected_only_ungraded_is_not_yet_inspected_for_the_outcome():
    inspect(factories.school(), U, date(2024, 3, 1))

    assert bucket_counts()[outcomes.NOT_INSPECTED] == 1


def test_two_inspections_on_one_day_the_later_recorded_wins():
    school = factories.school()
    inspect(school, G, date(2024, 3, 1), overall_effectiveness="good")
    inspect(school, G, date(2024, 3, 1), overall_effectiveness="outstanding")

    assert bucket_counts()[outcomes.OUTSTANDING] == 1


def test_denominator_excludes_independent_fe_other_closed_and_other_la_schools():
    counted = factories.school(category=Category.ACADEMY)
    proposed_to_close = factories.school(status=Status.OPEN_PROPOSED_TO_CLOSE)
    elsewhere = factories.local_authority(code="213", name="Westminster")
    for fields in [
        {"category": Category.INDEPENDENT},
        {"category": Category.FE},
        {"category": Category.OTHER},
        {"status": Status.CLOSED},
        {"status": Status.PROPOSED_TO_OPEN},
        {"local_authority": elsewhere},
    ]:
        school = factories.school(**fields)
        inspect(school, G, date(2023, 1, 1), overall_effectiveness="inadequate")

    assert set(outcomes.denominator()) == {counted, proposed_to_close}
    counts = bucket_counts()
    assert counts[outcomes.INADEQUATE] == 0
    assert sum(counts.values()) == 2


def test_percentages_are_counts_over_the_whole_denominator_to_one_decimal():
    grades = ["outstanding", "good", "good", "inadequate", None, None]
    for grade in grades:
        school = factories.school()
        if grade:
            inspect(school, G, date(2023, 1, 1), overall_effectiveness=grade)
    row = outcomes.picture().borough

    assert row.total == 6
    assert row.with_overall_grade == 4
    assert row.percent(outcomes.GOOD) == 33.3  # 2 of 6
    assert row.percent(outcomes.OUTSTANDING) == 16.7
    assert row.percent(outcomes.NOT_INSPECTED) == 33.3
    assert row.percent_of_graded(outcomes.GOOD) == 50.0  # 2 of the 4 with a grade


def test_empty_borough_has_no_percentages_rather_than_dividing_by_zero():
    row = outcomes.picture().borough

    assert row.total == 0
    assert row.percent(outcomes.GOOD) is None


def test_counts_by_category_and_phase():
    inspect(factories.school(category=Category.ACADEMY, phase="Secondary"), G, date(2023, 1, 1),
            overall_effectiveness="good")  # fmt: skip
    factories.school(category=Category.FREE, phase="Primary")
    factories.school(category=Category.MAINTAINED, phase="")

    result = outcomes.picture()
    by_category = {row.label: row for row in result.by_category}
    by_phase = {row.label: row for row in result.by_phase}

    assert list(by_category) == ["Maintained school", "Academy", "Free school"]
    assert by_category["Academy"].counts[outcomes.GOOD] == 1
    assert by_category["Free school"].counts[outcomes.NOT_INSPECTED] == 1
    assert list(by_phase) == ["Primary", "Secondary", outcomes.NO_PHASE]


def test_report_card_areas_tabulated_on_their_own_scale_with_safeguarding():
    a, b, c = factories.school(), factories.school(), factories.school()
    inspect(
        a,
        RC,
        date(2026, 2, 1),
        safeguarding="met",
        judgements={"inclusion": "strong_standard", "achievement": "expected_standard"},
    )
    inspect(
        b,
        RC,
        date(2026, 3, 1),
        safeguarding="not_met",
        judgements={"inclusion": "urgent_improvement"},
    )
    # c's report card was followed by nothing, but its older graded areas never count here
    inspect(c, G, date(2020, 2, 1), overall_effectiveness="good",
            judgements={"quality_of_education": "good"})  # fmt: skip

    areas = {row.area: row.counts for row in outcomes.report_card_areas()}
    result = outcomes.picture()

    assert areas["inclusion"]["strong_standard"] == 1
    assert areas["inclusion"]["urgent_improvement"] == 1
    assert areas["achievement"]["expected_standard"] == 1
    assert "quality_of_education" not in areas
    assert result.safeguarding["met"] == 1 and result.safeguarding["not_met"] == 1


def test_as_of_a_date_only_inspections_started_by_then_count():
    school = factories.school()
    inspect(school, G, date(2021, 6, 1), overall_effectiveness="requires_improvement")
    inspect(school, G, date(2024, 1, 10), overall_effectiveness="good")

    assert bucket_counts(date(2023, 8, 31))[outcomes.REQUIRES_IMPROVEMENT] == 1
    assert bucket_counts(date(2024, 8, 31))[outcomes.GOOD] == 1
    assert bucket_counts(date(2020, 8, 31))[outcomes.NOT_INSPECTED] == 1


def test_as_of_a_date_schools_open_then_count():
    factories.school(opened_on=date(2024, 9, 1))  # opened later
    factories.school(status=Status.CLOSED, closed_on=date(2024, 3, 31))  # open then
    factories.school(status=Status.CLOSED)  # closed, date unknown: today's status
    factories.school()  # open, dates unknown

    assert outcomes.denominator(date(2023, 8, 31)).count() == 2
    assert outcomes.denominator(date(2024, 8, 31)).count() == 1
    assert outcomes.denominator().count() == 2


def test_year_on_year_gives_the_previous_academic_years_latest_first():
    school = factories.school()
    inspect(school, G, date(2023, 3, 1), overall_effectiveness="good")
    inspect(school, RC, date(2025, 12, 1), safeguarding="met")

    rows = outcomes.year_on_year(3, today=date(2026, 12, 1))

    assert [row.on for row in rows] == [date(2026, 8, 31), date(2025, 8, 31), date(2024, 8, 31)]
    assert rows[0].counts[outcomes.REPORT_CARD] == 1
    assert rows[1].counts[outcomes.GOOD] == 1


def test_academic_year_ends_on_31_august_itself_is_not_yet_past():
    assert outcomes.academic_year_ends(1, today=date(2026, 8, 31)) == [date(2025, 8, 31)]
    assert outcomes.academic_year_ends(1, today=date(2026, 9, 1)) == [date(2026, 8, 31)]


def test_picture_is_one_query(django_assert_num_queries):
    for _ in range(5):
        inspect(factories.school(), G, date(2023, 1, 1), overall_effectiveness="good")

    with django_assert_num_queries(1):
        outcomes.picture()
    with django_assert_num_queries(1):
        outcomes.report_card_areas()
