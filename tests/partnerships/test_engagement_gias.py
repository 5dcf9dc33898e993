"""Engagement over a real GIAS extract: every kind of school appears, with zero
figures before anything has happened, and the cost does not grow with the register."""

from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.engagement import engagement_for_schools
from schools.categories import Category
from schools.gias import import_gias_file
from schools.models import School

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "gias"
SURREY_2021 = DATA / "surrey_936_open_establishments_2021-04.csv"


def test_every_kind_of_school_appears_with_zero_figures_in_constant_queries():
    import_gias_file(SURREY_2021)
    schools = School.objects.order_by("urn")
    kinds = Counter(schools.values_list("category", flat=True))
    assert {Category.MAINTAINED, Category.ACADEMY, Category.FREE, Category.INDEPENDENT,
            Category.FE} <= set(kinds)  # fmt: skip

    everyone = list(schools)
    with CaptureQueriesContext(connection) as few:
        some = engagement_for_schools(everyone[:5])
    with CaptureQueriesContext(connection) as all_of_them:
        figures = engagement_for_schools(everyone)

    assert len(figures) == len(everyone) > 500
    assert len(all_of_them) == len(few)
    for kind in kinds:
        school = next(s for s in everyone if s.category == kind)
        row = figures[school.pk]
        assert (row.last.invited, row.previous.invited, row.visits_last, row.open_actions) == (
            0, 0, 0, 0,
        )  # fmt: skip
        assert row.memberships == [] and row.last.rate is None
    assert len(some) == 5
