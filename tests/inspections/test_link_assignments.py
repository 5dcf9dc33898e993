"""Assigning link inspectors: who is entitled, one current inspector per school, and
the coverage and caseload figures officers plan with."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections import link
from inspections.models import LinkInspectorAssignment
from schools.categories import Category, Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_state_funded_school_gets_its_link_inspector():
    school = factories.school(category=Category.ACADEMY)
    inspector = factories.link_inspector()

    assignment = link.assign(school=school, inspector=inspector, starts_on=date(2026, 9, 1))

    assert link.current_assignment(school) == assignment


@pytest.mark.parametrize(
    ("category", "words"),
    [
        (Category.INDEPENDENT, "an independent school"),
        (Category.FE, "a further education or sixth-form college"),
        (Category.OTHER, "not a state-funded school"),
    ],
)
def test_a_school_that_is_not_state_funded_is_refused_with_the_reason(category, words):
    school = factories.school(name="Hill House", category=category)

    with pytest.raises(ValidationError) as refused:
        link.assign(school=school, inspector=factories.link_inspector(), starts_on=date(2026, 9, 1))

    assert refused.value.message_dict["school"] == [
        f"Hill House is {words}: not entitled to a link inspector"
    ]
    assert not LinkInspectorAssignment.objects.exists()


def test_a_closed_school_is_refused():
    school = factories.school(status=Status.CLOSED)

    with pytest.raises(ValidationError, match="closed"):
        link.assign(school=school, inspector=factories.link_inspector(), starts_on=date(2026, 9, 1))


def test_an_officer_outside_the_link_inspector_group_is_refused():
    school = factories.school()

    with pytest.raises(ValidationError) as refused:
        link.assign(school=school, inspector=factories.officer(), starts_on=date(2026, 9, 1))

    assert "is not a link inspector" in refused.value.message_dict["inspector"][0]


def test_a_deactivated_link_inspector_is_refused():
    school = factories.school()

    with pytest.raises(ValidationError):
        link.assign(
            school=school, inspector=factories.link_inspector(is_active=False),
            starts_on=date(2026, 9, 1),
        )  # fmt: skip


def test_a_new_assignment_ends_the_previous_one_the_day_before():
    school = factories.school()
    first = link.assign(
        school=school, inspector=factories.link_inspector(), starts_on=date(2025, 9, 1)
    )
    second_inspector = factories.link_inspector()

    second = link.assign(school=school, inspector=second_inspector, starts_on=date(2026, 11, 2))

    first.refresh_from_db()
    assert first.ends_on == date(2026, 11, 1)
    assert second.ends_on is None
    assert link.current_assignment(school).inspector == second_inspector
    assert LinkInspectorAssignment.objects.current(date(2026, 11, 1)).get(school=school) == first


def test_an_assignment_starting_on_or_before_the_current_one_is_refused():
    school = factories.school()
    current = link.assign(
        school=school, inspector=factories.link_inspector(), starts_on=date(2026, 9, 1)
    )

    with pytest.raises(ValidationError) as refused:
        link.assign(school=school, inspector=factories.link_inspector(), starts_on=date(2026, 9, 1))

    assert "from 1 September 2026" in refused.value.message_dict["starts_on"][0]
    current.refresh_from_db()
    assert current.ends_on is None
    assert LinkInspectorAssignment.objects.count() == 1


def test_assigning_the_current_inspector_again_is_refused():
    school = factories.school()
    inspector = factories.link_inspector()
    link.assign(school=school, inspector=inspector, starts_on=date(2026, 9, 1))

    with pytest.raises(ValidationError, match="already link inspector"):
        link.assign(school=school, inspector=inspector, starts_on=date(2026, 10, 1))


def test_ending_an_assignment_leaves_the_school_uncovered_the_day_after():
    school = factories.school()
    assignment = link.assign(
        school=school, inspector=factories.link_inspector(), starts_on=date(2026, 9, 1)
    )
    today = timezone.localdate()

    link.end_assignment(assignment=assignment, ends_on=today - timedelta(days=1))

    assert link.current_assignment(school) is None
    assert school in link.uncovered_schools()


def test_an_assignment_cannot_end_before_it_starts():
    assignment = factories.link_assignment(
        school=factories.school(), inspector=factories.link_inspector(), starts_on=date(2026, 9, 1)
    )

    with pytest.raises(ValidationError, match="before the assignment began"):
        link.end_assignment(assignment=assignment, ends_on=date(2026, 8, 31))


def test_independent_schools_and_colleges_are_never_listed_as_uncovered():
    maintained = factories.school(name="Alder Primary School")
    proposed_to_close = factories.school(
        name="Beech Academy", category=Category.ACADEMY, status=Status.OPEN_PROPOSED_TO_CLOSE
    )
    factories.school(name="Hill House", category=Category.INDEPENDENT)
    factories.school(name="Borough College", category=Category.FE)
    factories.school(name="Old School", status=Status.CLOSED)
    covered = factories.school(name="Cedar Free School", category=Category.FREE)
    factories.link_assignment(school=covered, inspector=factories.link_inspector())

    assert list(link.uncovered_schools()) == [maintained, proposed_to_close]
    assert link.coverage_counts() == {"entitled": 3, "covered": 1, "uncovered": 2}


def test_a_school_of_another_local_authority_is_not_the_councils_to_cover():
    factories.school(local_authority=factories.local_authority(code="999", name="Elsewhere"))

    assert not link.uncovered_schools().exists()


def test_caseloads_count_each_inspectors_current_schools_by_phase_and_category():
    ivan, nia = (
        factories.link_inspector(first_name="Ivan"),
        factories.link_inspector(first_name="Nia"),
    )
    for phase in ("Primary", "Primary", "Secondary"):
        factories.link_assignment(school=factories.school(phase=phase), inspector=ivan)
    factories.link_assignment(
        school=factories.school(category=Category.ACADEMY), inspector=ivan,
        ends_on=date(2025, 8, 31),
    )  # fmt: skip

    loads = {load["inspector"]: load for load in link.caseloads()}

    assert loads[ivan]["total"] == 3
    assert loads[ivan]["phases"] == [("Primary", 2), ("Secondary", 1)]
    assert loads[ivan]["categories"] == [("Maintained school", 3)]
    assert loads[nia]["total"] == 0


def test_caseloads_take_two_queries_whatever_the_number_of_inspectors(
    django_assert_num_queries,
):
    for _ in range(5):
        inspector = factories.link_inspector()
        factories.link_assignment(school=factories.school(), inspector=inspector)

    with django_assert_num_queries(2):
        assert len(link.caseloads()) == 5
