"""partnerships.picture: the one assembly of figures behind the public page and the
report to scrutiny, equal to the officer pages' figures for the same data."""

from datetime import date

import pytest

from inspections.grades import Framework
from meetings.models import MeetingSeries
from partnerships import picture
from partnerships.models import (
    AgencyContact,
    Body,
    ContactResponsibility,
    ContactRule,
    Membership,
    PartnerAgency,
    SchoolContact,
)
from schools.categories import Category
from schools.models import GovernorAppointment
from tests import factories

pytestmark = pytest.mark.django_db


def series(body, **fields):
    fields.setdefault("title", body.name)
    fields.setdefault("venue", "Town Hall")
    return MeetingSeries.objects.create(body=body, **fields)


def graded(school, grade, started_on=date(2023, 3, 1)):
    return factories.school_inspection(
        school=school, framework=Framework.GRADED, overall_effectiveness=grade,
        started_on=started_on,
    )  # fmt: skip


def borough(n: int, *, inspector=None) -> list:
    """n open state-funded schools of the borough with heads, chairs, outcomes and
    (every other one) a link inspector; an independent school and a college beside."""
    grades = ["outstanding", "good", "good", "requires_improvement", "inadequate"]
    schools = []
    for i in range(n):
        school = factories.school(phase="Secondary" if i % 3 == 0 else "Primary")
        factories.headship(school=school, person=factories.person())
        factories.governor(
            school=school, person=factories.person(), role=GovernorAppointment.Role.CHAIR
        )
        if i % 5 != 4:
            graded(school, grades[i % 5])
        if inspector and i % 2 == 0:
            factories.link_assignment(school=school, inspector=inspector)
        schools.append(school)
    factories.school(category=Category.INDEPENDENT)
    factories.school(category=Category.FE, phase="16 plus")
    return schools


# --- How often and who attends ------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"cadence": MeetingSeries.Cadence.TERMLY}, "Termly"),
        ({"cadence": MeetingSeries.Cadence.TIMES_A_YEAR, "times_a_year": 3}, "3 times a year"),
        ({"cadence": MeetingSeries.Cadence.TIMES_A_YEAR, "times_a_year": 2}, "Twice a year"),
        ({"cadence": MeetingSeries.Cadence.TIMES_A_YEAR, "times_a_year": 1}, "Once a year"),
        (
            {"cadence": MeetingSeries.Cadence.ANNUAL, "annual_term": "summer"},
            "Once a year, in the summer term",
        ),
    ],
)
def test_how_often_says_the_cadence_in_the_councils_words(fields, words):
    assert MeetingSeries(**fields).how_often == words


def test_bodies_say_who_attends_by_role_and_agencies_by_name():
    officer = factories.officer(first_name="Olive", last_name="Runner")
    executive = Body.objects.create(
        name="Headteacher Standing Conference Executive", kind=Body.Kind.STANDING_CONFERENCE,
        purpose="Heads' representatives meet senior officers.",
    )  # fmt: skip
    executive.run_by.add(officer)
    series(executive, cadence=MeetingSeries.Cadence.TIMES_A_YEAR, times_a_year=3)
    for phase in ["Primary", "Secondary"]:
        Membership.objects.create(body=executive, school=factories.school(phase=phase))
    primary = Body.objects.create(
        name="Primary headteachers' conference", kind=Body.Kind.PHASE_CONFERENCE, phase="Primary"
    )
    series(primary, audience=MeetingSeries.Audience.PHASE_HEADS)
    briefing = Body.objects.create(name="Governors' briefing", kind=Body.Kind.GOVERNORS_BRIEFING)
    series(briefing, audience=MeetingSeries.Audience.CHAIRS_AND_VICE_CHAIRS)
    partnership = Body.objects.create(
        name="Secondary Behaviour Partnership", kind=Body.Kind.PARTNERSHIP
    )
    series(partnership)
    police = PartnerAgency.objects.create(name="Borough Police", kind=PartnerAgency.Kind.POLICE)
    courts = PartnerAgency.objects.create(name="Youth Court", kind=PartnerAgency.Kind.COURTS)
    AgencyContact.objects.create(agency=police, person=factories.person(first_name="Pat"))
    for agency in (police, courts):
        Membership.objects.create(body=partnership, agency=agency)

    bodies = {b.name: b for b in picture.standing_bodies()}

    assert bodies["Headteacher Standing Conference Executive"].attendees == [
        "Headteachers of 2 member schools (primary and secondary)",
        "Children's Services officers, who run its meetings",
    ]
    assert bodies["Headteacher Standing Conference Executive"].how_often == "3 times a year"
    assert bodies["Primary headteachers' conference"].attendees == [
        "Headteachers of the borough's primary schools"
    ]
    assert bodies["Governors' briefing"].attendees == ["Chairs and vice-chairs of governing bodies"]
    partners = bodies["Secondary Behaviour Partnership"]
    assert partners.is_partnership
    assert partners.attendees == ["Representatives of partner agencies: Police and Courts"]
    assert [(a.name, a.kind) for a in partners.agencies] == [
        ("Borough Police", "Police"),
        ("Youth Court", "Courts"),
    ]
    # Kinds in the council's order: conferences, phase conferences, briefings, partnerships.
    assert list(bodies) == [
        "Headteacher Standing Conference Executive",
        "Primary headteachers' conference",
        "Governors' briefing",
        "Secondary Behaviour Partnership",
    ]


