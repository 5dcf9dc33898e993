"""The big lists skip building their FilterSet when a call names none of its filters;
any of its parameters, even empty or wrong, still goes through it."""

import django_filters
import pytest
from django import forms

from council_portal.pagination import _query_names
from meetings.selectors import MeetingFilter
from schools.filters import SchoolFilter
from schools.models import School
from tests import factories
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db


def test_the_parameters_of_the_lists_filters_are_all_known():
    assert _query_names(SchoolFilter) == set(SchoolFilter.base_filters)
    assert _query_names(MeetingFilter) == set(MeetingFilter.base_filters)


def test_a_filter_that_reads_a_missing_parameter_as_a_value_keeps_the_filterset():
    class Ticked(django_filters.FilterSet):
        closed = django_filters.BooleanFilter(widget=forms.CheckboxInput)

        class Meta:
            model = School
            fields = ["closed"]

    assert _query_names(Ticked) is None


@pytest.fixture
def key():
    return bearer(api_key())


def test_a_wrong_filter_value_is_still_a_400(client, key):
    response = client.get("/api/v1/schools/", {"updated_since": "yesterday"}, **key)

    assert response.status_code == 400


def test_without_filters_every_school_is_listed_and_with_one_only_its_matches(client, key):
    factories.school(name="Alder Primary School")
    factories.school(name="Birch Academy")

    everyone = client.get("/api/v1/schools/", {"page_size": 10}, **key).json()["results"]
    found = client.get("/api/v1/schools/", {"q": "birch"}, **key).json()["results"]

    assert {s["name"] for s in everyone} == {"Alder Primary School", "Birch Academy"}
    assert [s["name"] for s in found] == ["Birch Academy"]
