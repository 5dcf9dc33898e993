"""The demo's link inspection data: the fixed people see what the README promises."""

import pytest

from inspections import link
from inspections.link_demo import seed_link_inspection
from inspections.models import LinkInspectorAssignment, LinkVisit, SupportCategorisation
from schools.categories import Category
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_inspector_a_caseload_and_the_head_a_shared_visit():
    schools = [factories.school(phase="Primary") for _ in range(40)]
    hill_house = factories.school(name="Hill House", category=Category.INDEPENDENT)
    inspector, head = factories.link_inspector(), factories.person()
    factories.headship(school=schools[7], person=head)

    added = seed_link_inspection(inspector=inspector, head=head)

    mine = LinkInspectorAssignment.objects.current().filter(inspector=inspector)
    assert mine.count() == 20
    assert mine.filter(school=schools[7]).exists()
    assert LinkVisit.objects.filter(school=schools[7], shared_at__isnull=False).exists()
    assert link.coverage_counts()["uncovered"] == 4
    assert not LinkInspectorAssignment.objects.filter(school=hill_house).exists()
    assert LinkVisit.objects.filter(school=hill_house, purpose="other").exists()
    assert SupportCategorisation.objects.filter(level="intensive").count() == 2
    assert added["visits"] == LinkVisit.objects.count()

    assert seed_link_inspection(inspector=inspector, head=head)["visits"] == 0
    assert LinkVisit.objects.count() == added["visits"]
