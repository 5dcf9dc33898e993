"""A small world of API data: schools with their people, a body with members, a
series, meetings with agenda, decisions, actions, attendance and papers; the school's
Ofsted inspection with its graded areas, its link inspector, a link visit and support
level; the council's own inspection and an improvement notice, each with an action."""

from datetime import date, timedelta

from inspections.models import ImprovementAction, ImprovementNotice, SupportCategorisation
from meetings.models import Action, AgendaItem, Decision, Invitation, Paper
from partnerships.models import Membership, PartnerAgency
from tests import factories
from tests.meetings.test_public_page import paper
from tests.partnerships import body, meeting, series


def build() -> dict:
    school = factories.school(urn=100001, name="Alder Primary")
    factories.headship(school=school, person=factories.person(email="head@alder.example"))
    factories.governor(school=school, person=factories.person(email="chair@alder.example"))
    police = PartnerAgency.objects.create(name="Metropolitan Police", kind="police")
    conference = body(name="Primary headteachers' conference", quorum=3)
    Membership.objects.create(body=conference, school=school)
    Membership.objects.create(body=conference, agency=police)
    Membership.objects.create(body=conference, person=factories.person(), role="chair")
    rhythm = series(body=conference)
    owner = factories.person(email="owner@council.example")
    invitee = factories.person()
    held = meeting(series=rhythm, invite=[invitee, owner])
    item = AgendaItem.objects.create(meeting=held, position=1, title="Budget", owner=owner)
    Decision.objects.create(
        agenda_item=item, resolution="The budget was agreed.", decided_on=held.starts_at.date()
    )
    Action.objects.create(
        meeting=held, agenda_item=item, description="Write to schools", owner=owner,
        due_on=held.starts_at.date() + timedelta(days=14),
    )  # fmt: skip
    paper(held, "Budget report", item=item)
    paper(held, "Confidential annex", access=Paper.Access.CONFIDENTIAL)

    inspection = factories.school_inspection(
        school=school, started_on=date(2025, 3, 4), overall_effectiveness="good",
        judgements={"quality_of_education": "good", "leadership_and_management": "good"},
    )  # fmt: skip
    la_inspection = factories.la_inspection(
        started_on=date(2024, 1, 15), overall_effectiveness="good",
        judgements={"leaders": "good", "care_leavers": "requires_improvement"},
    )  # fmt: skip
    ImprovementAction.objects.create(
        inspection=la_inspection, recommendation="Improve pathway plans", owner=owner,
        due_on=date(2024, 12, 1),
    )  # fmt: skip
    notice = ImprovementNotice.objects.create(issued_on=date(2019, 6, 1), summary="Social care")
    ImprovementAction.objects.create(notice=notice, recommendation="Stabilise the workforce")
    inspector = factories.link_inspector(email="inspector@council.example")
    assignment = factories.link_assignment(school=school, inspector=inspector)
    visit = factories.link_visit(school=school, inspector=inspector)
    visit.actions.create(description="Share the attendance plan", owner=owner)
    support = SupportCategorisation.objects.create(
        school=school, level=SupportCategorisation.Level.TARGETED, reasons="Falling results",
        decided_on=date(2026, 9, 1),
    )  # fmt: skip
    return {
        "school": school, "agency": police, "body": conference, "series": rhythm,
        "meeting": held, "item": item, "owner": owner,
        "invitation": Invitation.objects.get(meeting=held, person=invitee),
        "inspection": inspection, "la_inspection": la_inspection, "notice": notice,
        "assignment": assignment, "visit": visit, "support": support,
    }  # fmt: skip
