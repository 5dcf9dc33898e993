"""`make run` loads the demo borough with `seed_demo`: every page a demo person opens
shows real rows, and loading it again adds nothing."""

import re

import pytest
from django.core.management import call_command

from accounts.models import User
from inspections.models import LinkVisit, SchoolInspection
from meetings.models import Meeting
from schools.models import School

pytestmark = pytest.mark.django_db

# (path, text the demo's data puts on the page)
OFFICER_PAGES = [
    ("/schools/", "Primary"),
    ("/schools/places/", "Surplus"),
    ("/schools/engagement/", "attendance"),
    ("/service-areas/", "School Improvement"),
    ("/contacts/", "Admissions"),
    ("/inspections/", "Outstanding"),
    ("/inspections/link/", "caseload"),
    ("/inspections/support/", "Intensive"),
    ("/inspections/la/", "Improvement notice"),
    ("/meetings/", "Executive"),
    ("/reports/scrutiny/", "Decisions"),
    ("/working-with-schools/", "Police"),
]


def table_rows(html: str) -> int:
    return len(re.findall(r'<tr class="govuk-table__row', html))


@pytest.fixture
def demo_borough():
    call_command("seed_demo", password="demo-password-1")


def test_every_officer_page_of_the_demo_shows_rows(client, demo_borough):
    client.force_login(User.objects.get(email="officer@demo.test"))
    empty = []
    for path, text in OFFICER_PAGES:
        response = client.get(path)
        html = response.content.decode()
        if response.status_code != 200 or text.lower() not in html.lower() or table_rows(html) < 2:
            empty.append((path, response.status_code, text, table_rows(html)))
    assert empty == []


def test_the_demo_head_and_governor_see_their_own_things(client, demo_borough):
    client.force_login(User.objects.get(email="head@demo.test"))
    home = client.get("/").content.decode()
    assert "Your council contacts" in home
    assert table_rows(client.get("/calendar/").content.decode()) > 1

    client.force_login(User.objects.get(email="inspector@demo.test"))
    assert table_rows(client.get("/inspections/link/mine/").content.decode()) > 1


def test_loading_the_demo_twice_adds_no_schools_inspections_visits_or_meetings(demo_borough):
    counts = [M.objects.count() for M in (School, SchoolInspection, LinkVisit, Meeting, User)]

    call_command("seed_demo", password="demo-password-1")

    assert [M.objects.count() for M in (School, SchoolInspection, LinkVisit, Meeting, User)] == (
        counts
    )