def test_paused_series_and_working_groups_do_not_count():
    body = Body.objects.create(name="Annual meeting", kind=Body.Kind.CABINET_MEMBER_MEETING)
    MeetingSeries.objects.create(
        body=body, title="Paused", paused=True, venue="x",
        cadence=MeetingSeries.Cadence.ANNUAL, annual_term="summer",
    )  # fmt: skip
    Body.objects.create(name="Task and finish group", kind=Body.Kind.WORKING_GROUP)

    bodies = picture.standing_bodies()

    assert [b.name for b in bodies] == ["Annual meeting"]
    assert bodies[0].how_often == picture.NO_MEETINGS


def test_former_members_are_not_counted():
    body = Body.objects.create(name="Executive", kind=Body.Kind.STANDING_CONFERENCE)
    Membership.objects.create(body=body, school=factories.school(), ends_on=date(2024, 8, 31))

    assert picture.standing_bodies()[0].member_schools == 0


def test_standing_bodies_take_three_queries_whatever_their_number(django_assert_num_queries):
    for n in range(6):
        body = Body.objects.create(name=f"Conference {n}", kind=Body.Kind.PHASE_CONFERENCE)
        series(body, audience=MeetingSeries.Audience.PHASE_HEADS)
        Membership.objects.create(body=body, school=factories.school())

    with django_assert_num_queries(3):
        picture.standing_bodies()


# --- Figures equal to the officer pages' ----------------------------------------------------


def test_outcome_shares_equal_the_inspection_dashboards(client):
    borough(12)
    client.force_login(factories.officer())
    dashboard = client.get("/inspections/").context

    shown = picture.ofsted_outcomes()

    assert shown.denominator == dashboard["borough"].total == 12
    assert shown.with_overall_grade == dashboard["borough"].with_overall_grade
    assert [(s.key, s.count, s.percent, s.percent_of_graded) for s in shown.shares] == [
        (c["key"], c["count"], c["percent"], c["percent_of_graded"])
        for c in dashboard["borough"].cells()
    ]
    assert shown.outstanding.percent == dashboard["headline"]["outstanding"]
    assert shown.good.percent == dashboard["headline"]["good"]


def test_outcome_shares_as_at_a_past_date_equal_the_dashboards_year_row(client):
    schools = borough(5)
    graded(schools[4], "good", started_on=date(2026, 10, 1))  # after 31 August 2026
    client.force_login(factories.officer())
    rows = client.get("/inspections/").context["years_chart_rows"]
    year_row = next(r for r in rows if r.on == date(2026, 8, 31))

    shown = picture.ofsted_outcomes(date(2026, 8, 31))

    assert [s.count for s in shown.shares] == [
        year_row.counts[key] for key, _ in picture.outcomes.BUCKETS
    ]


def test_link_coverage_equals_the_coverage_page(client):
    inspector = factories.link_inspector()
    borough(7, inspector=inspector)
    client.force_login(factories.officer())
    counts = client.get("/inspections/link/").context["counts"]

    coverage = picture.link_coverage()

    assert (coverage.entitled, coverage.covered, coverage.uncovered) == (
        counts["entitled"], counts["covered"], counts["uncovered"]
    ) == (7, 4, 3)  # fmt: skip


# --- Published contacts ----------------------------------------------------------------------


def test_only_published_contacts_are_named_and_a_schools_own_contact_wins():
    schools = [factories.school(name=f"School {c}") for c in "ABC"]
    published = factories.officer(first_name="Ama", last_name="Published")
    hidden = factories.officer(first_name="Una", last_name="Hidden")
    ContactRule.objects.create(
        responsibility=ContactResponsibility.ADMISSIONS, officer=published, publish=True
    )
    ContactRule.objects.create(responsibility=ContactResponsibility.SEND, officer=hidden)
    # School C has its own admissions contact, not published: nobody is named for it.
    SchoolContact.objects.create(
        school=schools[2], responsibility=ContactResponsibility.ADMISSIONS, officer=hidden
    )

    contacts = picture.published_contacts()

    assert [(c.responsibility, c.name, c.schools, c.all_schools) for c in contacts] == [
        ("Admissions", "Ama Published", ["School A", "School B"], False)
    ]


# --- Engagement ----------------------------------------------------------------------------


def test_engagement_totals_are_the_sum_of_the_schools():
    from partnerships import engagement

    schools = borough(3)
    rows = engagement.attendance_for_schools(schools)

    totals = picture.engagement_totals(schools=schools)

    assert totals.schools == 3
    assert totals.last.invited == sum(r.last.invited for r in rows.values())
    assert totals.fell == []
