"""A small world of API data: schools with their people, a body with members, a
series, meetings with agenda, decisions, actions, attendance and papers."""

from datetime import timedelta

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
    return {
        "school": school, "agency": police, "body": conference, "series": rhythm,
        "meeting": held, "item": item, "owner": owner,
        "invitation": Invitation.objects.get(meeting=held, person=invitee),
    }  # fmt: skip
