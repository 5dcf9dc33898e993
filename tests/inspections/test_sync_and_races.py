"""What a syncing system and a second officer meet: a change that shows in another row's
API answer touches that row's updated_at, and a stale copy cannot undo a handover."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections import la, link, support, visits
from inspections.models import (
    ImprovementNotice,
    LAInspection,
    LinkInspectorAssignment,
    LinkVisit,
    SupportCategorisation,
)
from tests import factories

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


def test_a_new_support_decision_touches_the_one_it_replaces():
    school = factories.school()
    first = support.categorise(
        school=school, level="targeted", reasons="Results fell.",
        decided_on=date(2025, 9, 1), review_on=None, by=None,
    )  # fmt: skip
    SupportCategorisation.objects.update(updated_at=LONG_AGO)

    support.categorise(
        school=school, level="universal", reasons="Recovered.",
        decided_on=date(2026, 9, 1), review_on=None, by=None,
    )  # fmt: skip

    first.refresh_from_db()
    assert first.updated_at > LONG_AGO


def test_completing_a_visit_action_touches_the_visit():
    school = factories.school()
    visit = factories.link_visit(school=school, inspector=factories.link_inspector())
    action = visit.actions.create(description="Attendance plan")
    LinkVisit.objects.update(updated_at=LONG_AGO)

    visits.action_complete(action=action, on=timezone.localdate())

    visit.refresh_from_db()
    assert visit.updated_at > LONG_AGO


def test_an_improvement_action_touches_its_inspection_and_its_notice():
    inspection = factories.la_inspection()
    notice = ImprovementNotice.objects.create(issued_on=date(2019, 6, 1))
    LAInspection.objects.update(updated_at=LONG_AGO)
    ImprovementNotice.objects.update(updated_at=LONG_AGO)

    action = la.action_add(recommendation="Stable workforce.", inspection=inspection)
    la.action_add(recommendation="Practice audits.", notice=notice)

    assert LAInspection.objects.get().updated_at > LONG_AGO
    assert ImprovementNotice.objects.get().updated_at > LONG_AGO
    LAInspection.objects.update(updated_at=LONG_AGO)
    la.action_update(action=action, status="done", completed_on=timezone.localdate())
    assert LAInspection.objects.get().updated_at > LONG_AGO


def test_ending_a_stale_copy_of_an_assignment_cannot_undo_a_handover():
    school = factories.school()
    before, after = factories.link_inspector(), factories.link_inspector()
    stale = factories.link_assignment(school=school, inspector=before, starts_on=date(2024, 9, 1))
    link.assign(school=school, inspector=after, starts_on=date(2026, 11, 1))  # ends `stale`

    with pytest.raises(ValidationError):
        link.end_assignment(assignment=stale, ends_on=date(2026, 12, 31))

    current = LinkInspectorAssignment.objects.current(date(2026, 12, 1)).filter(school=school)
    assert [a.inspector for a in current] == [after]
